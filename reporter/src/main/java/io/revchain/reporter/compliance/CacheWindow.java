package io.revchain.reporter.compliance;

import java.time.Duration;
import java.util.Arrays;

/**
 * The parse-cache hit rate over re-scans, in a rolling window of whole seconds. A <em>cold</em> lookup is the
 * first sight of a blob: it cannot hit whatever the cache does, so it is counted apart and left out of the rate,
 * which is hits over re-scan lookups (hits, and misses of blobs seen before: the cache evicted them).
 *
 * <p>Not thread-safe; the caller synchronises. Times are epoch milliseconds from the caller's clock.
 */
public final class CacheWindow {

    /**
     * What the window holds.
     *
     * @param hits    re-scan lookups served from the cache
     * @param lookups re-scan lookups (hits and warm misses)
     * @param cold    first-sight lookups, left out of the rate
     * @param hitRate hits over lookups; {@code NaN} without a re-scan lookup
     */
    public record Reading(long hits, long lookups, long cold, double hitRate) {}

    private final long[] second;
    private final long[] hits;
    private final long[] warmMisses;
    private final long[] cold;

    /** A window over the last {@code window} (whole seconds, the current one included). */
    public CacheWindow(Duration window) {
        long seconds = window.toSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("window must be at least one second: " + window);
        }
        int n = Math.toIntExact(seconds);
        second = new long[n];
        hits = new long[n];
        warmMisses = new long[n];
        cold = new long[n];
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /** The window's length in whole seconds. */
    public long windowSeconds() {
        return second.length;
    }

    /**
     * Counts lookups at {@code nowMillis}: {@code hits}, and {@code misses} of which {@code coldMisses} were the
     * first sight of their blob.
     */
    public void record(long nowMillis, long hits, long misses, long coldMisses) {
        if (hits < 0 || misses < 0 || coldMisses < 0 || coldMisses > misses) {
            throw new IllegalArgumentException("cache counts must be >= 0 and cold misses at most the misses: " + hits
                    + ", " + misses + ", " + coldMisses);
        }
        int i = slot(nowMillis);
        this.hits[i] += hits;
        warmMisses[i] += misses - coldMisses;
        cold[i] += coldMisses;
    }

    /** The window ending at {@code nowMillis}. */
    public Reading read(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        long h = 0;
        long w = 0;
        long c = 0;
        for (int i = 0; i < second.length; i++) {
            if (second[i] > now - second.length && second[i] <= now) {
                h += hits[i];
                w += warmMisses[i];
                c += cold[i];
            }
        }
        return new Reading(h, h + w, c, Compliance.hitRate(h, w));
    }

    private int slot(long nowMillis) {
        long s = Math.floorDiv(nowMillis, 1000);
        int i = (int) Math.floorMod(s, (long) second.length);
        if (second[i] != s) {
            second[i] = s;
            hits[i] = 0;
            warmMisses[i] = 0;
            cold[i] = 0;
        }
        return i;
    }
}
