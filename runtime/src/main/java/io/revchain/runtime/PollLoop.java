package io.revchain.runtime;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop of a plain-client service, as a {@link Service}: one thread of its own polls the consumer and
 * hands each record to {@link Work#record}. Decides how the loop ends: {@link #close()} wakes the consumer and the
 * loop ends quietly (CLOSED); any other exception, from the consumer or the work, ends it with the state FAILED and
 * that cause (liveness false, logged once) — never a silent stop while the process stays up.
 *
 * <p>The loop owns the consumer: it is subscribed or assigned on the loop's thread ({@link Work#open}), used only
 * there, and closed there when the loop ends (or by {@link #close()} when the loop never started).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PollLoop<K, V> implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** The service's part of the loop; only {@link #record} is required. Everything runs on the loop's thread. */
    public interface Work<K, V> {

        /** Before the first poll: subscribe or assign (and seek). */
        void open(Consumer<K, V> consumer);

        /** One record; an exception thrown here fails the loop (catch what is expected and per-record). */
        void record(ConsumerRecord<K, V> record);

        /** After each poll's records, even none (commit, rebuild a view). */
        default void polled(Consumer<K, V> consumer, ConsumerRecords<K, V> records) {}

        /**
         * A record the deserializer refused; return true once handled (the loop seeks past it), false to fail the
         * loop (the default).
         */
        default boolean unreadable(Consumer<K, V> consumer, RecordDeserializationException e) {
            return false;
        }
    }

    private final Lifecycle lifecycle;
    private final Consumer<K, V> consumer;
    private final Duration pollTimeout;
    private final Work<K, V> work;
    private Thread thread;

    /**
     * @param name        the service's name, also its thread's ({@code revchain-<name>})
     * @param consumer    the consumer, not yet subscribed; the loop closes it
     * @param pollTimeout how long one poll waits
     * @param work        what to do with the records
     */
    public PollLoop(String name, Consumer<K, V> consumer, Duration pollTimeout, Work<K, V> work) {
        this.lifecycle = new Lifecycle(name);
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.work = Objects.requireNonNull(work, "work");
    }

    @Override
    public String name() {
        return lifecycle.name();
    }

    @Override
    public ServiceState state() {
        return lifecycle.state();
    }

    /** Starts the loop's thread; returns at once (RUNNING once the consumer is subscribed). */
    @Override
    public synchronized void start() {
        lifecycle.starting();
        Thread t = new Thread(this::run, "revchain-" + lifecycle.name());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        try {
            work.open(consumer);
            lifecycle.running();
            while (!lifecycle.isClosing()) {
                ConsumerRecords<K, V> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (RecordDeserializationException e) {
                    if (!work.unreadable(consumer, e)) {
                        throw e;
                    }
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<K, V> r : records) {
                    work.record(r);
                }
                work.polled(consumer, records);
            }
        } catch (WakeupException e) {
            if (!lifecycle.isClosing()) {
                fail(e);
            }
        } catch (Throwable e) {
            // an Error too: the process stays up, so its health must say the loop is gone
            fail(e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the consumer: {}", lifecycle.name(), e.toString());
            }
        }
    }

    private void fail(Throwable e) {
        if (lifecycle.failed(e)) {
            LOG.error(
                    "{}: the consumer loop stopped on an unexpected failure; the service is FAILED",
                    lifecycle.name(),
                    e);
        }
    }

    /** Wakes the consumer and waits (up to 10 s) for the loop to end and close it. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!lifecycle.closing()) {
                return;
            }
            t = thread;
        }
        if (t == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        if (t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
