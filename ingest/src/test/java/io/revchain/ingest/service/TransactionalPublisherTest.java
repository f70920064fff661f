package io.revchain.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publisher's decisions, on Kafka's own transactional {@link MockProducer} (the broker's side of a fence is
 * {@code FleetIngestIT}'s): what shares a transaction, what is dropped, retried, or fails for good.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionalPublisherTest {

    private static final String EVENTS = Topics.MIGRATION_EVENTS.name();

    private final MockProducer<String, byte[]> producer = mockProducer();
    private final AtomicReference<ConsumerGroupMetadata> group = new AtomicReference<>(
            new ConsumerGroupMetadata("revchain-ingest", 7, "member-1", java.util.Optional.of("a")));
    private TransactionalPublisher publisher;

    private static MockProducer<String, byte[]> mockProducer() {
        MockProducer<String, byte[]> p =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        return p;
    }

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close(Duration.ofSeconds(5));
        }
    }

    private static TransactionalPublisher.Fence fence(boolean held, int partition) {
        return new TransactionalPublisher.Fence() {
            @Override
            public boolean held() {
                return held;
            }

            @Override
            public OptionalInt partition() {
                return OptionalInt.of(partition);
            }
        };
    }

    private static TransactionalPublisher.Publication poll(String repo, int records, TransactionalPublisher.Fence f) {
        List<ProducerRecord<String, byte[]>> rs = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            rs.add(new ProducerRecord<>(EVENTS, repo, (repo + "#" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return new TransactionalPublisher.Publication(repo + "@main", rs, f);
    }

    private static List<String> values(List<ProducerRecord<String, byte[]>> sent) {
        return sent.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void pollsQueuedTogetherShareOneTransactionWithTheGroupOffsetsOfTheirPartitions() throws Exception {
        // Given a publisher whose thread is held in its first transaction's commit
        CountDownLatch inCommit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<String, byte[]> slow =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized void commitTransaction() {
                        inCommit.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        super.commitTransaction();
                    }
                };
        slow.initTransactions();
        publisher = new TransactionalPublisher(slow, group::get, "t", Duration.ofMillis(1));
        CompletableFuture<Void> first = publisher.publish(poll("r0", 1, fence(true, 0)));
        assertThat(inCommit.await(30, TimeUnit.SECONDS)).isTrue();

        // When three polls are handed in while it commits
        CompletableFuture<Void> a = publisher.publish(poll("r1", 2, fence(true, 1)));
        CompletableFuture<Void> b = publisher.publish(poll("r2", 3, fence(true, 2)));
        CompletableFuture<Void> c = publisher.publish(poll("r3", 1, fence(true, 1)));
        release.countDown();
        CompletableFuture.allOf(first, a, b, c).get(30, TimeUnit.SECONDS);

        // Then they went in one second transaction, in order, with an offset per partition of theirs
        assertThat(slow.commitCount()).isEqualTo(2);
        assertThat(values(slow.history())).containsExactly("r0#0", "r1#0", "r1#1", "r2#0", "r2#1", "r2#2", "r3#0");
        assertThat(slow.consumerGroupOffsetsHistory()).hasSize(2);
        assertThat(slow.consumerGroupOffsetsHistory().get(1).get("revchain-ingest"))
                .containsOnlyKeys(
                        new org.apache.kafka.common.TopicPartition(Topics.REPOSITORIES.name(), 1),
                        new org.apache.kafka.common.TopicPartition(Topics.REPOSITORIES.name(), 2));
    }

    @Test
    void aPollOfALostRepositoryIsDroppedUnsentAndTheOthersAreCommitted() throws Exception {
        publisher = new TransactionalPublisher(producer, group::get, "t", Duration.ofMillis(1));

        CompletableFuture<Void> lost = publisher.publish(poll("gone", 2, fence(false, 0)));
        CompletableFuture<Void> kept = publisher.publish(poll("kept", 1, fence(true, 1)));

        kept.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TransactionalPublisher.Dropped.class);
        assertThat(values(producer.history())).containsExactly("kept#0");
    }

    @Test
    void aRefusedGenerationIsAbortedAndRetriedThenFailsThePollNotThePublisher() throws Exception {
        // Given a group coordinator that refuses this member's offsets (it was expelled)
        producer.sendOffsetsToTransactionException = new CommitFailedException("generation gone");
        publisher = new TransactionalPublisher(producer, group::get, "t", Duration.ofMillis(1));

        // When a poll is handed in
        CompletableFuture<Void> late = publisher.publish(poll("late", 3, fence(true, 0)));

        // Then every attempt was aborted: nothing committed, the poll fails with the refusal
        assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CommitFailedException.class);
        assertThat(producer.commitCount()).isZero();
        assertThat(producer.history()).isEmpty();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(publisher.failure()).isNull();

        // and once the coordinator accepts again, the next poll is committed
        producer.sendOffsetsToTransactionException = null;
        publisher.publish(poll("next", 1, fence(true, 0))).get(30, TimeUnit.SECONDS);
        assertThat(values(producer.history())).containsExactly("next#0");
    }

    @Test
    void aFleetPollIsNeverCommittedBeforeAGenerationIsKnown() throws Exception {
        group.set(null);
        publisher = new TransactionalPublisher(producer, group::get, "t", Duration.ofMillis(1));

        CompletableFuture<Void> early = publisher.publish(poll("early", 1, fence(true, 0)));

        assertThatThrownBy(() -> early.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no generation of the ingest group");
        assertThat(producer.commitCount()).isZero();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aProducerFencedByItsTransactionalIdFailsThePublisherForGood() throws Exception {
        // Given a producer another instance of the same name has fenced
        publisher = new TransactionalPublisher(producer, () -> null, "t", Duration.ofMillis(1));
        producer.fenceProducer();

        // When a poll is handed in, and another after it
        CompletableFuture<Void> first = publisher.publish(poll("a", 1, TransactionalPublisher.Fence.ALWAYS));

        // Then both fail with the fence, and the publisher says it can no longer publish
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(ProducerFencedException.class);
        assertThat(publisher.failure()).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> publisher
                        .publish(poll("b", 1, TransactionalPublisher.Fence.ALWAYS))
                        .get(30, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(ProducerFencedException.class);
    }

    @Test
    void aLonePollNeedsNoGroup() throws Exception {
        publisher = new TransactionalPublisher(producer, () -> null, "t", Duration.ofMillis(1));

        publisher.publish(poll("solo", 2, TransactionalPublisher.Fence.ALWAYS)).get(30, TimeUnit.SECONDS);

        assertThat(values(producer.history())).containsExactly("solo#0", "solo#1");
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(producer.commitCount()).isEqualTo(1);
    }
}
