package io.revchain.runtime;

/** A service whose state a test sets. */
final class TestService implements Service {
    private final String name;
    volatile ServiceState state = ServiceState.NEW;

    TestService(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        state = ServiceState.RUNNING;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    @Override
    public void close() {
        state = ServiceState.CLOSED;
    }
}
