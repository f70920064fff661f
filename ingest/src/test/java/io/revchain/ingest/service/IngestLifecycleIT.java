package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.SaslPlainKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.ServiceState;
import io.revchain.runtime.http.HealthServer;
import io.revchain.testkit.GitFixture;
import io.revchain.testkit.HttpProbe;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ingest as a {@code Service} on a real broker: its lifecycle, its health when a cycle fails, its settings. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestLifecycleIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static IngestSettings settings() {
        return IngestSettings.defaults()
                .withRemoteTimeout(Duration.ofSeconds(20))
                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                .withEnv(Map.of());
    }

    private GitFixture repo(String name) throws Exception {
        GitFixture g = GitFixture.create(tmp.resolve(name));
        g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                .write("migrations/versions/001_base.py", migration("001", null));
        g.commit("base");
        g.push("main", false);
        return g;
    }

    @Test
    void anUnexpectedFailureInACycleFailsTheServiceAndItsLiveness() throws Exception {
        IllegalStateException broken = new IllegalStateException("the cycle listener broke");
        AtomicInteger cycles = new AtomicInteger();
        try (GitFixture g = repo("failing");
                IngestService ingest = new IngestService(
                        OrgConfig.of(
                                List.of(RepositorySpec.of("failing", g.remote().toString()))),
                        settings(),
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        tmp.resolve("work"),
                        new SimpleMeterRegistry());
                HealthServer health =
                        HealthServer.bind("it-ingest-health", new InetSocketAddress("127.0.0.1", 0), () -> "")) {
            health.register(ingest);
            health.start();
            ingest.onCycle(r -> {
                cycles.incrementAndGet();
                throw broken;
            });
            ingest.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> !ingest.state().live());
            assertThat(ingest.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
            assertThat(ingest.state().cause()).containsSame(broken);
            assertThat(HttpProbe.get(health.port(), "/health/live").statusCode())
                    .isEqualTo(503);
            assertThat(HttpProbe.get(health.port(), "/health/ready").statusCode())
                    .isEqualTo(503);
            // polling stopped for good: a failed service does not go on as if nothing happened
            Thread.sleep(300);
            assertThat(cycles).hasValue(1);
            ingest.close();
            assertThat(ingest.state().cause()).containsSame(broken);
        }
    }

    @Test
    void aProducerThatCanNeverPublishFailsTheServiceNotEachRepositoryForEver() throws Exception {
        // Given ingest instance "twin" polling every second, its first scan published
        try (GitFixture g = repo("unpublishable");
                IngestService ingest = new IngestService(
                        OrgConfig.of(List.of(RepositorySpec.of(
                                        "unpublishable", g.remote().toString())))
                                .withInterval(Duration.ofSeconds(1)),
                        settings().withInstanceId("twin"),
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        tmp.resolve("work-fatal"),
                        new SimpleMeterRegistry());
                HealthServer health =
                        HealthServer.bind("it-ingest-fatal", new InetSocketAddress("127.0.0.1", 0), () -> "")) {
            health.register(ingest);
            health.start();
            ingest.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ingest.lastPublished("unpublishable", "main").isPresent());

            // When a second "twin" starts (its producer takes the transactional id: the first can never publish
            // again) and the repository has something new
            try (KafkaProducer<String, String> twin = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "revchain-ingest-twin"),
                    new StringSerializer(),
                    new StringSerializer())) {
                twin.initTransactions();
                g.write("migrations/versions/002_next.py", migration("002", "001"));
                g.commitAndPush("next", "main");

                // Then the service is FAILED with the client's error, and its liveness says so
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !ingest.state().live());
                assertThat(ingest.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
                assertThat(ingest.state().cause().orElseThrow())
                        .hasMessageContaining("can no longer publish")
                        .hasMessageContaining("another ingest instance started under the name 'twin'")
                        .hasRootCauseInstanceOf(ProducerFencedException.class);
                assertThat(HttpProbe.get(health.port(), "/health/live").statusCode())
                        .isEqualTo(503);
            }
        }
    }

    @Test
    void noIoBeforeStartStartTwiceThrowsCloseIsIdempotent() throws Exception {
        // nothing listens on port 9: a constructor that connected would fail or hang here
        IngestService idle = new IngestService(
                OrgConfig.of(List.of()),
                settings(),
                Map.of("bootstrap.servers", "127.0.0.1:9"),
                tmp.resolve("idle"),
                new SimpleMeterRegistry());
        assertThat(idle.state()).isEqualTo(ServiceState.NEW);
        idle.close();
        idle.close();
        assertThat(idle.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(idle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        try (GitFixture g = repo("twice");
                IngestService ingest = new IngestService(
                        OrgConfig.of(
                                List.of(RepositorySpec.of("twice", g.remote().toString()))),
                        settings(),
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        tmp.resolve("work2"),
                        new SimpleMeterRegistry())) {
            ingest.start();
            assertThat(ingest.state()).isEqualTo(ServiceState.RUNNING);
            assertThatThrownBy(ingest::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ingest was already started");
            ingest.close();
            ingest.close();
            assertThat(ingest.state()).isEqualTo(ServiceState.CLOSED);
        }
    }

    @Test
    void settingsFromTheEnvironmentReachEveryClientOverSasl() throws Exception {
        try (SaslPlainKafka sasl = SaslPlainKafka.start("revchain", "ingest-secret");
                GitFixture g = repo("sasl")) {
            Map<String, String> login = sasl.clientSettings("revchain", "ingest-secret");
            KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", login.get("bootstrap.servers"),
                    "KAFKA_SECURITY_PROTOCOL", login.get("security.protocol"),
                    "KAFKA_SASL_MECHANISM", login.get("sasl.mechanism"),
                    "KAFKA_SASL_JAAS_CONFIG", login.get("sasl.jaas.config")));
            // topic creation, the state read and both producers go through the SASL listener: there is no other way
            try (IngestService ingest = new IngestService(
                    OrgConfig.of(List.of(RepositorySpec.of("sasl", g.remote().toString()))),
                    settings(),
                    settings.asMap(),
                    tmp.resolve("work3"),
                    new SimpleMeterRegistry())) {
                CycleReport r = ingest.pollOnce();
                assertThat(r.repo("sasl").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
                assertThat(r.commits()).isEqualTo(1);
            }
            try (KafkaConsumer<String, MigrationEvent> c = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sasl.plaintextBootstrapServers(),
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                            ConsumerConfig.GROUP_ID_CONFIG, "it-check"),
                    Topics.MIGRATION_EVENTS.keySerde().deserializer(),
                    Topics.MIGRATION_EVENTS.valueSerde().deserializer())) {
                c.subscribe(List.of(Topics.MIGRATION_EVENTS.name()));
                List<MigrationEvent> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, MigrationEvent> rec : c.poll(Duration.ofMillis(200))) {
                        seen.add(rec.value());
                    }
                    return seen.size() >= 2;
                });
                assertThat(seen).hasSize(2);
            }
        }
    }
}
