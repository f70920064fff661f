package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param p99LatencyMs             p99 end-to-end latency, ingest publish to health report, in milliseconds, over
 *                                 the steady window (a repository's first scan left out)
 * @param throughputPerSec         sustained verified events per second of busy time (time in which the analyzer
 *                                 had work queued or in hand); {@code NaN} when the window was idle
 * @param cacheHitRate             parse-cache hit rate over re-scan lookups (a blob's first sight left out), 0..1
 * @param constitutionalCompliance share of migration files carrying the constitutional hash, 0..1, over the
 *                                 repositories whose policy asks for it
 * @param targets                  each measured value against its target
 * @param verificationP99Ms        p99 verification latency (the commit's marker published to its verdict), in
 *                                 milliseconds, over the steady window; {@code null} in older snapshots
 * @param arrivalPerSec            health reports arriving per second over the trailing rate window; {@code null} in
 *                                 older snapshots
 * @param coldLookups              parse-cache lookups of blobs seen for the first time in the cache window (they
 *                                 cannot hit, so the hit rate leaves them out); {@code null} in older snapshots
 * @param initialScan              the repositories' first scans, left out of the steady latencies; {@code null} in
 *                                 older snapshots
 * @param complianceByRepo         constitutional compliance per repository whose policy asks for the hash, 0..1
 *                                 (sorted by id); {@code null} in older snapshots
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
        List<ComplianceTarget> targets,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double verificationP99Ms,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double arrivalPerSec,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long coldLookups,
        @JsonInclude(JsonInclude.Include.NON_NULL) InitialScan initialScan,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> complianceByRepo) {

    /**
     * The repositories' first full scans, measured apart from steady operation (a backlog: queueing, warm-up).
     *
     * @param reports health reports that belonged to a first scan
     * @param files   migration files (revisions) those reports covered
     * @param seconds from the earliest first-scan commit published to the last first-scan report received
     */
    public record InitialScan(long reports, long files, double seconds) {}

    public ComplianceSnapshot {
        Objects.requireNonNull(at, "at");
        // sorted so that equal snapshots serialise to equal bytes
        findingsByCheck =
                findingsByCheck == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(findingsByCheck));
        targets = targets == null ? List.of() : List.copyOf(targets);
        complianceByRepo =
                complianceByRepo == null ? null : Collections.unmodifiableMap(new TreeMap<>(complianceByRepo));
    }

    /** A snapshot as written before verdicts existed. */
    public ComplianceSnapshot(
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
        this(
                schema,
                at,
                repos,
                healthyShare,
                findingsByCheck,
                p99LatencyMs,
                throughputPerSec,
                cacheHitRate,
                constitutionalCompliance,
                targets,
                null,
                null,
                null,
                null,
                null);
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

    /** Whether some target fails (not enough data and idle are not failures). */
    public boolean anyFail() {
        return targets.stream().anyMatch(t -> t.verdictOrPass() == TargetVerdict.FAIL);
    }

    /** The target named {@code name}, if this snapshot has it. */
    public Optional<ComplianceTarget> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
