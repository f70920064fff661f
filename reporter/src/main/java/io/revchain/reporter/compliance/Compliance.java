package io.revchain.reporter.compliance;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.EventSchema;
import io.revchain.event.TargetVerdict;
import io.revchain.reporter.model.OrgView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Decides each target's verdict. Latency must be strictly below its target, throughput and cache hit rate strictly
 * above theirs (the requirements say "&lt; 5 ms", "&gt; 100 events/s", "&gt; 85%"), and constitutional compliance
 * at least its target (100% is reachable).
 *
 * <p>No verdict from nothing: a value computed from fewer samples than the target needs ({@link
 * Targets#minSamples()} latency samples, verified events or re-scan lookups; one migration for compliance), or not
 * computed at all ({@code NaN}), is {@link TargetVerdict#NOT_ENOUGH_DATA}. A throughput window in which nothing was
 * verified is {@link TargetVerdict#IDLE}: a quiet organisation has not shown a lack of capacity.
 */
public final class Compliance {
    private Compliance() {}

    /** Target name of the p99 verification latency (marker published to verdict), in milliseconds. */
    public static final String P99_VERIFICATION_MS = "p99-verification-ms";
    /** Target name of the p99 end-to-end latency (marker published to report received), in milliseconds. */
    public static final String P99_END_TO_END_MS = "p99-end-to-end-ms";
    /** Target name of the sustained throughput, verified events per busy second. */
    public static final String THROUGHPUT_PER_SEC = "throughput-per-sec";
    /** Target name of the parse-cache hit rate over re-scans, 0..1. */
    public static final String CACHE_HIT_RATE = "cache-hit-rate";
    /** Target name of the share of migrations carrying the constitutional hash, 0..1. */
    public static final String CONSTITUTIONAL_COMPLIANCE = "constitutional-compliance";

    /** Every target name, in the order {@link #evaluate} lists them. */
    public static final List<String> NAMES = List.of(
            P99_VERIFICATION_MS, P99_END_TO_END_MS, THROUGHPUT_PER_SEC, CACHE_HIT_RATE, CONSTITUTIONAL_COMPLIANCE);

    /** The verdict on {@code measured} from {@code samples} samples, of which the target needs {@code min}. */
    public static TargetVerdict verdict(double measured, Comparison c, double target, long samples, long min) {
        if (samples < min || Double.isNaN(measured)) {
            return TargetVerdict.NOT_ENOUGH_DATA;
        }
        return c.holds(measured, target) ? TargetVerdict.PASS : TargetVerdict.FAIL;
    }

    /** Every target, measured against what is required, in the order of {@link #NAMES}. */
    public static List<ComplianceTarget> evaluate(Measurements m, Targets t) {
        long window = t.window().toSeconds();
        String initial = initialScan(m.initialScan());
        return List.of(
                latency(P99_VERIFICATION_MS, m.verification(), t.p99LatencyMs(), t, initial),
                latency(P99_END_TO_END_MS, m.endToEnd(), t.endToEndP99Ms(), t, initial),
                throughput(m, t, window),
                cache(m.cache(), t, window),
                hash(m.hash(), t));
    }

    private static ComplianceTarget latency(String name, Measurements.Latency l, double target, Targets t, String ini) {
        TargetVerdict v = verdict(l.p99Ms(), Comparison.LESS, target, l.samples(), t.minSamples());
        String detail = sample(v, l.samples(), t.minSamples(), "reports") + "; " + ini;
        return ComplianceTarget.judged(
                name,
                l.p99Ms(),
                Comparison.LESS,
                target,
                v,
                l.samples(),
                t.minSamples(),
                t.window().toSeconds(),
                detail);
    }

    private static ComplianceTarget throughput(Measurements m, Targets t, long window) {
        BusyThroughput.Reading r = m.throughput();
        String arrivals = "arrivals " + rate(m.arrivalPerSec());
        if (r.idle()) {
            String last = Double.isNaN(r.lastBusyPerSec()) ? "never busy" : "last busy: " + rate(r.lastBusyPerSec());
            return ComplianceTarget.judged(
                    THROUGHPUT_PER_SEC,
                    Double.NaN,
                    Comparison.GREATER,
                    t.throughputPerSec(),
                    TargetVerdict.IDLE,
                    0,
                    t.minSamples(),
                    window,
                    "idle (" + last + "); " + arrivals);
        }
        TargetVerdict v = verdict(r.perSecond(), Comparison.GREATER, t.throughputPerSec(), r.events(), t.minSamples());
        String detail = sample(v, r.events(), t.minSamples(), "verified events")
                + String.format(Locale.ROOT, " in %.3f s busy; ", r.busySeconds())
                + arrivals;
        return ComplianceTarget.judged(
                THROUGHPUT_PER_SEC,
                r.perSecond(),
                Comparison.GREATER,
                t.throughputPerSec(),
                v,
                r.events(),
                t.minSamples(),
                window,
                detail);
    }

    private static ComplianceTarget cache(CacheWindow.Reading c, Targets t, long window) {
        TargetVerdict v = verdict(c.hitRate(), Comparison.GREATER, t.cacheHitRate(), c.lookups(), t.minSamples());
        String detail = sample(v, c.lookups(), t.minSamples(), "re-scan lookups") + " (" + c.hits()
                + " hits); cold lookups apart: " + c.cold();
        return ComplianceTarget.judged(
                CACHE_HIT_RATE,
                c.hitRate(),
                Comparison.GREATER,
                t.cacheHitRate(),
                v,
                c.lookups(),
                t.minSamples(),
                window,
                detail);
    }

    private static ComplianceTarget hash(HashCompliance h, Targets t) {
        TargetVerdict v = verdict(h.share(), Comparison.AT_LEAST, t.constitutionalCompliance(), h.migrations(), 1);
        String detail = h.carrying() + " of " + h.migrations() + " migrations carry the hash in "
                + h.byRepo().size() + " repositories under the hash policy";
        return ComplianceTarget.judged(
                CONSTITUTIONAL_COMPLIANCE,
                h.share(),
                Comparison.AT_LEAST,
                t.constitutionalCompliance(),
                v,
                h.migrations(),
                1,
                0,
                detail);
    }

    private static String sample(TargetVerdict v, long samples, long min, String what) {
        return v == TargetVerdict.NOT_ENOUGH_DATA
                ? "not enough data: " + samples + " of the " + min + " " + what + " needed"
                : samples + " " + what;
    }

    /** "initial scan: N files in T s", or that there was none. */
    public static String initialScan(ComplianceSnapshot.InitialScan s) {
        if (s == null || s.reports() == 0) {
            return "no initial scan seen";
        }
        return String.format(
                Locale.ROOT,
                "initial scan: %d files in %.1f s (%d reports, excluded)",
                s.files(),
                s.seconds(),
                s.reports());
    }

    private static String rate(double perSec) {
        if (Double.isNaN(perSec)) {
            return "–";
        }
        return String.format(Locale.ROOT, perSec < 10 ? "%.1f/s" : "%.0f/s", perSec);
    }

    /** The snapshot published on {@code revchain.compliance} for this picture and these measurements. */
    public static ComplianceSnapshot snapshot(Instant at, OrgView view, Measurements m, Targets t) {
        List<ComplianceTarget> targets = evaluate(m, t);
        return new ComplianceSnapshot(
                EventSchema.CURRENT,
                at,
                view.repos(),
                view.healthyShare(),
                view.findingsByCheck(),
                m.endToEnd().p99Ms(),
                m.throughput().perSecond(),
                m.cache().hitRate(),
                m.hash().share(),
                targets,
                m.verification().p99Ms(),
                m.arrivalPerSec(),
                m.cache().cold(),
                m.initialScan(),
                m.hash().byRepo());
    }

    /** Hits over lookups, or {@code NaN} when there was no lookup. */
    public static double hitRate(long hits, long misses) {
        long lookups = hits + misses;
        return lookups <= 0 ? Double.NaN : (double) hits / lookups;
    }
}
