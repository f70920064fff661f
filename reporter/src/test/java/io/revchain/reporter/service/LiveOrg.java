package io.revchain.reporter.service;

import static io.revchain.reporter.Reports.finding;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.proposal;
import static io.revchain.reporter.Reports.report;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.EventJson;
import io.revchain.event.HealthReport;
import io.revchain.event.Topic;
import io.revchain.event.Topics;
import io.revchain.reporter.Reports;
import java.io.IOException;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A broker, a reporter on it, and a known organisation on the topics:
 * <ul>
 *   <li>{@code legacy@main}: healthy, 3 revisions, published an hour before the reporter started (history);</li>
 *   <li>{@code alpha@main}: unhealthy, 8 revisions, 2 files without the constitutional hash, an open proposal;</li>
 *   <li>{@code beta@main}: healthy, 4 revisions;</li>
 *   <li>{@code gamma@main}: warning (multiple heads), 4 revisions;</li>
 *   <li>{@code delta@main}: healthy, 2 revisions, its proposal closed by a tombstone;</li>
 *   <li>{@code alpha@feature-y}: a merge preview into {@code main} that would leave two heads (an open collision),
 *   with the repairer's pushed rebase proposal;</li>
 *   <li>one unreadable record on {@code revchain.health} (key {@code junk@main}).</li>
 * </ul>
 * So: 5 repositories, 3 healthy (0.6), 19 of 21 migrations with the hash, 5 live reports (4 branches and the
 * preview), 2 open proposals (1 on a branch), 1 open collision.
 */
final class LiveOrg implements AutoCloseable {

    static final String INSTANCE = "it-reporter";

    final EmbeddedKafka kafka;
    final ReporterService reporter;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LiveOrg() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, Optional.empty(), Optional.of((short) 1), Duration.ofSeconds(30));
        }
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            send(
                    p,
                    Topics.HEALTH,
                    "legacy@main",
                    report("legacy", "main", 3, List.of(), Instant.now().minusSeconds(3600)));
        }
        reporter = new ReporterService(ReporterConfig.defaults(kafka.bootstrapServers())
                .withHttp("127.0.0.1", 0)
                .withSnapshotInterval(Duration.ofMillis(300))
                .withInstanceId(INSTANCE));
        reporter.start();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            live(p, "alpha", 8, missingHash(2));
            send(p, Topics.FIX_PROPOSALS, "alpha@main", proposal("alpha", "main"));
            live(p, "beta", 4, List.of());
            live(p, "gamma", 4, List.of(finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null)));
            live(p, "delta", 2, List.of());
            HealthReport preview = Reports.collision("alpha", "feature-y");
            send(
                    p,
                    Topics.HEALTH,
                    preview.key(),
                    new HealthReport(
                            preview.schema(),
                            preview.repo(),
                            preview.branch(),
                            preview.commit(),
                            preview.revisions(),
                            preview.heads(),
                            preview.bases(),
                            preview.findings(),
                            preview.status(),
                            Instant.now(),
                            Instant.now(),
                            Instant.now(),
                            preview.candidate(),
                            preview.target(),
                            preview.candidateCommit(),
                            preview.targetCommit(),
                            preview.chains()));
            send(p, Topics.FIX_PROPOSALS, "alpha@feature-y", Reports.rebase("alpha", "feature-y"));
            send(p, Topics.FIX_PROPOSALS, "delta@main", proposal("delta", "main"));
            p.send(new ProducerRecord<>(Topics.FIX_PROPOSALS.name(), bytes("delta@main"), null))
                    .get();
            p.send(new ProducerRecord<>(Topics.HEALTH.name(), bytes("junk@main"), bytes("{not json")))
                    .get();
        }
        reporter.recordCache(90, 10);
        // the picture is complete once every record was read, the tombstone included
        await().atMost(Duration.ofSeconds(30))
                .until(() -> reporter.view().rows().size() == 5
                        && reporter.view().openProposals() == 2
                        && reporter.view().collisions().size() == 1
                        && reporter.registry()
                                        .find("revchain.reporter.records")
                                        .tag("outcome", "unreadable")
                                        .counter()
                                != null);
    }

    private static void live(KafkaProducer<byte[], byte[]> p, String repo, int revisions, List<Finding> findings)
            throws Exception {
        HealthReport r = report(repo, "main", revisions, findings, Instant.now());
        send(p, Topics.HEALTH, r.key(), r);
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> p, Topic<String, V> topic, String key, V value)
            throws Exception {
        p.send(new ProducerRecord<>(
                        topic.name(),
                        bytes(key),
                        topic.valueSerde().serializer().serialize(topic.name(), value)))
                .get();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    URI uri(String path) {
        return reporter.uri().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return EventJson.mapper().readTree(r.body());
    }

    @Override
    public void close() {
        reporter.close();
        kafka.close();
    }
}
