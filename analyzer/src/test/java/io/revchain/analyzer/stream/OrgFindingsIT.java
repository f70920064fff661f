package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.OrgFinding;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, two analyzer instances splitting four partitions of each sub-topology: revision ids declared in
 * several repositories are found whichever instance reads each repository, and withdrawn with a tombstone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrgFindingsIT {

    @TempDir
    Path dir;

    @Test
    void twoInstancesFindIdsSharedAcrossRepositoriesTheyReadApart() throws Exception {
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
                            "revchain-org-it-" + UUID.randomUUID()),
                    Map.of(),
                    Map.of());
            try (AnalyzerService a = new AnalyzerService(
                                    base.withInstance("it-a", dir.resolve("a"), 0), new SimpleMeterRegistry())
                            .started();
                    AnalyzerService b = new AnalyzerService(
                                    base.withInstance("it-b", dir.resolve("b"), 0), new SimpleMeterRegistry())
                            .started();
                    KafkaProducer<String, MigrationEvent> producer = producer(kafka);
                    KafkaConsumer<String, OrgFinding> findings = consumer(kafka)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> a.streamsState() == KafkaStreams.State.RUNNING
                                && b.streamsState() == KafkaStreams.State.RUNNING);

                // Given twelve repositories, each its own chain; repo-0's base copied as is into repo-5 and
                // repo-9, repo-1's edited into repo-7, and every repository otherwise with ids of its own
                for (int r = 0; r < 12; r++) {
                    String repo = "org/repo-" + r;
                    send(producer, repo, "c" + r, "own-blob-" + r, script("r" + r + "base", null));
                    String copied = r == 5 || r == 9 ? "rev0base" : r == 7 ? "rev1base" : null;
                    String blob = r == 7 ? "edited" : "blob-of-rev0base";
                    if (copied != null) {
                        send(producer, repo, "c" + r, blob, script(copied, "r" + r + "base"));
                    }
                    if (r == 0 || r == 1) {
                        send(
                                producer,
                                repo,
                                "c" + r,
                                "blob-of-rev" + r + "base",
                                script("rev" + r + "base", "r" + r + "base"));
                    }
                    producer.send(marker(repo, r, copied != null || r < 2 ? 2 : 1));
                }
                producer.flush();

                // Then two findings, keyed by revision id: identical copies in three repositories, a diverged one
                Map<String, OrgFinding> seen = new HashMap<>();
                read(
                        findings,
                        seen,
                        m -> m.size() >= 2
                                && m.get("rev0base") != null
                                && m.get("rev0base").repositories().size() == 3);
                assertThat(seen).containsOnlyKeys("rev0base", "rev1base");
                assertThat(seen.get("rev0base").kind()).isEqualTo(OrgFinding.IDENTICAL_COPY);
                assertThat(seen.get("rev0base").repositories())
                        .containsExactly("org/repo-0", "org/repo-5", "org/repo-9");
                assertThat(seen.get("rev1base").kind()).isEqualTo(OrgFinding.DIVERGED);
                assertThat(seen.get("rev1base").repositories()).containsExactly("org/repo-1", "org/repo-7");

                // When repo-7 deletes its copy
                String commit = String.format("%040d", 99);
                producer.send(new ProducerRecord<>(
                        Topics.MIGRATION_EVENTS.name(),
                        "org/repo-7",
                        new FileChanged(
                                "org/repo-7",
                                "main",
                                commit,
                                "versions/2_rev1base.py",
                                ChangeKind.DELETED,
                                null,
                                null,
                                null,
                                Instant.now(),
                                Instant.now())));
                producer.send(new ProducerRecord<>(
                        Topics.MIGRATION_EVENTS.name(),
                        "org/repo-7",
                        new CommitScanned("org/repo-7", "main", commit, 1, false, Instant.now(), Instant.now())));
                producer.flush();
                // Then the diverged collision ends with a tombstone; the identical copies stay
                read(findings, seen, m -> m.containsKey("rev1base") && m.get("rev1base") == null);
                assertThat(seen.get("rev1base")).isNull();
                assertThat(seen.get("rev0base")).isNotNull();
            }
        }
    }

    private static MigrationScript script(String id, String down) {
        return Gen.script(
                (down == null ? "1_" : "2_") + id + ".py", id, down == null ? List.of() : List.of(down), id, true);
    }

    private static void send(
            KafkaProducer<String, MigrationEvent> p, String repo, String c, String blob, MigrationScript s) {
        p.send(new ProducerRecord<>(
                Topics.MIGRATION_EVENTS.name(),
                repo,
                new FileChanged(
                        repo,
                        "main",
                        commit(c),
                        s.path(),
                        ChangeKind.ADDED,
                        null,
                        blob,
                        s,
                        Instant.now(),
                        Instant.now())));
    }

    private static String commit(String c) {
        return String.format("%40s", c).replace(' ', '0');
    }

    private static ProducerRecord<String, MigrationEvent> marker(String repo, int r, int files) {
        return new ProducerRecord<>(
                Topics.MIGRATION_EVENTS.name(),
                repo,
                new CommitScanned(repo, "main", commit("c" + r), files, true, Instant.now(), Instant.now()));
    }

    private static void read(
            KafkaConsumer<String, OrgFinding> c,
            Map<String, OrgFinding> seen,
            java.util.function.Predicate<Map<String, OrgFinding>> done) {
        long end = System.currentTimeMillis() + 90_000;
        while (!done.test(seen) && System.currentTimeMillis() < end) {
            c.poll(Duration.ofMillis(200)).forEach(r -> seen.put(r.key(), r.value()));
        }
        assertThat(done.test(seen)).as("org findings seen: %s", seen).isTrue();
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

    private static KafkaConsumer<String, OrgFinding> consumer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-org-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, OrgFinding> c = new KafkaConsumer<>(
                p,
                Serdes.String().deserializer(),
                Topics.ORG_FINDINGS.valueSerde().deserializer());
        c.subscribe(List.of(Topics.ORG_FINDINGS.name()));
        return c;
    }
}
