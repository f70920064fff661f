package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.SaslPlainKafka;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.Topics;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.ServiceState;
import io.revchain.testkit.BreakableClock;
import io.revchain.testkit.HttpProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer as a {@code Service} on a real broker: its lifecycle, its health when Streams dies, its settings. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AnalyzerLifecycleIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, 1, (short) 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private AnalyzerConfig config(String bootstrap, String name, Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "http.host",
                "127.0.0.1",
                "advertised.host",
                "127.0.0.1",
                "http.port",
                "0",
                "state.dir",
                dir.resolve(name).toString(),
                "instance.id",
                name,
                "application.id",
                "revchain-analyzer-it-" + UUID.randomUUID()));
        flags.putAll(more);
        return AnalyzerConfig.resolve(flags, Map.of(), Map.of());
    }

    private static void publish(String bootstrap, MigrationEvent event) throws Exception {
        try (KafkaProducer<String, MigrationEvent> p = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                Serdes.String().serializer(),
                Topics.MIGRATION_EVENTS.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(Topics.MIGRATION_EVENTS.name(), event.repo(), event))
                    .get();
        }
    }

    @Test
    void aRecordThatKillsEveryStreamThreadFailsTheServiceAndItsLiveness() throws Exception {
        BreakableClock clock = new BreakableClock();
        try (AnalyzerService analyzer = new AnalyzerService(
                        config(kafka.bootstrapServers(), "it-failing", Map.of()),
                        new SimpleMeterRegistry(),
                        clock,
                        null)
                .threadReplacements(0)) {
            analyzer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> analyzer.state().ready());
            int port = analyzer.httpPort();
            assertThat(HttpProbe.get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(HttpProbe.get(port, "/health/ready").statusCode()).isEqualTo(200);

            IllegalStateException broken = new IllegalStateException("the clock broke");
            clock.failure.set(broken);
            publish(
                    kafka.bootstrapServers(),
                    new RepoUnavailable("failing-" + System.nanoTime(), "file:/nowhere", "test", 1, Instant.now()));

            // no replacement allowed: the first thread to die ends the analyzer (how many replacements a window
            // allows is ThreadReplacementsTest's; the dying thread's exception is the point here, not a failure)
            await().dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(150))
                    .until(() -> !analyzer.state().live());
            ServiceState failed = analyzer.state();
            assertThat(failed.phase()).isEqualTo(ServiceState.Phase.FAILED);
            assertThat(failed.cause().orElseThrow()).hasRootCauseMessage("the clock broke");
            assertThat(analyzer.streamsState()).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            assertThat(HttpProbe.get(port, "/health/live").statusCode()).isEqualTo(503);
            assertThat(HttpProbe.get(port, "/health/ready").statusCode()).isEqualTo(503);
            analyzer.close();
            assertThat(analyzer.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
        }
    }

    @Test
    void startTwiceThrowsAndCloseIsIdempotentBeforeAndAfterStart() {
        // nothing listens on port 9: a constructor that connected would fail or hang here
        AnalyzerService idle =
                new AnalyzerService(config("127.0.0.1:9", "it-idle", Map.of()), new SimpleMeterRegistry());
        assertThat(idle.state()).isEqualTo(ServiceState.NEW);
        idle.close();
        idle.close();
        assertThat(idle.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(idle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        AnalyzerService analyzer =
                new AnalyzerService(config(kafka.bootstrapServers(), "it-twice", Map.of()), new SimpleMeterRegistry());
        analyzer.start();
        assertThatThrownBy(analyzer::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("analyzer was already started");
        analyzer.close();
        analyzer.close();
        assertThat(analyzer.state()).isEqualTo(ServiceState.CLOSED);
    }

    @Test
    void settingsFromTheEnvironmentReachStreamsAndTheAdminOverSasl() throws Exception {
        try (SaslPlainKafka sasl = SaslPlainKafka.start("revchain", "analyzer-secret")) {
            Map<String, String> login = sasl.clientSettings("revchain", "analyzer-secret");
            KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", login.get("bootstrap.servers"),
                    "KAFKA_SECURITY_PROTOCOL", login.get("security.protocol"),
                    "KAFKA_SASL_MECHANISM", login.get("sasl.mechanism"),
                    "KAFKA_SASL_JAAS_CONFIG", login.get("sasl.jaas.config")));
            // as the CLI passes them: every client setting under kafka.*
            Map<String, String> more = new HashMap<>();
            settings.asMap().forEach((k, v) -> more.put("kafka." + k, v.toString()));
            AnalyzerConfig config = config(settings.bootstrapServers().orElseThrow(), "it-sasl", more);
            assertThat(config.toString()).doesNotContain("analyzer-secret").contains(KafkaSettings.REDACTED);
            // the admin (topic creation) and every client of Kafka Streams log in: there is no other way in
            try (AnalyzerService analyzer = new AnalyzerService(config, new SimpleMeterRegistry())) {
                analyzer.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> analyzer.state().ready());
                publish(
                        sasl.plaintextBootstrapServers(),
                        new RepoUnavailable("sasl-repo", "file:/nowhere", "test", 1, Instant.now()));
                try (KafkaConsumer<String, HealthReport> c = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sasl.plaintextBootstrapServers(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                                ConsumerConfig.GROUP_ID_CONFIG, "it-check"),
                        Serdes.String().deserializer(),
                        Topics.HEALTH.valueSerde().deserializer())) {
                    c.subscribe(List.of(Topics.HEALTH.name()));
                    AtomicReference<HealthReport> got = new AtomicReference<>();
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        for (ConsumerRecord<String, HealthReport> r : c.poll(Duration.ofMillis(200))) {
                            if (r.value() != null && r.value().repo().equals("sasl-repo")) {
                                got.set(r.value());
                            }
                        }
                        return got.get() != null;
                    });
                    assertThat(got.get().status()).isEqualTo(HealthStatus.UNAVAILABLE);
                }
            }
        }
    }
}
