package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.revchain.core.model.Check;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.DeadLetter;
import io.revchain.event.Topics;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.Targets;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reporter against a real broker: the picture, the JSON API, /metrics and the compliance topic. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReporterServiceIT {

    private static LiveOrg org;

    @BeforeAll
    static void start() throws Exception {
        org = new LiveOrg();
    }

    @AfterAll
    static void stop() {
        if (org != null) {
            org.close();
        }
    }

    @Test
    void api_repos_lists_every_branch_with_status_findings_and_open_proposal() throws Exception {
        JsonNode repos = org.json("/api/repos");

        assertThat(StreamSupport.stream(repos.spliterator(), false)
                        .map(r -> r.get("key").asText()))
                .containsExactly("alpha@main", "beta@main", "delta@main", "gamma@main", "legacy@main");
        JsonNode alpha = repos.get(0);
        assertThat(alpha.get("status").asText()).isEqualTo("unhealthy");
        assertThat(alpha.get("revisions").asInt()).isEqualTo(8);
        assertThat(alpha.get("heads").get(0).asText()).isEqualTo("head1");
        assertThat(alpha.get("missingHashFiles").asInt()).isEqualTo(2);
        assertThat(alpha.get("findingsByCheck")
                        .get(Check.MISSING_CONSTITUTIONAL_HASH.wire())
                        .asLong())
                .isEqualTo(2);
        assertThat(alpha.get("findings")).hasSize(2);
        assertThat(alpha.get("proposal").get("fixBranch").asText()).isEqualTo("revchain/fix-main-1a2b3c4");
        assertThat(alpha.get("proposal").get("diff").asText()).contains("+++ b/versions/merge_ab.py");
        // delta's proposal was closed by a tombstone
        assertThat(repos.get(2).has("proposal")).isFalse();
        assertThat(repos.get(3).get("status").asText()).isEqualTo("warning");
    }

    @Test
    void api_collisions_lists_the_open_collisions_per_repository_with_their_rebase() throws Exception {
        JsonNode byRepo = org.json("/api/collisions");

        // the candidate's preview is no branch of /api/repos, but alpha's one open collision
        assertThat(StreamSupport.stream(org.json("/api/repos").spliterator(), false)
                        .map(r -> r.get("key").asText()))
                .doesNotContain("alpha@feature-y");
        assertThat(byRepo.fieldNames()).toIterable().containsExactly("alpha");
        assertThat(byRepo.get("alpha")).hasSize(1);
        JsonNode c = byRepo.get("alpha").get(0);
        assertThat(c.get("key").asText()).isEqualTo("alpha@feature-y");
        assertThat(c.get("candidate").asText()).isEqualTo("feature-y");
        assertThat(c.get("target").asText()).isEqualTo("main");
        assertThat(c.get("targetCommit").asText()).isEqualTo("beef01");
        assertThat(c.get("revisions")).extracting(JsonNode::asText).containsExactly("003y", "003x");
        assertThat(c.get("findings").get(0).get("check").asText()).isEqualTo(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
        assertThat(c.get("proposal").get("strategy").asText()).isEqualTo("rebase");
        assertThat(c.get("proposal").get("fixBranch").asText()).isEqualTo("revchain/rebase-feature-y-0a1b2c3d");
    }

    @Test
    void api_compliance_has_the_exact_ratios_and_each_target() throws Exception {
        JsonNode c = org.json("/api/compliance");

        assertThat(c.get("repos").asInt()).isEqualTo(5);
        assertThat(c.get("healthyShare").asDouble()).isEqualTo(0.6);
        assertThat(c.get("constitutionalCompliance").asDouble()).isEqualTo(19.0 / 21.0);
        assertThat(c.get("cacheHitRate").asDouble()).isEqualTo(0.9);
        assertThat(c.get("findingsByCheck").get(Check.MULTIPLE_HEADS.wire()).asLong())
                .isEqualTo(1);
        Map<String, JsonNode> targets = new HashMap<>();
        c.get("targets").forEach(t -> targets.put(t.get("name").asText(), t));
        assertThat(targets).containsOnlyKeys(Compliance.NAMES);
        assertThat(targets.get(Compliance.CACHE_HIT_RATE).get("pass").asBoolean())
                .isTrue();
        assertThat(targets.get(Compliance.CACHE_HIT_RATE).get("comparison").asText())
                .isEqualTo(">");
        assertThat(targets.get(Compliance.CONSTITUTIONAL_COMPLIANCE).get("pass").asBoolean())
                .isFalse();
        assertThat(targets.get(Compliance.CONSTITUTIONAL_COMPLIANCE)
                        .get("target")
                        .asDouble())
                .isEqualTo(1.0);
        // five live reports are too few to judge throughput or latency: not enough data, never a failure
        for (String t :
                List.of(Compliance.THROUGHPUT_PER_SEC, Compliance.P99_VERIFICATION_MS, Compliance.P99_END_TO_END_MS)) {
            assertThat(targets.get(t).get("pass").asBoolean()).as(t).isFalse();
            assertThat(targets.get(t).get("verdict").asText()).as(t).isEqualTo("not-enough-data");
            assertThat(targets.get(t).get("minSamples").asLong()).as(t).isEqualTo(100);
            assertThat(targets.get(t).get("windowSeconds").asLong()).as(t).isEqualTo(60);
        }
        assertThat(targets.get(Compliance.THROUGHPUT_PER_SEC).get("samples").asLong())
                .isEqualTo(5);
        assertThat(targets.get(Compliance.CACHE_HIT_RATE).get("verdict").asText())
                .isEqualTo("pass");
        assertThat(targets.get(Compliance.CONSTITUTIONAL_COMPLIANCE)
                        .get("verdict")
                        .asText())
                .isEqualTo("fail");
        // the four repositories' first reports are their initial scans, counted apart
        assertThat(c.get("initialScan").get("reports").asLong()).isBetween(4L, 5L);
        assertThat(c.get("complianceByRepo").get("alpha").asDouble()).isEqualTo(0.75);
    }

    @Test
    void metrics_over_http_count_live_replayed_unreadable_and_tombstones() throws Exception {
        HttpResponse<String> r = org.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));

        PrometheusText p = PrometheusText.parse(r.body());
        assertThat(p.value("revchain_events_processed_total", Map.of())).isEqualTo(5.0);
        // each live report is a first scan or a steady latency sample (the preview's side depends on when it was
        // published against alpha's first report)
        assertThat(p.value("revchain_end_to_end_latency_seconds_count", Map.of())
                        + p.value("revchain_initial_scan_reports_total", Map.of()))
                .isEqualTo(5.0);
        assertThat(p.samples("revchain_end_to_end_latency_seconds_bucket"))
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "0.005"));
        assertThat(p.value(
                        "revchain_reporter_records_total", Map.of("topic", "revchain.health", "outcome", "replayed")))
                .isEqualTo(1.0);
        assertThat(p.value(
                        "revchain_reporter_records_total", Map.of("topic", "revchain.health", "outcome", "unreadable")))
                .isEqualTo(1.0);
        assertThat(p.value(
                        "revchain_reporter_records_total",
                        Map.of("topic", "revchain.fix-proposals", "outcome", "tombstone")))
                .isEqualTo(1.0);
        assertThat(p.value("revchain_repositories", Map.of("status", "healthy")))
                .isEqualTo(3.0);
        assertThat(p.value("revchain_proposals_open", Map.of())).isEqualTo(2.0);
        assertThat(p.value("revchain_collisions_open", Map.of("repo", "alpha"))).isEqualTo(1.0);
        assertThat(p.value("revchain_collisions_open", Map.of("repo", "beta"))).isZero();
        assertThat(p.value("revchain_constitutional_compliance_ratio", Map.of()))
                .isCloseTo(19.0 / 21, within(1e-12));
    }

    @Test
    void snapshots_appear_on_the_compliance_topic_under_the_instance_id() {
        ComplianceSnapshot s = firstFull();
        assertThat(s.repos()).isEqualTo(5);
        assertThat(s.healthyShare()).isEqualTo(0.6);
        assertThat(s.targets()).extracting(ComplianceTarget::name).containsExactlyElementsOf(Compliance.NAMES);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static ComplianceSnapshot firstFull() {
        try (KafkaConsumer<String, ComplianceSnapshot> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", org.kafka.bootstrapServers()),
                Topics.COMPLIANCE.keySerde().deserializer(),
                Topics.COMPLIANCE.valueSerde().deserializer())) {
            List<TopicPartition> tps = partitions(c, Topics.COMPLIANCE.name());
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ComplianceSnapshot> r : c.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isEqualTo(LiveOrg.INSTANCE);
                    if (r.value().repos() == 5 && r.value().cacheHitRate() == 0.9) {
                        return r.value();
                    }
                }
            }
            throw new AssertionError("no complete ComplianceSnapshot on " + Topics.COMPLIANCE.name());
        }
    }

    @Test
    void an_unreadable_record_becomes_a_dead_letter() {
        try (KafkaConsumer<String, DeadLetter> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", org.kafka.bootstrapServers()),
                Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer())) {
            List<TopicPartition> tps = partitions(c, Topics.DEAD_LETTERS.name());
            c.assign(tps);
            c.seekToBeginning(tps);
            List<DeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
            }
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.sourceTopic()).isEqualTo(Topics.HEALTH.name());
                assertThat(d.key()).isEqualTo("junk@main");
                assertThat(d.valuePreview()).isEqualTo("{not json");
                assertThat(d.reason()).isNotBlank();
            });
        }
    }

    @Test
    void http_is_read_only_and_knows_only_its_paths() throws Exception {
        HttpResponse<String> post = org.http.send(
                HttpRequest.newBuilder(org.uri("/api/repos"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(org.get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(org.get("/").headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(org.reporter.uri().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void a_closed_reporter_no_longer_serves() throws Exception {
        try (ReporterService other = new ReporterService(
                org.kafka.bootstrapServers(), "127.0.0.1", 0, Targets.defaults(), Duration.ofSeconds(1))) {
            other.start();
            URI u = other.uri().resolve("/api/compliance");
            assertThat(org.http
                            .send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            other.close();
            assertThatThrownBy(() ->
                            org.http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
