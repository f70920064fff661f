package io.revchain.event;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reporter's periodic picture of the whole organisation, on {@code revchain.compliance} (keyed by the
 * reporting instance's id).
 *
 * @param schema                   wire-format version ({@link EventSchema#CURRENT})
 * @param at                       when the snapshot was taken
 * @param repos                    how many repositories have a health report
 * @param healthyShare             share of them that are healthy, 0..1
 * @param findingsByCheck          open findings per check name (sorted by name)
 * @param p99LatencyMs             p99 end-to-end latency, ingest publish to health report, in milliseconds
 * @param throughputPerSec         migration events processed per second
 * @param cacheHitRate             parse-cache hit rate, 0..1
 * @param constitutionalCompliance share of migration files carrying the constitutional hash, 0..1
 * @param targets                  each measured value against its target
 */
public record ComplianceSnapshot(
        int schema,
        Instant at,
        int repos,
        double healthyShare,
        Map<String, Long> findingsByCheck,
        double p99LatencyMs,
        double throughputPerSec,
        double cacheHitRate,
        double constitutionalCompliance,
        List<ComplianceTarget> targets) {

    public ComplianceSnapshot {
        Objects.requireNonNull(at, "at");
        // sorted so that equal snapshots serialise to equal bytes
        findingsByCheck =
                findingsByCheck == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(findingsByCheck));
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The same snapshot at the current schema version. */
    public ComplianceSnapshot(
            Instant at,
            int repos,
            double healthyShare,
            Map<String, Long> findingsByCheck,
            double p99LatencyMs,
            double throughputPerSec,
            double cacheHitRate,
            double constitutionalCompliance,
            List<ComplianceTarget> targets) {
        this(
                EventSchema.CURRENT,
                at,
                repos,
                healthyShare,
                findingsByCheck,
                p99LatencyMs,
                throughputPerSec,
                cacheHitRate,
                constitutionalCompliance,
                targets);
    }

    /** Whether every target passes (and there is at least one). */
    public boolean allPass() {
        return !targets.isEmpty() && targets.stream().allMatch(ComplianceTarget::pass);
    }
}
