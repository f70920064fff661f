package io.revchain.reporter.compliance;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latency samples over a rolling time window, and their exact percentiles (nearest rank: the smallest sample with
 * at least {@code q} of the samples at or below it). A sample leaves the window {@code window} after it was taken;
 * when more than {@code capacity} samples fall in the window the oldest are dropped first, so the window is "the
 * last {@code window}, at most {@code capacity} samples".
 *
 * <p>Not thread-safe; the caller synchronises. Times are epoch milliseconds from the caller's clock.
 */
public final class RollingSamples {

    private final long windowMillis;
    private final long[] at;
    private final double[] value;
    private int head;
    private int size;

    /** A window of {@code window} holding at most {@code capacity} samples. */
    public RollingSamples(Duration window, int capacity) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.windowMillis = window.toMillis();
        this.at = new long[capacity];
        this.value = new double[capacity];
    }

    /** The window's length in whole seconds. */
    public long windowSeconds() {
        return windowMillis / 1000;
    }

    /** Adds {@code v} taken at {@code atMillis}, dropping the oldest sample when full. */
    public void add(long atMillis, double v) {
        int i = (head + size) % at.length;
        at[i] = atMillis;
        value[i] = v;
        if (size == at.length) {
            head = (head + 1) % at.length;
        } else {
            size++;
        }
    }

    /** Samples in the window ending at {@code nowMillis}. */
    public int size(long nowMillis) {
        expire(nowMillis);
        return size;
    }

    /** The {@code q} quantile (0 &lt; q &le; 1) of the window ending at {@code nowMillis}, {@code NaN} when empty. */
    public double quantile(long nowMillis, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        expire(nowMillis);
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = new double[size];
        for (int k = 0; k < size; k++) {
            sorted[k] = value[(head + k) % at.length];
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(rank, 1) - 1];
    }

    private void expire(long nowMillis) {
        // samples arrive in time order from one consumer thread, so the oldest are at the head
        while (size > 0 && at[head] <= nowMillis - windowMillis) {
            head = (head + 1) % at.length;
            size--;
        }
    }
}
