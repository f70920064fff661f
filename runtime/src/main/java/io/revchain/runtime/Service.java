package io.revchain.runtime;

/**
 * What every revchain service is to the process that runs it: a name, a start, a close and a state the health
 * server reads.
 *
 * <p>The contract, the same for every service (see {@link Lifecycle}, which enforces it):
 * <ul>
 *   <li>a constructor does no I/O: clients, topics and threads are made by {@link #start()};</li>
 *   <li>{@link #start()} may be called once; a second call throws {@link IllegalStateException}, as does a call
 *   after {@link #close()};</li>
 *   <li>{@link #close()} is idempotent, safe before {@link #start()}, and never throws;</li>
 *   <li>a failure after start (an unexpected exception in a loop, a stream thread that died) makes
 *   {@link #state()} {@link ServiceState.Phase#FAILED FAILED} with its cause, for good: never a silent stop.</li>
 * </ul>
 */
public interface Service extends AutoCloseable {

    /** A short name for logs and the health answer ({@code ingest}, {@code analyzer}, …). */
    String name();

    /**
     * Opens the service's clients and starts its threads.
     *
     * @throws IllegalStateException when already started or closed
     */
    void start();

    /** The current state; never null. */
    ServiceState state();

    /** Stops the threads and closes the clients; a second call does nothing. */
    @Override
    void close();
}
