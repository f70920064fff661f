package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.CommitScanned;
import io.revchain.event.MigrationEvent;
import io.revchain.event.PushTrigger;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.runtime.http.HealthServer;
import io.revchain.testkit.GitFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push webhooks over real HTTP to a running fleet instance, signed the way each forge signs them: a valid push is
 * fetched at once (the poll interval is an hour), every refusal publishes nothing, a replay and an unknown
 * repository are ignored, an oversized body is 413.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebhookIT {

    private static final String V = "migrations/versions/";
    private static final String SECRET = "webhook secret for the test";
    private static final int MAX = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aSignedPushIsFetchedAtOnceAndEveryBadRequestPublishesNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                GitFixture g = GitFixture.create(tmp.resolve("git"));
                HealthServer http = HealthServer.bind("webhook-it", new InetSocketAddress("127.0.0.1", 0), null)) {
            Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin a = Admin.create(props)) {
                Topics.create(a, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
            // Given a repository whose webhook secret is in HOOK_SECRET, polled only once an hour
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write(V + "001_base.py", migration("001", null));
            RevCommit c1 = g.commitAndPush("base", "main");
            OrgConfig org = OrgConfig.of(List.of(
                            RepositorySpec.of("hooked", g.remote().toString()).withBranches(List.of("main"))))
                    .withInterval(Duration.ofHours(1));
            RepositoriesTopic.sync(org, s -> "HOOK_SECRET", props, Duration.ofSeconds(30));
            IngestSettings settings = IngestSettings.defaults()
                    .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                    .withEnv(Map.of("HOOK_SECRET", SECRET))
                    .withInstanceId(null)
                    .withGroupId("webhook-it");
            try (IngestService ingest =
                    IngestService.fleet(org, settings, props, tmp.resolve("work"), new SimpleMeterRegistry())) {
                ingest.webhooks(http, MAX);
                http.start();
                ingest.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> lastMarker(kafka).equals(c1.name()));

                // When a commit is pushed and GitHub's signed push webhook arrives
                g.write(V + "002_next.py", migration("002", "001"));
                RevCommit c2 = g.commitAndPush("next", "main");
                String github = payload("refs/heads/main", c2.name(), g.remote().toString());
                HttpResponse<String> ok = post(
                        http,
                        "github",
                        github,
                        Map.of(
                                "X-GitHub-Event", "push",
                                "X-GitHub-Delivery", "delivery-1",
                                "X-Hub-Signature-256", "sha256=" + hmac(github)));

                // Then it is accepted and the commit is published long before the hourly poll
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
                assertThat(ok.body()).contains("accepted: hooked@main");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> lastMarker(kafka).equals(c2.name()));

                // When the same delivery is replayed, a signature is wrong, a repository is unknown, a body too big
                HttpResponse<String> replay = post(
                        http,
                        "github",
                        github,
                        Map.of(
                                "X-GitHub-Event", "push",
                                "X-GitHub-Delivery", "delivery-1",
                                "X-Hub-Signature-256", "sha256=" + hmac(github)));
                HttpResponse<String> forged = post(
                        http,
                        "github",
                        github,
                        Map.of(
                                "X-GitHub-Event", "push",
                                "X-GitHub-Delivery", "delivery-2",
                                "X-Hub-Signature-256", "sha256=" + hmac(github + " ")));
                String elsewhere = payload("refs/heads/main", c2.name(), "https://github.com/other/repo.git");
                HttpResponse<String> unknown = post(
                        http,
                        "github",
                        elsewhere,
                        Map.of(
                                "X-GitHub-Event", "push",
                                "X-GitHub-Delivery", "delivery-3",
                                "X-Hub-Signature-256", "sha256=" + hmac(elsewhere)));
                String huge = github.replace("\"commits\":[]", "\"commits\":[],\"pad\":\"" + "x".repeat(MAX) + "\"");
                HttpResponse<String> tooBig = post(
                        http,
                        "github",
                        huge,
                        Map.of(
                                "X-GitHub-Event", "push",
                                "X-GitHub-Delivery", "delivery-4",
                                "X-Hub-Signature-256", "sha256=" + hmac(huge)));
                HttpResponse<String> badToken = post(
                        http,
                        "gitlab",
                        gitlab("refs/heads/main", c2.name(), g),
                        Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET + "!"));
                HttpResponse<String> get = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + http.port() + "/webhooks/github"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                // Then each gets its answer
                assertThat(replay.statusCode()).isEqualTo(202);
                assertThat(replay.body()).contains("already received");
                assertThat(forged.statusCode()).isEqualTo(401);
                assertThat(forged.body()).doesNotContain(SECRET);
                assertThat(unknown.statusCode()).isEqualTo(202);
                assertThat(unknown.body()).contains("not watched");
                assertThat(tooBig.statusCode()).isEqualTo(413);
                assertThat(badToken.statusCode()).isEqualTo(401);
                assertThat(get.statusCode()).isEqualTo(405);

                // When GitLab and Gitea send valid pushes (token; hex HMAC without prefix)
                String gl = gitlab("refs/heads/main", c2.name(), g);
                HttpResponse<String> gitlabOk = post(
                        http,
                        "gitlab",
                        gl,
                        Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", "gl-1", "X-Gitlab-Token", SECRET));
                String gt = payload("refs/heads/main", c2.name(), g.remote().toString());
                HttpResponse<String> giteaOk = post(
                        http,
                        "gitea",
                        gt,
                        Map.of("X-Gitea-Event", "push", "X-Gitea-Delivery", "gt-1", "X-Gitea-Signature", hmac(gt)));
                assertThat(gitlabOk.statusCode()).as(gitlabOk.body()).isEqualTo(202);
                assertThat(giteaOk.statusCode()).as(giteaOk.body()).isEqualTo(202);

                // Then exactly the three accepted requests are on the trigger topic, in order: nothing else was
                List<PushTrigger> triggers = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    triggers.clear();
                    read(
                                    kafka,
                                    Topics.INGEST_TRIGGERS.name(),
                                    Topics.INGEST_TRIGGERS.valueSerde().deserializer())
                            .forEach(r -> triggers.add(r.value()));
                    assertThat(triggers)
                            .extracting(PushTrigger::delivery)
                            .containsExactly("delivery-1", "gl-1", "gt-1");
                });
                assertThat(triggers)
                        .allMatch(t -> t.repo().equals("hooked") && t.branch().equals("main"));
            }
        }
    }

    private static String payload(String ref, String after, String cloneUrl) {
        return "{\"ref\":\"" + ref + "\",\"after\":\"" + after + "\",\"commits\":[],\"repository\":{\"clone_url\":"
                + "\"" + cloneUrl + "\",\"html_url\":\"https://forge.example.org/acme/hooked\"}}";
    }

    private static String gitlab(String ref, String after, GitFixture g) {
        return "{\"object_kind\":\"push\",\"ref\":\"" + ref + "\",\"after\":\"" + after
                + "\",\"project\":{\"git_http_url\":\"" + g.remote() + "\"}}";
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> post(HealthServer http, String forge, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/webhooks/" + forge))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String lastMarker(EmbeddedKafka kafka) {
        String last = "";
        for (ConsumerRecord<String, MigrationEvent> r : read(
                kafka,
                Topics.MIGRATION_EVENTS.name(),
                Topics.MIGRATION_EVENTS.valueSerde().deserializer())) {
            if ("hooked".equals(r.key()) && r.value() instanceof CommitScanned m) {
                last = m.commit();
            }
        }
        return last;
    }

    private static <V> List<ConsumerRecord<String, V>> read(EmbeddedKafka kafka, String topic, Deserializer<V> d) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), d)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        out.sort((x, y) -> x.partition() != y.partition()
                ? Integer.compare(x.partition(), y.partition())
                : Long.compare(x.offset(), y.offset()));
        return out;
    }
}
