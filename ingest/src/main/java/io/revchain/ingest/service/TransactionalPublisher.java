package io.revchain.ingest.service;

import io.revchain.event.Topics;
import io.revchain.runtime.KafkaErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when ingest's records become visible: each publication (a branch poll's events and the state records
 * saying how far it got) is committed in a Kafka transaction, so a {@code read_committed} reader (the analyzer, the
 * state reader) sees all of it or none of it, and a state can never be read without its events.
 *
 * <p><b>Fencing.</b> In a fleet every transaction also commits an offset of the ingest group, for the
 * {@code revchain.repositories} partition of each repository it publishes, with the group metadata the membership
 * consumer last saw (KIP-447). The group coordinator refuses that offset from a member of an older generation, and
 * the transaction is aborted: an instance the group expelled while it was frozen (a long GC pause, a stopped VM)
 * cannot make its late records visible after the new owner's. A new owner reads the group's committed offsets of
 * the partitions it is given before it reads {@code revchain.ingest-state}; that read waits for any transaction
 * still holding offsets of those partitions to end, so it never resumes from a state the old owner is about to
 * overwrite. The metadata is read before each publication's {@linkplain Fence#held() fence}: the membership thread
 * marks a lost repository before it records a newer generation, so a publication either carries the generation it
 * was polled under (refused if that is gone) or is seen to be lost and dropped.
 *
 * <p><b>Grouping.</b> One thread commits. Pollers hand it whole publications and wait; everything queued when a
 * transaction starts (up to {@link #MAX_GROUP} publications or {@link #MAX_GROUP_BYTES}) shares it, so a first scan's
 * many branch polls share commits. A refused transaction is aborted and retried for the publications still held,
 * with the metadata read again, up to {@link #MAX_ATTEMPTS} times; a producer that can no longer publish (another
 * instance took its {@code transactional.id}, refused credentials) fails every publication from then on.
 */
final class TransactionalPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

    static final int MAX_GROUP = 64;
    static final long MAX_GROUP_BYTES = 8L << 20;
    static final int MAX_ATTEMPTS = 6;
    private static final int COMMIT_TIMEOUT_RETRIES = 3;

    /** Under what a publication may be committed. */
    interface Fence {
        /** False once the repository was lost to another instance: the publication is dropped, never committed. */
        boolean held();

        /** The {@code revchain.repositories} partition whose offset the transaction commits; empty outside a fleet. */
        OptionalInt partition();

        /** Always held, no partition: a lone ingest (nobody to be fenced from but a restart with its own id). */
        Fence ALWAYS = new Fence() {
            @Override
            public boolean held() {
                return true;
            }

            @Override
            public OptionalInt partition() {
                return OptionalInt.empty();
            }
        };
    }

    /** The records of one poll, in order, committed together. */
    record Publication(String label, List<ProducerRecord<String, byte[]>> records, Fence fence) {
        Publication {
            records = List.copyOf(records);
        }

        long bytes() {
            long n = 0;
            for (ProducerRecord<String, byte[]> r : records) {
                n += r.value() == null ? 0 : r.value().length;
            }
            return n;
        }
    }

    /** The publication's repository was lost before its transaction: nothing of it was made visible. */
    static final class Dropped extends Exception {
        private static final long serialVersionUID = 1L;

        Dropped(String label) {
            super(label + ": no longer owned by this instance; dropped, the new owner publishes it");
        }
    }

    private record Pending(Publication publication, CompletableFuture<Void> done) {}

    private final Producer<String, byte[]> producer;
    private final Supplier<ConsumerGroupMetadata> group;
    private final String repositoriesTopic;
    private final Duration backoff;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile KafkaException failed;
    private volatile Runnable beforeCommit = () -> {};

    /**
     * @param producer a transactional producer, {@code initTransactions()} already called
     * @param group    the ingest group's latest metadata, or {@code null} outside a fleet (no offsets committed)
     * @param backoff  the wait before the first retry of a refused transaction (doubled each time, up to 2 s)
     */
    TransactionalPublisher(
            Producer<String, byte[]> producer, Supplier<ConsumerGroupMetadata> group, String name, Duration backoff) {
        this.producer = producer;
        this.group = group;
        this.repositoriesTopic = Topics.REPOSITORIES.name();
        this.backoff = backoff;
        this.thread = new Thread(this::run, "revchain-ingest-publish-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues {@code p}; the future completes once its transaction is committed, or fails with {@link Dropped}, the
     * last refusal, or the producer's fatal error.
     */
    CompletableFuture<Void> publish(Publication p) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        KafkaException f = failed;
        if (f != null) {
            done.completeExceptionally(f);
        } else if (closing) {
            done.completeExceptionally(new IllegalStateException("ingest is closed"));
        } else {
            queue.add(new Pending(p, done));
        }
        return done;
    }

    /** Runs on the publishing thread once a transaction's records and offsets are in, just before its commit. */
    TransactionalPublisher beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
        return this;
    }

    /** The producer's fatal error, if it had one. */
    KafkaException failure() {
        return failed;
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        try {
            while (true) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                long bytes = first.publication().bytes();
                while (group.size() < MAX_GROUP && bytes < MAX_GROUP_BYTES) {
                    Pending next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    bytes += next.publication().bytes();
                }
                commit(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the ingest publisher stopped", e);
            failed = e instanceof KafkaException k ? k : new KafkaException("the ingest publisher stopped", e);
        } finally {
            KafkaException why = failed != null ? failed : new KafkaException("ingest is closed");
            group.forEach(p -> p.done().completeExceptionally(why));
            Pending p;
            while ((p = queue.poll()) != null) {
                p.done().completeExceptionally(why);
            }
        }
    }

    private void commit(List<Pending> all) throws InterruptedException {
        List<Pending> group = all;
        for (int attempt = 1; ; attempt++) {
            // read before the fences (see the class comment): a newer generation implies the lost marks are set
            ConsumerGroupMetadata metadata = this.group.get();
            List<Pending> held = new ArrayList<>();
            for (Pending p : group) {
                if (failed != null) {
                    p.done().completeExceptionally(failed);
                } else if (p.publication().fence().held()) {
                    held.add(p);
                } else {
                    p.done().completeExceptionally(new Dropped(p.publication().label()));
                }
            }
            group = held;
            if (group.isEmpty()) {
                return;
            }
            try {
                transaction(group, metadata);
                group.forEach(p -> p.done().complete(null));
                return;
            } catch (KafkaException e) {
                if (KafkaErrors.fatal(e)) {
                    LOG.error("the ingest producer can no longer publish: {}", e.toString());
                    failed = e;
                    group.forEach(p -> p.done().completeExceptionally(e));
                    return;
                }
                if (!abort()) {
                    group.forEach(p -> p.done().completeExceptionally(failed));
                    return;
                }
                if (attempt >= MAX_ATTEMPTS || closing) {
                    LOG.warn(
                            "a transaction of {} poll(s) was refused {} time(s); last: {}",
                            group.size(),
                            attempt,
                            e.toString());
                    for (Pending p : group) {
                        p.done().completeExceptionally(e);
                    }
                    return;
                }
                LOG.info("a transaction was refused ({}); retrying", e.toString());
                long wait = Math.min(2_000, backoff.toMillis() << (attempt - 1));
                Thread.sleep(wait);
            }
        }
    }

    private void transaction(List<Pending> group, ConsumerGroupMetadata metadata) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Pending p : group) {
            for (ProducerRecord<String, byte[]> r : p.publication().records()) {
                producer.send(r);
            }
            p.publication()
                    .fence()
                    .partition()
                    .ifPresent(n -> offsets.put(new TopicPartition(repositoriesTopic, n), new OffsetAndMetadata(0)));
        }
        if (!offsets.isEmpty()) {
            if (metadata == null) {
                // a fleet's poll is never committed unfenced
                throw new KafkaException("no generation of the ingest group is known yet");
            }
            // the fence: refused by the group coordinator unless this member is in the group's current generation
            producer.sendOffsetsToTransaction(offsets, metadata);
        }
        beforeCommit.run();
        for (int i = 1; ; i++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                // a commit that timed out may only be retried (it may be completing): never aborted
                if (i >= COMMIT_TIMEOUT_RETRIES) {
                    throw new KafkaException("a transaction's commit timed out " + i + " times", e);
                }
            }
        }
    }

    /** Aborts the open transaction; false (and the publisher failed) when even that is refused. */
    private boolean abort() {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException e) {
            LOG.error("the ingest producer could not abort a transaction: {}", e.toString());
            failed = e;
            return false;
        }
    }

    /**
     * Commits what is queued, then stops; publications handed in afterwards fail. Waits up to {@code timeout} for
     * the thread; the producer is closed by its owner.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    void close(Duration timeout) {
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
