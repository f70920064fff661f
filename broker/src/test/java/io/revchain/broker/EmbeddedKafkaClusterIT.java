package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.event.CommitScanned;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topic;
import io.revchain.event.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three real KRaft nodes in this JVM: with replication 3 and min ISR 2, losing one broker loses nothing. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedKafkaClusterIT {

    private static final Topic<String, MigrationEvent> TOPIC = Topics.MIGRATION_EVENTS;

    private static CommitScanned event(int i) {
        return new CommitScanned(
                "repo-" + (i % 4), "main", "c" + i, i, false, Instant.ofEpochSecond(i), Instant.ofEpochSecond(i + 1));
    }

    private static void send(KafkaProducer<String, MigrationEvent> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            MigrationEvent e = event(i);
            producer.send(new ProducerRecord<>(TOPIC.name(), e.repo(), e));
        }
        // acks=all: every record is on min.insync.replicas brokers before this returns
        producer.flush();
        producer.send(new ProducerRecord<>(TOPIC.name(), "flush", event(1000 + from)))
                .get(60, TimeUnit.SECONDS);
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC.name()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(TOPIC.name());
    }

    /** Describes the topic once every broker knows it (metadata reaches the brokers a moment after creation). */
    private static TopicDescription awaitTopic(Admin admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                TopicDescription d = describe(admin);
                if (d.partitions().stream()
                        .allMatch(p -> p.leader() != null && p.isr().size() == 3)) {
                    return d;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                return describe(admin);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void survivesTheLossOfOneBroker() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3);
                Admin admin = KafkaClients.admin(cluster.bootstrapServers())) {
            // Given three brokers and the pipeline's topics at the cluster's default replication
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(3);
            assertThat(cluster.replicationFactor()).isEqualTo(3);
            assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
            Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(60));
            TopicDescription before = awaitTopic(admin);
            assertThat(before.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC.name());
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource)
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");

            int leader = before.partitions().get(0).leader().id();
            try (KafkaProducer<String, MigrationEvent> producer =
                    KafkaClients.producer(cluster.bootstrapServers(), TOPIC)) {
                send(producer, 0, 50);

                // When the leader of partition 0 stops
                cluster.stopBroker(leader);
                assertThat(cluster.isRunning(leader)).isFalse();
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(2);

                // Then acks=all still succeeds with two in-sync replicas
                send(producer, 50, 100);
            }
            // And every record is there, read from the two surviving brokers
            try (KafkaConsumer<String, MigrationEvent> consumer =
                    KafkaClients.consumer(cluster.bootstrapServers(), TOPIC)) {
                List<ConsumerRecord<String, MigrationEvent>> got =
                        KafkaClients.readAll(consumer, TOPIC, 102, Duration.ofSeconds(60));
                assertThat(got).hasSize(102);
                assertThat(got)
                        .extracting(r -> ((CommitScanned) r.value()).commit())
                        .containsAll(
                                IntStream.range(0, 100).mapToObj(i -> "c" + i).toList());
                assertThat(describe(admin).partitions().get(0).leader().id()).isNotEqualTo(leader);

                // When the broker comes back, it rejoins and catches up to a full ISR
                cluster.restartBroker(leader);
                assertThat(cluster.isRunning(leader)).isTrue();
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(3);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline
                        && describe(admin).partitions().stream()
                                .anyMatch(p -> p.isr().size() < 3)) {
                    Thread.sleep(200);
                }
                assertThat(describe(admin).partitions())
                        .allSatisfy(p -> assertThat(p.isr()).hasSize(3));
            }
        }
    }

    @Test
    void topicsTakeTheClusterDefaults() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(
                        3, EmbeddedKafka.Config.defaults().withOverride("auto.create.topics.enable", "false"));
                Admin admin = KafkaClients.admin(cluster.bootstrapServers())) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(broker).get("default.replication.factor").value())
                    .isEqualTo("3");
            assertThat(configs.get(broker).get("auto.create.topics.enable").value())
                    .isEqualTo("false");
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        }
    }
}
