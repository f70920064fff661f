package io.revchain.reporter.compliance;

import io.revchain.event.HealthReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the timing a {@link HealthReport} carries.
 *
 * <p>The verification latency runs from the commit's marker published to the analyzer's verdict
 * ({@code analyzedAt}). The end-to-end latency starts when ingest published the commit's marker ({@code publishedAt}); when a report
 * lacks it, when ingest finished scanning ({@code scannedAt}); it ends when the report reaches the reporter. A
 * report that carries neither has no latency, and neither has one that arrives before it started (the clocks of
 * two hosts disagree): such a sample would be a lie either way.
 *
 * <p>Reports that started before the reporter did are history replayed from the compacted topic: they build the
 * picture but are neither latency nor throughput samples, or every restart would report the age of the topic.
 */
public final class Timing {
    private Timing() {}

    /** When the pipeline started working on this report's commit, if the report says. */
    public static Optional<Instant> start(HealthReport r) {
        return Optional.ofNullable(r.publishedAt() != null ? r.publishedAt() : r.scannedAt());
    }

    /** The end-to-end latency of {@code r} arriving at {@code arrival}, if it can be known. */
    public static Optional<Duration> endToEnd(HealthReport r, Instant arrival) {
        return start(r).filter(s -> !arrival.isBefore(s)).map(s -> Duration.between(s, arrival));
    }

    /**
     * The verification latency of {@code r}: from the commit's marker published (the change handed to the analyzer)
     * to its verdict produced, if it can be known. The analyzer does not stamp when it consumed the marker, so the
     * broker's hop from ingest to the analyzer is in it.
     */
    public static Optional<Duration> verification(HealthReport r) {
        return start(r).filter(s -> !r.analyzedAt().isBefore(s)).map(s -> Duration.between(s, r.analyzedAt()));
    }

    /** Whether {@code r} is live traffic for a reporter running since {@code liveSince} (not replayed history). */
    public static boolean isLive(HealthReport r, Instant liveSince) {
        return !start(r).orElse(r.analyzedAt()).isBefore(liveSince);
    }
}
