package io.revchain.reporter.compliance;

/**
 * What the reporter measured, one value per target; {@code NaN} where nothing was measured yet.
 *
 * @param p99LatencyMs             p99 end-to-end latency in milliseconds
 * @param throughputPerSec         live health reports per second
 * @param cacheHitRate             parse-cache hits over lookups, 0..1
 * @param constitutionalCompliance migrations carrying the constitutional hash over all migrations, 0..1
 */
public record Measurements(
        double p99LatencyMs, double throughputPerSec, double cacheHitRate, double constitutionalCompliance) {}
