package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.EventJson;
import io.revchain.event.OrgFinding;
import io.revchain.event.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reporter reads {@code revchain.org-findings}: the organisation view in JSON, on /metrics and the dashboard. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrgFindingsReporterIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void orgFindingsAreServedPerOrganisationAndPerRepositoryAndCounted() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Topics.create(admin, Optional.empty(), Optional.of((short) 1), Duration.ofSeconds(30));
            }
            ReporterService reporter = new ReporterService(
                    ReporterConfig.defaults(kafka.bootstrapServers()).withHttp("127.0.0.1", 0));
            try (reporter;
                    KafkaProducer<byte[], byte[]> p = producer(kafka)) {
                reporter.start();
                // Given two shared ids, and a third whose collision is over (a tombstone after its finding)
                send(p, "1975ea83b712", finding("1975ea83b712", OrgFinding.IDENTICAL_COPY, false, "org/a", "org/b"));
                send(p, "0001", finding("0001", OrgFinding.DIVERGED, true, "org/b", "org/c"));
                send(p, "ae1027a6acf0", finding("ae1027a6acf0", OrgFinding.DIVERGED, false, "org/a", "org/c"));
                send(p, "ae1027a6acf0", null);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> reporter.orgFindings().findings().size() == 2
                                && reporter.orgFindings().revisionsByRepo().size() == 3);

                // Then the JSON API lists them, and one repository's part
                JsonNode all = json(reporter.port(), "/api/org-findings");
                assertThat(all.get("findings")).hasSize(2);
                assertThat(all.get("findings").get(0).get("revision").asText()).isEqualTo("0001");
                assertThat(all.get("findings").get(0).get("handTyped").asBoolean())
                        .isTrue();
                assertThat(all.get("byKind").get("identical-copy").asLong()).isEqualTo(1);
                assertThat(all.get("revisionsByRepo").get("org/b")).hasSize(2);
                JsonNode c = json(reporter.port(), "/api/org-findings?repo=org%2Fc");
                assertThat(c.get("findings")).hasSize(1);
                assertThat(c.get("findings")
                                .get(0)
                                .get("locations")
                                .get(1)
                                .get("repo")
                                .asText())
                        .isEqualTo("org/c");

                // And /metrics counts them by kind
                PrometheusText metrics =
                        PrometheusText.parse(get(reporter.port(), "/metrics").body());
                assertThat(metrics.samples)
                        .anySatisfy(s -> {
                            assertThat(s.name()).isEqualTo("revchain_org_findings");
                            assertThat(s.labels()).containsEntry("kind", "diverged");
                            assertThat(s.value()).isEqualTo(1.0);
                        })
                        .anySatisfy(s -> {
                            assertThat(s.name()).isEqualTo("revchain_org_findings_repositories");
                            assertThat(s.value()).isEqualTo(3.0);
                        });

                // And the dashboard has the organisation section and the per-repository box
                String page = get(reporter.port(), "/").body();
                assertThat(page).contains("id=\"org-findings\"", "/api/org-findings", "orgBox(h.key)");
            }
        }
    }

    private static OrgFinding finding(String id, String kind, boolean handTyped, String... repos) {
        return new OrgFinding(
                id,
                kind,
                handTyped,
                List.of(repos),
                List.of(repos).stream()
                        .map(r -> new OrgFinding.Location(r, "main", "versions/" + id + ".py", "blob"))
                        .toList(),
                "revision '" + id + "' is shared",
                Instant.now());
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, OrgFinding f) throws Exception {
        p.send(new ProducerRecord<>(
                        Topics.ORG_FINDINGS.name(),
                        key.getBytes(StandardCharsets.UTF_8),
                        f == null
                                ? null
                                : Topics.ORG_FINDINGS.valueSerde().serializer().serialize("t", f)))
                .get();
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private JsonNode json(int port, String path) throws Exception {
        HttpResponse<String> r = get(port, path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
