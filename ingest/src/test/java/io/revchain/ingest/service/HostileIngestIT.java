package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 6: a migration file the parser accepts (up to 8 MiB) but whose event is over Kafka's 1 MiB record
 * limit used to be refused by the producer after the commit's marker was sent, so the commit was reported without
 * it, healthy. It is now published as an {@code unparseable-file} finding and the commit is scanned normally.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileIngestIT {

    private static final String V = "migrations/versions/";
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

    /** A 1.6 MB migration whose down_revision lists 100,000 revisions: a 3.1 MB event. */
    private static String huge() {
        StringBuilder sb = new StringBuilder("revision = 'big'\ndown_revision = (");
        for (int i = 0; i < 100_000; i++) {
            sb.append('\'').append(String.format("%012x", i)).append("', ");
        }
        return sb.append(")\n").toString();
    }

    @Test
    void aFileWhoseEventIsOverTheRecordLimitIsAnUnparseableFileFindingNotAHealthyCommit() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("git"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/env.py", "#\n")
                    .write(V + "001_base.py", migration("001", null))
                    .write(V + "002_big.py", huge());
            RevCommit c = g.commit("a huge migration");
            g.push("main", false);
            IngestSettings s = IngestSettings.defaults()
                    .withRemoteTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                    .withEnv(Map.of());
            try (IngestService ingest = new IngestService(
                    OrgConfig.of(List.of(RepositorySpec.of("huge", g.remote().toString()))),
                    s,
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    tmp.resolve("work"),
                    new SimpleMeterRegistry())) {
                CycleReport report = ingest.pollOnce();

                assertThat(report.repo("huge").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
                assertThat(ingest.lastPublished("huge", "main")).contains(c.name());
                List<MigrationEvent> events = readAll("huge");
                assertThat(events).hasSize(3);
                FileChanged big = events.stream()
                        .filter(e -> e instanceof FileChanged f && f.path().equals(V + "002_big.py"))
                        .map(FileChanged.class::cast)
                        .findFirst()
                        .orElseThrow();
                assertThat(big.blob()).isEqualTo(g.blob(c, V + "002_big.py"));
                Finding f = big.script().problems().get(0);
                assertThat(f.check()).isEqualTo(Check.UNPARSEABLE_FILE.wire());
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.file()).isEqualTo(V + "002_big.py");
                assertThat(f.message())
                        .contains("too large for the pipeline to carry")
                        .contains(Topics.MAX_EVENT_BYTES + " byte record limit");
                CommitScanned marker = (CommitScanned) events.get(2);
                assertThat(marker.commit()).isEqualTo(c.name());
                assertThat(marker.files()).isEqualTo(2);
            }
        }
    }

    private static List<MigrationEvent> readAll(String repo) {
        String topic = Topics.MIGRATION_EVENTS.name();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<String, MigrationEvent>> out = new ArrayList<>();
        try (KafkaConsumer<String, MigrationEvent> c = new KafkaConsumer<>(
                p,
                new StringDeserializer(),
                Topics.MIGRATION_EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 20_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out.stream()
                .filter(r -> repo.equals(r.key()))
                .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                .map(ConsumerRecord::value)
                .toList();
    }
}
