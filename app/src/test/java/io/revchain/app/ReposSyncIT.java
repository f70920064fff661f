package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.RepositoryRecord;
import io.revchain.ingest.service.RepositoriesTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code revchain repos sync}: revchain.yaml onto the repositories topic, a removed repository as a tombstone. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReposSyncIT {

    @Test
    void syncWritesTheFileAndTombstonesWhatItNoLongerLists(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Given a file with two repositories
            Path config = dir.resolve("revchain.yaml");
            Files.writeString(
                    config,
                    "repositories:\n  - id: billing\n    url: /srv/git/billing.git\n    branches: [main]\n"
                            + "  - id: legacy\n    url: /srv/git/legacy.git\n");

            // When it is synced
            Cli first = Cli.run(
                    "repos", "sync", "--config", config.toString(), "--bootstrap-servers", kafka.bootstrapServers());

            // Then both are on the topic
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("revchain.repositories: 2 added, 0 edited, 0 removed, 0 unchanged");
            Map<String, RepositoryRecord> topic = RepositoriesTopic.read(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), Duration.ofSeconds(30));
            assertThat(topic).containsOnlyKeys("billing", "legacy");
            assertThat(topic.get("billing").branches()).containsExactly("main");

            // When "legacy" is removed from the file and billing watches a second branch
            Files.writeString(
                    config,
                    "repositories:\n  - id: billing\n    url: /srv/git/billing.git\n    branches: [main, release]\n");
            Cli second = Cli.run(
                    "repos", "sync", "--config", config.toString(), "--bootstrap-servers", kafka.bootstrapServers());

            // Then billing is rewritten and legacy tombstoned
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains("0 added, 1 edited, 1 removed, 0 unchanged (removed: legacy)");
            topic = RepositoriesTopic.read(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), Duration.ofSeconds(30));
            assertThat(topic).containsOnlyKeys("billing");
            assertThat(topic.get("billing").branches()).containsExactly("main", "release");
        }
    }

    @Test
    void aMistakeIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        // a missing file, and no Kafka given: each is one line naming what to fix, never a stack trace
        Cli missing = Cli.run(
                "repos", "sync", "--config", dir.resolve("nope.yaml").toString(), "--bootstrap-servers", "127.0.0.1:1");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("nope.yaml: no such file").doesNotContain("Exception");
        Path config = dir.resolve("revchain.yaml");
        Files.writeString(config, "repositories:\n  - id: a\n    url: /srv/a.git\n");
        Cli noKafka = Cli.run("repos", "sync", "--config", config.toString());
        assertThat(noKafka.exit()).isEqualTo(2);
        assertThat(noKafka.err().strip()).contains("no Kafka").doesNotContain("Exception");
    }
}
