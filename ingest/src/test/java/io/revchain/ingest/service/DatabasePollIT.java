package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest reads the version tables of its repositories' environments (a real SQLite file stamped as Alembic stamps
 * it, a server that is down) on the database interval and publishes each read to its repository's partition of
 * {@code revchain.deployments}, keyed by environment, without the password; git polling goes on beside it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatabasePollIT {

    private static final String PASSWORD = "Ingest-Pw-9f1c2e";
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

    private static void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    @Test
    void theEnvironmentsOfEachRepositoryArePolledOnTheirOwnIntervalAndPublished() throws Exception {
        // Given a repository with a stamped SQLite environment and one on a server that is down
        Path prod = tmp.resolve("prod.db");
        sql(
                prod,
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                        + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
                "INSERT INTO alembic_version (version_num) VALUES ('001')");
        try (GitFixture g = GitFixture.create(tmp.resolve("git"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/env.py", "# env\n")
                    .write("migrations/versions/001_base.py", migration("001", null))
                    .write("migrations/versions/002_next.py", migration("002", "001"));
            g.commit("base");
            g.push("main", false);
            RepositorySpec repo = RepositorySpec.of("svc", g.remote().toString())
                    .withEnvironments(List.of(
                            new EnvironmentSpec("prod", "sqlite:///" + prod, null, null, null, null),
                            new EnvironmentSpec(
                                    "down", "postgresql://deploy@127.0.0.1:1/svc", "DOWN_DB", null, null, null)));
            OrgConfig org = OrgConfig.of(List.of(repo))
                    .withInterval(Duration.ofSeconds(1))
                    .withDatabaseInterval(Duration.ofSeconds(1));
            IngestSettings settings = IngestSettings.defaults()
                    .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                    .withEnv(Map.of("DOWN_DB", "deploy:" + PASSWORD));
            try (IngestService ingest = new IngestService(
                    org,
                    settings,
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    tmp.resolve("work"),
                    new SimpleMeterRegistry())) {
                // When ingest runs
                ingest.start();

                // Then both environments are published, keyed by environment, on the repository's partition
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> read().stream()
                                        .map(ConsumerRecord::key)
                                        .distinct()
                                        .count()
                                == 2);
                int partition = DeploymentObserved.partition("svc", Topics.DEPLOYMENTS.partitions());
                for (ConsumerRecord<String, byte[]> r : read()) {
                    assertThat(r.partition()).isEqualTo(partition);
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
                }
                DeploymentObserved first = last("svc@prod");
                assertThat(first.applied()).containsExactly("001");
                assertThat(last("svc@down").problem()).isEqualTo("unreachable");
                // and git polling went on: the repository's commit was published
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ingest.lastPublished("svc", "main").isPresent());

                // When the database is upgraded
                sql(prod, "UPDATE alembic_version SET version_num='002' WHERE version_num='001'");

                // Then a later read says so
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> last("svc@prod").applied().equals(List.of("002")));
            }
        }
    }

    private static DeploymentObserved last(String key) {
        DeploymentObserved out = null;
        for (ConsumerRecord<String, byte[]> r : read()) {
            if (r.key().equals(key)) {
                out = Topics.DEPLOYMENTS.valueSerde().deserializer().deserialize("t", r.value());
            }
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> read() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String topic = Topics.DEPLOYMENTS.name();
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
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
        out.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        return out;
    }
}
