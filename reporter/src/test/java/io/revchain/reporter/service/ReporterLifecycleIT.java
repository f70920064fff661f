package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.SaslPlainKafka;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.reporter.Reports;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.ServiceState;
import io.revchain.testkit.BreakableClock;
import io.revchain.testkit.HttpProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reporter as a {@code Service} on a real broker: its lifecycle, its health when its loop fails, its settings. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReporterLifecycleIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, Optional.empty(), Optional.of((short) 1), Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void publish(String bootstrap, HealthReport report) throws Exception {
        try (KafkaProducer<String, HealthReport> p = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.HEALTH.keySerde().serializer(),
                Topics.HEALTH.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(Topics.HEALTH.name(), report.key(), report))
                    .get();
        }
    }

    @Test
    void anUnexpectedFailureInTheLoopFailsTheServiceAndItsLiveness() throws Exception {
        BreakableClock clock = new BreakableClock();
        ReporterConfig config = ReporterConfig.defaults(kafka.bootstrapServers())
                .withHttp("127.0.0.1", 0)
                .withInstanceId("it-failing");
        try (ReporterService reporter = new ReporterService(config, null, clock)) {
            reporter.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> reporter.state().ready());
            assertThat(HttpProbe.get(reporter.uri().resolve("/health/live")).statusCode())
                    .isEqualTo(200);
            assertThat(HttpProbe.get(reporter.uri().resolve("/health/ready")).statusCode())
                    .isEqualTo(200);

            IllegalStateException broken = new IllegalStateException("the clock broke");
            clock.failure.set(broken);
            publish(kafka.bootstrapServers(), Reports.healthy("failing-" + System.nanoTime(), 3));

            await().atMost(Duration.ofSeconds(30)).until(() -> !reporter.state().live());
            assertThat(reporter.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
            assertThat(reporter.state().cause()).containsSame(broken);
            assertThat(HttpProbe.get(reporter.uri().resolve("/health/live")).statusCode())
                    .isEqualTo(503);
            assertThat(HttpProbe.get(reporter.uri().resolve("/health/ready")).statusCode())
                    .isEqualTo(503);
            assertThat(HttpProbe.get(reporter.uri().resolve("/health/live")).body())
                    .contains("\"name\":\"reporter\",\"state\":\"FAILED\"");
            // /metrics still answers, so the failure is visible there too, not hidden behind a dead server
            assertThat(HttpProbe.get(reporter.uri().resolve("/metrics")).statusCode())
                    .isEqualTo(200);
            reporter.close();
            assertThat(reporter.state().cause()).containsSame(broken);
        }
    }

    @Test
    void startTwiceThrowsAndCloseIsIdempotentBeforeAndAfterStart() {
        ReporterConfig config = ReporterConfig.defaults(kafka.bootstrapServers())
                .withHttp("127.0.0.1", 0)
                .withInstanceId("it-lifecycle");
        ReporterService reporter = new ReporterService(config);
        assertThat(reporter.state()).isEqualTo(ServiceState.NEW);
        reporter.start();
        assertThatThrownBy(reporter::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reporter was already started");
        reporter.close();
        reporter.close();
        assertThat(reporter.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(reporter::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        ReporterService never = new ReporterService(config);
        never.close();
        never.close();
        assertThat(never.state()).isEqualTo(ServiceState.CLOSED);
    }

    @Test
    void settingsFromTheEnvironmentReachEveryClientOverSasl() throws Exception {
        try (SaslPlainKafka sasl = SaslPlainKafka.start("revchain", "reporter-secret")) {
            Map<String, String> login = sasl.clientSettings("revchain", "reporter-secret");
            KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", login.get("bootstrap.servers"),
                    "KAFKA_SECURITY_PROTOCOL", login.get("security.protocol"),
                    "KAFKA_SASL_MECHANISM", login.get("sasl.mechanism"),
                    "KAFKA_SASL_JAAS_CONFIG", login.get("sasl.jaas.config")));
            ReporterConfig config = ReporterConfig.defaults(
                            settings.bootstrapServers().orElseThrow())
                    .withKafka(settings.asMap())
                    .withHttp("127.0.0.1", 0)
                    .withInstanceId("it-sasl")
                    .withSnapshotInterval(Duration.ofMillis(200));
            assertThat(config.toString()).doesNotContain("reporter-secret").contains(KafkaSettings.REDACTED);
            // the admin (topic creation), the consumer and the producer all log in: there is no other way in
            try (ReporterService reporter = new ReporterService(config)) {
                reporter.start();
                publish(sasl.plaintextBootstrapServers(), Reports.healthy("sasl-repo", 2));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> reporter.view().rows().stream()
                                .anyMatch(r -> r.key().equals("sasl-repo@main")));
                assertThat(reporter.state()).isEqualTo(ServiceState.RUNNING);
                try (KafkaConsumer<String, ComplianceSnapshot> c = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sasl.plaintextBootstrapServers(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                                ConsumerConfig.GROUP_ID_CONFIG, "it-sasl-check"),
                        new StringDeserializer(),
                        Topics.COMPLIANCE.valueSerde().deserializer())) {
                    c.subscribe(List.of(Topics.COMPLIANCE.name()));
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        for (ConsumerRecord<String, ComplianceSnapshot> r : c.poll(Duration.ofMillis(200))) {
                            if ("it-sasl".equals(r.key())) {
                                return true;
                            }
                        }
                        return false;
                    });
                }
            }
        }
    }
}
