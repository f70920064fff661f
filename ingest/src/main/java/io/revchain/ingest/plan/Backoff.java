package io.revchain.ingest.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an unreachable repository is tried again: after the {@code n}-th consecutive failure, wait
 * {@code base * 2^(n-1)}, never more than {@code max}. Pure.
 *
 * @param base the wait after the first failure
 * @param max  the longest wait
 */
public record Backoff(Duration base, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max: " + base + ", " + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (0 = no wait). */
    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        long millis = base.toMillis();
        long wait = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return wait >= max.toMillis() ? max : Duration.ofMillis(wait);
    }

    /** The earliest next attempt after a failure at {@code failedAt}. */
    public Instant nextAttempt(Instant failedAt, int failures) {
        return failedAt.plus(delay(failures));
    }
}
