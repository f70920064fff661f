package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.IngestState;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.ingest.service.IngestService;
import io.revchain.testkit.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: ingest killed while publishing (SIGKILL of its JVM) and started again misses no commit and, as a
 * {@code read_committed} reader (the analyzer) sees it, publishes none twice: the killed run's open transaction is
 * aborted, the new run resumes after the last committed {@code IngestState}, and every commit's marker follows
 * exactly its own file events.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestCrashIT {

    private static final String REPO = "org/crashing";
    private static final String V = "migrations/versions/";
    private static final int COMMITS = 200;
    private static final int KILL_AFTER = 80;

    @TempDir
    Path tmp;

    @Test
    void aKilledIngestResumesFromItsStoredStateWithNothingMissed() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                GitFixture git = GitFixture.create(tmp.resolve("git"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Topics.create(admin, 3, (short) 1);
            }
            // Given a repository ingest has seen once
            git.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write(V + "0000_m.py", Sandbox.migration("r0000", null));
            List<String> commits = new ArrayList<>();
            commits.add(git.commit("base").name());
            git.push("main", false);
            Path log = tmp.resolve("child.log");
            Process child = ChildJvm.start(
                    log,
                    List.of("-Xmx256m"),
                    IngestChild.class,
                    bootstrap,
                    REPO,
                    git.remote().toString(),
                    tmp.resolve("work-child").toString());
            try {
                awaitStates(bootstrap, 1, log);
                // and then 200 more commits, pushed ten at a time while it polls
                for (int i = 1; i <= COMMITS; i++) {
                    git.write(
                            String.format(V + "%04d_m.py", i),
                            Sandbox.migration(String.format("r%04d", i), String.format("r%04d", i - 1)));
                    commits.add(git.commit("m" + i).name());
                    if (i % 10 == 0) {
                        git.push("main", false);
                    }
                    if (i == KILL_AFTER) {
                        // When ingest is killed outright while it publishes (markers still arriving)
                        awaitMarkers(bootstrap, KILL_AFTER - 15, log);
                        child.destroyForcibly();
                        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    }
                }
            } finally {
                child.destroyForcibly();
            }
            List<IngestState> stored = states(bootstrap);
            String lastStored = stored.get(stored.size() - 1).commit();
            int storedIndex = commits.indexOf(lastStored);
            System.out.printf("ingest crash: killed with %d of %d commits stored%n", storedIndex + 1, commits.size());

            // and a new ingest starts with a fresh work directory (its only memory is the state topic)
            try (IngestService again =
                    IngestChild.service(bootstrap, REPO, git.remote().toString(), tmp.resolve("work-again"))) {
                assertThat(again.lastPublished(REPO, "main")).contains(lastStored);
                again.pollOnce();
                assertThat(again.lastPublished(REPO, "main")).contains(commits.get(COMMITS));
            }

            // Then every commit has its marker, after its own file event
            List<MigrationEvent> events = Kafkas.read(
                            bootstrap,
                            Topics.MIGRATION_EVENTS.name(),
                            Topics.MIGRATION_EVENTS.valueSerde().deserializer(),
                            true,
                            Duration.ofSeconds(60),
                            l -> l.stream()
                                    .anyMatch(r -> r.value() instanceof CommitScanned c
                                            && c.commit().equals(commits.get(COMMITS))))
                    .stream()
                    .map(ConsumerRecord::value)
                    .toList();
            Map<String, Integer> markers = new HashMap<>();
            Map<String, Integer> files = new HashMap<>();
            Map<String, Integer> pendingFiles = new HashMap<>();
            for (MigrationEvent e : events) {
                if (e instanceof FileChanged f) {
                    files.merge(f.commit(), 1, Integer::sum);
                    pendingFiles.merge(f.commit(), 1, Integer::sum);
                } else if (e instanceof CommitScanned c) {
                    markers.merge(c.commit(), 1, Integer::sum);
                    Integer before = pendingFiles.remove(c.commit());
                    // what the killed ingest sent of an unfinished poll was aborted with its transaction
                    assertThat(before)
                            .as("files before the marker of " + c.commit())
                            .isEqualTo(c.files());
                }
            }
            for (int i = 0; i < commits.size(); i++) {
                String c = commits.get(i);
                // exactly once, before and after the stored state: nothing of the killed run's open poll is read
                assertThat(markers.get(c))
                        .as("markers of commit %d (%d stored)", i, storedIndex + 1)
                        .isEqualTo(1);
                assertThat(files.get(c))
                        .as("file events of commit %d (%d stored)", i, storedIndex + 1)
                        .isEqualTo(1);
            }
        }
    }

    private static void awaitStates(String bootstrap, int atLeast, Path log) throws Exception {
        List<IngestState> s = Kafkas.read(
                        bootstrap,
                        Topics.INGEST_STATE.name(),
                        Topics.INGEST_STATE.valueSerde().deserializer(),
                        true,
                        Duration.ofSeconds(60),
                        l -> l.size() >= atLeast)
                .stream()
                .map(ConsumerRecord::value)
                .toList();
        assertThat(s.size()).as(Files.readString(log)).isGreaterThanOrEqualTo(atLeast);
    }

    private static void awaitMarkers(String bootstrap, int atLeast, Path log) throws Exception {
        long n = Kafkas.read(
                        bootstrap,
                        Topics.MIGRATION_EVENTS.name(),
                        Topics.MIGRATION_EVENTS.valueSerde().deserializer(),
                        true,
                        Duration.ofSeconds(60),
                        l -> l.stream()
                                        .filter(r -> r.value() instanceof CommitScanned)
                                        .count()
                                >= atLeast)
                .stream()
                .filter(r -> r.value() instanceof CommitScanned)
                .count();
        assertThat(n).as(Files.readString(log)).isGreaterThanOrEqualTo(atLeast);
    }

    private static List<IngestState> states(String bootstrap) {
        return Kafkas.read(
                        bootstrap,
                        Topics.INGEST_STATE.name(),
                        Topics.INGEST_STATE.valueSerde().deserializer(),
                        true,
                        Duration.ofSeconds(3),
                        l -> false)
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }
}
