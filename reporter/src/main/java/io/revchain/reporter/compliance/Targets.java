package io.revchain.reporter.compliance;

/**
 * What the organisation must achieve. Defaults are the ACGS-2 performance requirements: p99 end-to-end latency
 * under 5 ms, more than 100 events/s, a parse-cache hit rate above 85%, and every migration carrying the
 * constitutional hash.
 *
 * @param p99LatencyMs             p99 latency must be strictly below this, in milliseconds
 * @param throughputPerSec         throughput must be strictly above this
 * @param cacheHitRate             cache hit rate must be strictly above this, 0..1
 * @param constitutionalCompliance the share of migrations carrying the hash must be at least this, 0..1
 */
public record Targets(
        double p99LatencyMs, double throughputPerSec, double cacheHitRate, double constitutionalCompliance) {

    public Targets {
        requireNonNegative("p99LatencyMs", p99LatencyMs);
        requireNonNegative("throughputPerSec", throughputPerSec);
        requireRatio("cacheHitRate", cacheHitRate);
        requireRatio("constitutionalCompliance", constitutionalCompliance);
    }

    /** p99 &lt; 5 ms, &gt; 100 events/s, cache hit rate &gt; 85%, constitutional compliance 100%. */
    public static Targets defaults() {
        return new Targets(5.0, 100.0, 0.85, 1.0);
    }

    public Targets withP99LatencyMs(double v) {
        return new Targets(v, throughputPerSec, cacheHitRate, constitutionalCompliance);
    }

    public Targets withThroughputPerSec(double v) {
        return new Targets(p99LatencyMs, v, cacheHitRate, constitutionalCompliance);
    }

    public Targets withCacheHitRate(double v) {
        return new Targets(p99LatencyMs, throughputPerSec, v, constitutionalCompliance);
    }

    public Targets withConstitutionalCompliance(double v) {
        return new Targets(p99LatencyMs, throughputPerSec, cacheHitRate, v);
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
