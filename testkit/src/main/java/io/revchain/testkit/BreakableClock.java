package io.revchain.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock until armed with {@link #failure}; then every reading throws it (a collaborator that breaks). */
public final class BreakableClock extends Clock {
    /** Set to make every later reading throw. */
    public final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
        return Instant.now();
    }
}
