package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topic;
import io.revchain.event.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real single-node KRaft broker in this JVM: it starts, serves the pipeline's topics and cleans up after itself. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HealthReport report(String commit) {
        return new HealthReport(
                "acgs2-core",
                "main",
                commit,
                3,
                List.of("c3"),
                List.of("c1"),
                List.of(),
                HealthStatus.HEALTHY,
                Instant.parse("2026-03-01T12:00:00Z"),
                Instant.parse("2026-03-01T12:00:01Z"),
                Instant.parse("2026-03-01T12:00:02Z"));
    }

    @Test
    void producesAndConsumesAnEventWithTheRegistrySerdes() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            // Given the pipeline's topics
            assertThat(Topics.create(admin, 1, (short) 1)).hasSize(Topics.all().size());
            Topic<String, HealthReport> topic = Topics.HEALTH;
            // When a health report is produced with acks=all
            HealthReport sent = report("a1");
            try (KafkaProducer<String, HealthReport> producer =
                    KafkaClients.producer(kafka.bootstrapServers(), topic)) {
                producer.send(new ProducerRecord<>(topic.name(), sent.key(), sent))
                        .get(30, TimeUnit.SECONDS);
            }
            // Then a consumer group reads it back equal, under its repo@branch key
            try (KafkaConsumer<String, HealthReport> consumer =
                    KafkaClients.consumer(kafka.bootstrapServers(), topic, "it-group")) {
                consumer.subscribe(List.of(topic.name()));
                List<ConsumerRecord<String, HealthReport>> got = KafkaClients.poll(consumer, 1, WAIT);
                assertThat(got).hasSize(1);
                assertThat(got.get(0).key()).isEqualTo("acgs2-core@main");
                assertThat(got.get(0).value()).isEqualTo(sent);
                consumer.commitSync();
            }
        }
    }

    @Test
    void createsTopicsCompactedWhereTheRegistrySays() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            Topics.create(admin, 2, (short) 1);
            // a second call creates nothing and does not fail
            assertThat(Topics.create(admin, 2, (short) 1)).isEmpty();
            List<ConfigResource> resources = Topics.all().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topic<?, ?> t : Topics.all()) {
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                        .get("cleanup.policy")
                        .value();
                assertThat(policy).as(t.name()).isEqualTo(t.compacted() ? "compact" : "delete");
            }
            var described = admin.describeTopics(
                            Topics.all().stream().map(Topic::name).toList())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(described.values())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(2));
        }
    }

    @Test
    void closeDeletesTheTemporaryDirectory() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dir = kafka.dataDir();
            assertThat(dir).isDirectory();
            assertThat(dir.resolve("node-0").resolve("data").resolve("meta.properties"))
                    .isRegularFile();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aGivenDataDirectoryIsKeptAndServesItsRecordsAfterARestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("kafka");
        Topic<String, HealthReport> topic = Topics.HEALTH;
        String clusterId;
        String bootstrap;
        // Given a broker in a kept directory that stored one report
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withDataDir(dir));
                Admin admin = KafkaClients.admin(kafka.bootstrapServers());
                KafkaProducer<String, HealthReport> producer = KafkaClients.producer(kafka.bootstrapServers(), topic)) {
            Topics.create(admin, 1, (short) 1);
            producer.send(new ProducerRecord<>(topic.name(), "acgs2-core@main", report("k1")))
                    .get(30, TimeUnit.SECONDS);
            clusterId = kafka.clusterId();
            bootstrap = kafka.bootstrapServers();
        }
        assertThat(dir.resolve(EmbeddedKafkaCluster.LAYOUT_FILE)).isRegularFile();
        // When a new broker starts on the same directory
        try (EmbeddedKafka again =
                        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withDataDir(dir));
                Admin admin = KafkaClients.admin(again.bootstrapServers());
                KafkaConsumer<String, HealthReport> consumer = KafkaClients.consumer(again.bootstrapServers(), topic)) {
            // Then it is the same cluster on the same port, with its topics and records
            assertThat(again.clusterId()).isEqualTo(clusterId);
            assertThat(again.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(Topics.create(admin, 1, (short) 1)).isEmpty();
            assertThat(KafkaClients.readAll(consumer, topic, 1, WAIT))
                    .extracting(ConsumerRecord::value)
                    .containsExactly(report("k1"));
        }
        assertThat(dir).isDirectory();
    }

    @Test
    void aTakenFixedPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int[] free = FreePorts.pick(1);
            EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults().withPorts(taken.getLocalPort(), free[0]);
            Set<Path> before = tempBrokerDirs();
            assertThatThrownBy(() -> EmbeddedKafka.start(config))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("did not start");
            // the failed start left no temporary directory behind
            assertThat(tempBrokerDirs()).isSubsetOf(before);
        }
    }

    @Test
    void fixedPortsAreUsed() {
        int[] ports = FreePorts.pick(2);
        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withPorts(ports[0], ports[1]))) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + ports[0]);
        }
    }

    private static Set<Path> tempBrokerDirs() throws IOException {
        try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("revchain-kafka-"))
                    .collect(Collectors.toSet());
        }
    }
}
