package io.revchain.runtime;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Enforces the {@link Service} contract's transitions for one service, thread-safely: a second start throws, a
 * close runs its work once (before or after start), a failure sticks. A service holds one and delegates
 * {@link Service#state()} to it.
 *
 * <pre>{@code
 * public void start() {
 *     lifecycle.starting();              // IllegalStateException on a second start
 *     try { openClients(); lifecycle.running(); }
 *     catch (RuntimeException e) { lifecycle.failed(e); throw e; }
 * }
 * public void close() {
 *     if (lifecycle.closing()) { closeClients(); }
 * }
 * }</pre>
 */
public final class Lifecycle {

    private final String name;
    private final AtomicReference<ServiceState> state = new AtomicReference<>(ServiceState.NEW);
    private final AtomicBoolean closed = new AtomicBoolean();

    public Lifecycle(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    public ServiceState state() {
        return state.get();
    }

    /**
     * NEW → STARTING.
     *
     * @throws IllegalStateException when the service was started or closed before
     */
    public void starting() {
        if (!state.compareAndSet(ServiceState.NEW, ServiceState.STARTING)) {
            ServiceState now = state.get();
            throw new IllegalStateException(name
                    + (now.phase() == ServiceState.Phase.CLOSED
                            ? " is closed: it cannot be started again"
                            : " was already started (" + now.describe() + ")"));
        }
    }

    /** STARTING → RUNNING; false (and no change) when it failed or was closed meanwhile. */
    public boolean running() {
        return state.compareAndSet(ServiceState.STARTING, ServiceState.RUNNING);
    }

    /**
     * Any phase but CLOSED and FAILED → FAILED with {@code cause}; false (and no change) otherwise: the first
     * failure is the one reported, and a failure during a requested close is part of closing.
     */
    public boolean failed(Throwable cause) {
        ServiceState failed = ServiceState.failed(cause);
        while (true) {
            ServiceState now = state.get();
            if (now.phase() == ServiceState.Phase.CLOSED || now.phase() == ServiceState.Phase.FAILED || closed.get()) {
                return false;
            }
            if (state.compareAndSet(now, failed)) {
                return true;
            }
        }
    }

    /**
     * Marks the service closed and says whether the caller should do the closing work: true exactly once. A
     * failed service stays FAILED (the cause is still what happened); any other goes to CLOSED.
     */
    public boolean closing() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        state.updateAndGet(s -> s.phase() == ServiceState.Phase.FAILED ? s : ServiceState.CLOSED);
        return true;
    }

    /** True once {@link #closing()} was called: loops stop on it. */
    public boolean isClosing() {
        return closed.get();
    }
}
