package io.revchain.reporter.compliance;

import java.util.Arrays;

/**
 * Events per second over a trailing window of whole seconds: the count in the {@code seconds} seconds before the
 * current (still filling) second, divided by {@code seconds}. Leaving the current second out keeps the rate from
 * dipping each time a new second starts.
 *
 * <p>Not thread-safe; the caller synchronises. Times are epoch milliseconds from the caller's clock.
 */
public final class RateWindow {

    private final long[] second;
    private final long[] count;

    /** A window over the last {@code seconds} complete seconds. */
    public RateWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("window must be at least one second: " + seconds);
        }
        // one extra slot for the second being filled
        this.second = new long[seconds + 1];
        this.count = new long[seconds + 1];
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /** Counts {@code n} events at {@code nowMillis}. */
    public void record(long nowMillis, long n) {
        long s = Math.floorDiv(nowMillis, 1000);
        int i = (int) Math.floorMod(s, (long) second.length);
        if (second[i] != s) {
            second[i] = s;
            count[i] = 0;
        }
        count[i] += n;
    }

    /** Events per second over the complete seconds of the window ending at {@code nowMillis}. */
    public double perSecond(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        int seconds = second.length - 1;
        long total = 0;
        for (int i = 0; i < second.length; i++) {
            if (second[i] >= now - seconds && second[i] < now) {
                total += count[i];
            }
        }
        return (double) total / seconds;
    }
}
