package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analysis.ChainAnalysis;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.EventJson;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: events for several repositories → two analyzer instances splitting four partitions →
 * {@code revchain.health}; and an HTTP query sent to one instance for a repository the other one owns.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AnalyzerServiceIT {

    private static final ObjectMapper JSON = EventJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void twoInstancesSplitThePartitionsAndAnswerForEachOther() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Topics.create(admin, 4, (short) 1);
            }
            AnalyzerConfig base = AnalyzerConfig.resolve(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "http.host",
                            "127.0.0.1",
                            "advertised.host",
                            "127.0.0.1",
                            "create.topics",
                            "false",
                            "application.id",
                            "revchain-analyzer-it-" + UUID.randomUUID()),
                    Map.of(),
                    Map.of());
            try (AnalyzerService a = new AnalyzerService(
                                    base.withInstance("it-a", dir.resolve("a"), 0), new SimpleMeterRegistry())
                            .started();
                    AnalyzerService b = new AnalyzerService(
                                    base.withInstance("it-b", dir.resolve("b"), 0), new SimpleMeterRegistry())
                            .started()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> a.streamsState() == KafkaStreams.State.RUNNING
                                && b.streamsState() == KafkaStreams.State.RUNNING
                                && assigned(a) > 0
                                && assigned(b) > 0);
                // four tasks per sub-topology: the events' partitions and the org claims' (OrgTopology)
                assertThat(assigned(a) + assigned(b)).isEqualTo(8);
                assertThat(get(a.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
                assertThat(get(a.httpPort(), "/health/live").statusCode()).isEqualTo(200);

                // Given eight repositories, each a linear chain, one of them broken
                Map<String, List<MigrationScript>> repos = new HashMap<>();
                try (KafkaProducer<String, MigrationEvent> producer = producer(kafka)) {
                    for (int r = 0; r < 8; r++) {
                        String repo = "org/repo-" + r;
                        List<MigrationScript> files = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            String down = i == 0 ? null : r == 3 && i == 4 ? "gone" : "r" + r + "x" + (i - 1);
                            files.add(Gen.script(
                                    String.format("%03d_m%d.py", i, i),
                                    "r" + r + "x" + i,
                                    down == null ? List.of() : List.of(down),
                                    "step " + i,
                                    true));
                        }
                        repos.put(repo, files);
                        String commit = String.format("%040x", r + 1);
                        for (MigrationScript s : files) {
                            producer.send(new ProducerRecord<>(
                                    Topics.MIGRATION_EVENTS.name(),
                                    repo,
                                    new FileChanged(
                                            repo,
                                            "main",
                                            commit,
                                            s.path(),
                                            ChangeKind.ADDED,
                                            null,
                                            "blob",
                                            s,
                                            Instant.now(),
                                            Instant.now())));
                        }
                        producer.send(new ProducerRecord<>(
                                Topics.MIGRATION_EVENTS.name(),
                                repo,
                                new CommitScanned(
                                        repo, "main", commit, files.size(), true, Instant.now(), Instant.now())));
                    }
                }

                // Then every repository gets its report on revchain.health, equal to the full analysis
                Map<String, HealthReport> reports = readHealth(kafka, 8);
                assertThat(reports).hasSize(8);
                for (Map.Entry<String, List<MigrationScript>> e : repos.entrySet()) {
                    HealthReport h = reports.get(e.getKey() + "@main");
                    ChainAnalysis full = ChainAnalysis.of(e.getValue(), Policy.alembic());
                    assertThat(h.findings()).as(e.getKey()).isEqualTo(full.findings());
                    assertThat(h.heads()).as(e.getKey()).isEqualTo(full.heads());
                }
                assertThat(reports.get("org/repo-3@main").status()).isEqualTo(HealthStatus.UNHEALTHY);
                // both instances did part of the work
                assertThat(a.metrics().reportsSent().count()).isPositive();
                assertThat(b.metrics().reportsSent().count()).isPositive();
                assertThat(a.metrics().reportsSent().count()
                                + b.metrics().reportsSent().count())
                        .isEqualTo(8.0);

                // When instance a is asked about a repository that b owns
                HostInfo hostB = new HostInfo("127.0.0.1", b.httpPort());
                String owned = repos.keySet().stream()
                        .filter(r -> owner(a, r).equals(hostB))
                        .findFirst()
                        .orElseThrow();
                HttpResponse<String> answer =
                        get(a.httpPort(), "/repos/" + URLEncoder.encode(owned, StandardCharsets.UTF_8));
                // Then a forwards it to b and returns b's report
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-Revchain-Served-By")).contains(hostB.toString());
                HealthReport viaHttp = JSON.readValue(answer.body(), HealthReport.class);
                assertThat(viaHttp).isEqualTo(reports.get(owned + "@main"));
                // an unknown repository is a 404, and the listing has every repository from both instances
                assertThat(get(b.httpPort(), "/repos/nobody%2Fnothing").statusCode())
                        .isEqualTo(404);
                JsonNode list = JSON.readTree(get(b.httpPort(), "/repos").body());
                assertThat(list.size()).isEqualTo(8);
                assertThat(list.findValuesAsText("status")).contains("unhealthy", "healthy");
                // Kafka Streams' own metrics are bound next to ours
                assertThat(a.metrics().registry().getMeters())
                        .anyMatch(m -> m.getId().getName().startsWith("kafka.stream"));
            }
        }
    }

    private static int assigned(AnalyzerService s) {
        return s.streams().metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    private static HostInfo owner(AnalyzerService s, String repo) {
        KeyQueryMetadata m = s.streams()
                .queryMetadataForKey(
                        AnalyzerTopology.HEALTH_STORE, repo, Serdes.String().serializer());
        return m.activeHost();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, MigrationEvent> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(
                p,
                Serdes.String().serializer(),
                Topics.MIGRATION_EVENTS.valueSerde().serializer());
    }

    private static Map<String, HealthReport> readHealth(EmbeddedKafka kafka, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, HealthReport> out = new HashMap<>();
        try (KafkaConsumer<String, HealthReport> c = new KafkaConsumer<>(
                p, Serdes.String().deserializer(), Topics.HEALTH.valueSerde().deserializer())) {
            c.subscribe(List.of(Topics.HEALTH.name()));
            long end = System.currentTimeMillis() + 60_000;
            while (out.size() < expected && System.currentTimeMillis() < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.put(r.key(), r.value()));
            }
        }
        return out;
    }
}
