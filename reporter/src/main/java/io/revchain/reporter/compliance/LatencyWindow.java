package io.revchain.reporter.compliance;

import java.util.Arrays;

/**
 * The last {@code capacity} end-to-end latencies and their exact percentiles (nearest rank: the smallest sample
 * with at least {@code q} of the samples at or below it). The compliance target uses this exact value; the
 * Prometheus histogram beside it serves Grafana, whose bucketed quantiles are estimates.
 *
 * <p>Not thread-safe; the caller synchronises.
 */
public final class LatencyWindow {

    private final long[] nanos;
    private int size;
    private int next;

    /** A window keeping the latest {@code capacity} samples. */
    public LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.nanos = new long[capacity];
    }

    /** Adds one sample, dropping the oldest when full. */
    public void add(long latencyNanos) {
        nanos[next] = latencyNanos;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
    }

    /** Samples held. */
    public int size() {
        return size;
    }

    /** The {@code q} quantile (0 &lt; q &le; 1) in milliseconds, or {@code NaN} without samples. */
    public double quantileMs(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(rank, 1) - 1] / 1_000_000.0;
    }
}
