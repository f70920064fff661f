package io.revchain.reporter.compliance;

import java.time.Duration;
import java.util.Objects;

/**
 * What the organisation must achieve, and how much evidence a verdict needs. Defaults are the ACGS-2 performance
 * requirements: p99 verification latency under 5 ms, more than 100 events/s sustained, a parse-cache hit rate
 * above 85% over re-scans, and every migration carrying the constitutional hash; the end-to-end latency (ingest
 * publish to report, three Kafka hops) has its own target of 100 ms.
 *
 * @param p99LatencyMs             p99 verification latency must be strictly below this, in milliseconds
 * @param throughputPerSec         sustained throughput must be strictly above this
 * @param cacheHitRate             re-scan cache hit rate must be strictly above this, 0..1
 * @param constitutionalCompliance the share of migrations carrying the hash must be at least this, 0..1
 * @param endToEndP99Ms            p99 end-to-end latency must be strictly below this, in milliseconds
 * @param window                   the rolling window latency, throughput and cache hit rate are measured over
 * @param minSamples               latency samples, verified events and re-scan lookups a verdict needs in the
 *                                 window (below it: not enough data); 100 by default, the fewest samples whose
 *                                 p99 is not simply their maximum
 */
public record Targets(
        double p99LatencyMs,
        double throughputPerSec,
        double cacheHitRate,
        double constitutionalCompliance,
        double endToEndP99Ms,
        Duration window,
        int minSamples) {

    /** The default end-to-end target, in milliseconds. */
    public static final double DEFAULT_END_TO_END_P99_MS = 100.0;
    /** The default rolling window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** The default minimum sample. */
    public static final int DEFAULT_MIN_SAMPLES = 100;

    public Targets {
        requireNonNegative("p99LatencyMs", p99LatencyMs);
        requireNonNegative("throughputPerSec", throughputPerSec);
        requireRatio("cacheHitRate", cacheHitRate);
        requireRatio("constitutionalCompliance", constitutionalCompliance);
        requireNonNegative("endToEndP99Ms", endToEndP99Ms);
        Objects.requireNonNull(window, "window");
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("the targets' window must be at least one second: " + window);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("a verdict needs at least one sample: " + minSamples);
        }
    }

    /** These four targets with the default end-to-end target, window and minimum sample. */
    public Targets(double p99LatencyMs, double throughputPerSec, double cacheHitRate, double constitutionalCompliance) {
        this(
                p99LatencyMs,
                throughputPerSec,
                cacheHitRate,
                constitutionalCompliance,
                DEFAULT_END_TO_END_P99_MS,
                DEFAULT_WINDOW,
                DEFAULT_MIN_SAMPLES);
    }

    /** p99 &lt; 5 ms, &gt; 100 events/s, cache hit rate &gt; 85%, constitutional compliance 100%, end to end &lt; 100 ms. */
    public static Targets defaults() {
        return new Targets(5.0, 100.0, 0.85, 1.0);
    }

    public Targets withP99LatencyMs(double v) {
        return new Targets(
                v, throughputPerSec, cacheHitRate, constitutionalCompliance, endToEndP99Ms, window, minSamples);
    }

    public Targets withThroughputPerSec(double v) {
        return new Targets(p99LatencyMs, v, cacheHitRate, constitutionalCompliance, endToEndP99Ms, window, minSamples);
    }

    public Targets withCacheHitRate(double v) {
        return new Targets(
                p99LatencyMs, throughputPerSec, v, constitutionalCompliance, endToEndP99Ms, window, minSamples);
    }

    public Targets withConstitutionalCompliance(double v) {
        return new Targets(p99LatencyMs, throughputPerSec, cacheHitRate, v, endToEndP99Ms, window, minSamples);
    }

    public Targets withEndToEndP99Ms(double v) {
        return new Targets(
                p99LatencyMs, throughputPerSec, cacheHitRate, constitutionalCompliance, v, window, minSamples);
    }

    public Targets withWindow(Duration v) {
        return new Targets(
                p99LatencyMs, throughputPerSec, cacheHitRate, constitutionalCompliance, endToEndP99Ms, v, minSamples);
    }

    public Targets withMinSamples(int v) {
        return new Targets(
                p99LatencyMs, throughputPerSec, cacheHitRate, constitutionalCompliance, endToEndP99Ms, window, v);
    }

    private static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("target " + name + " must be a finite number >= 0: " + v);
        }
    }

    private static void requireRatio(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("target " + name + " must be a ratio between 0 and 1: " + v);
        }
    }
}
