package io.revchain.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Service} is in its life: {@link Phase#NEW NEW} → {@link Phase#STARTING STARTING} →
 * {@link Phase#RUNNING RUNNING} → {@link Phase#CLOSED CLOSED}, or {@link Phase#FAILED FAILED} with its cause from
 * any phase before closed. Decides what the health endpoints say: {@link #live()} is false only when failed,
 * {@link #ready()} true only when running.
 *
 * @param phase the phase
 * @param cause why it failed; present exactly when the phase is {@link Phase#FAILED}
 */
public record ServiceState(Phase phase, Optional<Throwable> cause) {

    /** The phases, in the order a healthy service goes through them. */
    public enum Phase {
        /** Constructed, not started. */
        NEW,
        /** {@link Service#start()} was called; not yet taking work (joining a group, restoring state). */
        STARTING,
        /** Taking work. */
        RUNNING,
        /** Stopped by an unexpected failure; stays so. */
        FAILED,
        /** Closed on request. */
        CLOSED
    }

    public static final ServiceState NEW = new ServiceState(Phase.NEW, Optional.empty());
    public static final ServiceState STARTING = new ServiceState(Phase.STARTING, Optional.empty());
    public static final ServiceState RUNNING = new ServiceState(Phase.RUNNING, Optional.empty());
    public static final ServiceState CLOSED = new ServiceState(Phase.CLOSED, Optional.empty());

    public ServiceState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cause, "cause");
        if ((phase == Phase.FAILED) != cause.isPresent()) {
            throw new IllegalArgumentException("a cause goes with FAILED and only with FAILED: " + phase);
        }
    }

    /** Failed because of {@code cause}. */
    public static ServiceState failed(Throwable cause) {
        return new ServiceState(Phase.FAILED, Optional.of(Objects.requireNonNull(cause, "cause")));
    }

    /** False only when failed: the process should be restarted. */
    public boolean live() {
        return phase != Phase.FAILED;
    }

    /** True only when running: work sent now is taken. */
    public boolean ready() {
        return phase == Phase.RUNNING;
    }

    /** The phase, and for a failure its cause's type and message (one line, for a health answer or a log). */
    public String describe() {
        if (cause.isEmpty()) {
            return phase.name();
        }
        Throwable c = cause.get();
        String message = c.getMessage() == null
                ? ""
                : ": " + c.getMessage().lines().findFirst().orElse("");
        return phase.name() + " (" + c.getClass().getSimpleName() + message + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
