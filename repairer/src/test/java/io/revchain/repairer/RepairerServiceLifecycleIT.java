package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.SaslPlainKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topics;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.ServiceState;
import io.revchain.runtime.http.HealthServer;
import io.revchain.testkit.HttpProbe;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repairer under the service contract on a real embedded broker: RUNNING once its loop is subscribed, CLOSED
 * after close, FAILED with the cause, liveness 503, when the loop hits an unexpected exception, and its clients
 * configured by {@link KafkaSettings} (a SASL listener it can only reach with them).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RepairerServiceLifecycleIT {

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

    private static Map<String, Object> props() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    private static RepairerSettings settings(String group) {
        return RepairerSettings.defaults().withEnv(Map.of()).withGroupId(group);
    }

    /** A healthy report of a repository that may not be pushed to: the repairer only withdraws its proposal. */
    private static HealthReport healthy(String repo) {
        return new HealthReport(
                repo,
                "main",
                "1111111111111111111111111111111111111111",
                1,
                List.of("001"),
                List.of("001"),
                List.of(),
                HealthStatus.HEALTHY,
                Instant.now(),
                Instant.now(),
                Instant.now());
    }

    private static void sendHealth(HealthReport report) throws Exception {
        try (var producer = new KafkaProducer<>(
                props(),
                Topics.HEALTH.keySerde().serializer(),
                Topics.HEALTH.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.HEALTH.name(), report.key(), report))
                    .get();
        }
    }

    @Test
    void runsOnceClosesOnceAndStaysClosed() {
        RepairerService svc = new RepairerService(
                OrgConfig.of(List.of(RepositorySpec.of("app-l", "/nowhere"))),
                settings("repairer-lifecycle-a"),
                props(),
                tmp.resolve("work"),
                new SimpleMeterRegistry());
        assertThat(svc.state()).isEqualTo(ServiceState.NEW);
        svc.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.state().ready());
        assertThat(svc.name()).isEqualTo("repairer");

        assertThatThrownBy(svc::start).isInstanceOf(IllegalStateException.class);
        svc.close();
        svc.close();
        assertThat(svc.state()).isEqualTo(ServiceState.CLOSED);
        assertThatThrownBy(svc::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnexpectedExceptionInTheLoopMakesTheServiceFailedAndItsProcessNotLive() throws Exception {
        // Given a repairer whose proposals cannot be written (its producer's serializer fails), on a real broker
        KafkaRepairerClients real = new KafkaRepairerClients(props());
        Serializer<FixProposal> broken = (topic, proposal) -> {
            throw new SerializationException("injected: this proposal cannot be written");
        };
        RepairerClients failing = new RepairerClients() {
            @Override
            public void createTopics() {
                real.createTopics();
            }

            @Override
            public Producer<String, FixProposal> producer() {
                return new KafkaProducer<>(
                        props(), Topics.FIX_PROPOSALS.keySerde().serializer(), broken);
            }

            @Override
            public Consumer<String, HealthReport> consumer(String groupId) {
                return real.consumer(groupId);
            }
        };
        OrgConfig org = OrgConfig.of(List.of(RepositorySpec.of("app-f", "/nowhere")));
        try (RepairerService svc = new RepairerService(
                        org,
                        settings("repairer-lifecycle-f"),
                        failing,
                        tmp.resolve("work"),
                        new SimpleMeterRegistry());
                HealthServer health = HealthServer.bind("repairer-it", new InetSocketAddress("127.0.0.1", 0), null)) {
            health.register(svc);
            health.start();
            svc.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> svc.state().ready());
            assertThat(HttpProbe.get(health.port(), "/health/live").statusCode())
                    .isEqualTo(200);

            // When a report arrives whose proposal must be withdrawn
            sendHealth(healthy("app-f"));

            // Then the loop ends, the service is FAILED with that cause, and the process is not live
            await().atMost(Duration.ofSeconds(60)).until(() -> !svc.state().live());
            ServiceState failed = svc.state();
            assertThat(failed.phase()).isEqualTo(ServiceState.Phase.FAILED);
            assertThat(failed.cause()).get().isInstanceOf(SerializationException.class);
            HttpResponse<String> live = HttpProbe.get(health.port(), "/health/live");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("\"name\":\"repairer\",\"state\":\"FAILED\"");

            // and it stays FAILED once closed: the failure is what happened
            svc.close();
            assertThat(svc.state().phase()).isEqualTo(ServiceState.Phase.FAILED);
        }
    }

    @Test
    void itsClientsTakeTheirSecuritySettingsFromKafkaSettings() throws Exception {
        try (SaslPlainKafka sasl = SaslPlainKafka.start("revchain", "repairer-secret")) {
            // Given the settings of a SASL listener, as a deployment's environment gives them
            Map<String, String> login = sasl.clientSettings("revchain", "repairer-secret");
            Map<String, String> env = new HashMap<>();
            login.forEach(
                    (k, v) -> env.put("KAFKA_" + k.toUpperCase(Locale.ROOT).replace('.', '_'), v));
            env.put("KAFKA_BOOTSTRAP_SERVERS", sasl.saslBootstrapServers());
            KafkaSettings settings = KafkaSettings.fromEnv(env);
            OrgConfig org = OrgConfig.of(List.of(RepositorySpec.of("sasl-repo", "/nowhere")));
            try (RepairerService svc = new RepairerService(
                    org,
                    settings("repairer-lifecycle-sasl"),
                    settings,
                    tmp.resolve("work"),
                    new SimpleMeterRegistry())) {
                // When it starts and a healthy report arrives (sent over the plain listener)
                svc.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> svc.state().ready());
                try (var producer = new KafkaProducer<>(
                        Map.<String, Object>of("bootstrap.servers", sasl.plaintextBootstrapServers()),
                        Topics.HEALTH.keySerde().serializer(),
                        Topics.HEALTH.valueSerde().serializer())) {
                    HealthReport report = healthy("sasl-repo");
                    producer.send(new ProducerRecord<>(Topics.HEALTH.name(), report.key(), report))
                            .get();
                }

                // Then it was consumed and its tombstone produced over SASL
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keys(sasl.plaintextBootstrapServers()).contains("sasl-repo@main"));
                assertThat(svc.state().phase()).isEqualTo(ServiceState.Phase.RUNNING);
            }
        }
    }

    /** Every key on the proposals topic. */
    private static List<String> keys(String bootstrap) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, FixProposal> consumer = new KafkaConsumer<>(
                c,
                Topics.FIX_PROPOSALS.keySerde().deserializer(),
                Topics.FIX_PROPOSALS.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.FIX_PROPOSALS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<String> keys = new ArrayList<>();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, FixProposal> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
            return keys;
        }
    }
}
