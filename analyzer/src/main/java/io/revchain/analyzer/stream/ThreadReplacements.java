package io.revchain.analyzer.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Decides what a stream thread's unexpected death leads to: the thread is replaced while fewer than
 * {@code limit} threads died within {@code window}; beyond that the analyzer shuts down (Kafka Streams goes to
 * {@code ERROR}, the service is FAILED, its liveness 503). A record that kills every thread that reads it would
 * otherwise be replaced, and fail, for ever, behind a liveness that keeps answering 200.
 */
final class ThreadReplacements {

    /** Stream thread deaths tolerated within {@link #DEFAULT_WINDOW}. */
    static final int DEFAULT_LIMIT = 3;

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private final int limit;
    private final long windowNanos;
    private final Deque<Long> deaths = new ArrayDeque<>();

    ThreadReplacements(int limit, Duration window) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0: " + limit);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** One more thread died at {@code nanoTime}: replace it, or shut the client down. */
    synchronized StreamThreadExceptionResponse died(long nanoTime) {
        while (!deaths.isEmpty() && nanoTime - deaths.peekFirst() > windowNanos) {
            deaths.removeFirst();
        }
        deaths.addLast(nanoTime);
        return deaths.size() <= limit
                ? StreamThreadExceptionResponse.REPLACE_THREAD
                : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
