package io.revchain.reporter.compliance;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.reporter.model.OrgView;
import java.time.Instant;
import java.util.List;

/**
 * Decides pass or fail for each target: latency must be strictly below its target, throughput and cache hit rate
 * strictly above theirs (the requirements say "&lt; 5 ms", "&gt; 100 events/s", "&gt; 85%"), and constitutional
 * compliance at least its target (100% is reachable). A value that was not measured ({@code NaN}) fails.
 */
public final class Compliance {
    private Compliance() {}

    /** Target name of the p99 end-to-end latency, in milliseconds. */
    public static final String P99_LATENCY_MS = "p99-latency-ms";
    /** Target name of the throughput, events per second. */
    public static final String THROUGHPUT_PER_SEC = "throughput-per-sec";
    /** Target name of the parse-cache hit rate, 0..1. */
    public static final String CACHE_HIT_RATE = "cache-hit-rate";
    /** Target name of the share of migrations carrying the constitutional hash, 0..1. */
    public static final String CONSTITUTIONAL_COMPLIANCE = "constitutional-compliance";

    /** Every target, measured against what is required, in a fixed order. */
    public static List<ComplianceTarget> evaluate(Measurements m, Targets t) {
        return List.of(
                ComplianceTarget.of(P99_LATENCY_MS, m.p99LatencyMs(), Comparison.LESS, t.p99LatencyMs()),
                ComplianceTarget.of(THROUGHPUT_PER_SEC, m.throughputPerSec(), Comparison.GREATER, t.throughputPerSec()),
                ComplianceTarget.of(CACHE_HIT_RATE, m.cacheHitRate(), Comparison.GREATER, t.cacheHitRate()),
                ComplianceTarget.of(
                        CONSTITUTIONAL_COMPLIANCE,
                        m.constitutionalCompliance(),
                        Comparison.AT_LEAST,
                        t.constitutionalCompliance()));
    }

    /** The snapshot published on {@code revchain.compliance} for this picture and these measurements. */
    public static ComplianceSnapshot snapshot(Instant at, OrgView view, Measurements m, Targets t) {
        return new ComplianceSnapshot(
                at,
                view.repos(),
                view.healthyShare(),
                view.findingsByCheck(),
                m.p99LatencyMs(),
                m.throughputPerSec(),
                m.cacheHitRate(),
                m.constitutionalCompliance(),
                evaluate(m, t));
    }

    /** Hits over lookups, or {@code NaN} when there was no lookup. */
    public static double hitRate(long hits, long misses) {
        long lookups = hits + misses;
        return lookups <= 0 ? Double.NaN : (double) hits / lookups;
    }
}
