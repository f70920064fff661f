package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.DeadLetter;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "acgs2/core";

    @TempDir
    Path state;

    private AnalyzerDriver analyzer;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, HealthReport> health;
    private TestOutputTopic<String, DeadLetter> dead;
    private AnalyzerMetrics metrics;
    private int commits;

    @BeforeEach
    void start() {
        // exactly_once_v2: the guarantee under which an unchanged report is not re-sent (see the at_least_once test)
        drive(new AnalyzerDriver(
                Map.of("policy.strict/repo", "acgs2", "processing.guarantee", "exactly_once_v2"),
                state,
                Clock.fixed(T0.plusMillis(3), ZoneOffset.UTC)));
    }

    private void drive(AnalyzerDriver d) {
        analyzer = d;
        driver = d.driver;
        metrics = d.metrics;
        input = d.events;
        health = d.health;
        dead = d.dead;
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void send(MigrationEvent e) {
        input.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    private static MigrationScript rev(String file, String id, String... down) {
        return Gen.script(file, id, List.of(down), "step " + id, true);
    }

    private void added(String repo, String commit, MigrationScript s) {
        send(new FileChanged(
                repo,
                "main",
                commit,
                s.path(),
                ChangeKind.ADDED,
                null,
                "b" + s.path().hashCode(),
                s,
                T0,
                T0));
    }

    private void modified(String repo, String commit, MigrationScript s) {
        send(new FileChanged(
                repo,
                "main",
                commit,
                s.path(),
                ChangeKind.MODIFIED,
                null,
                "m" + s.path().hashCode(),
                s,
                T0,
                T0));
    }

    private void deleted(String repo, String commit, String path) {
        send(new FileChanged(repo, "main", commit, path, ChangeKind.DELETED, null, null, null, T0, T0));
    }

    private void renamed(String repo, String commit, String oldPath, MigrationScript s) {
        send(new FileChanged(repo, "main", commit, s.path(), ChangeKind.RENAMED, oldPath, "r", s, T0, T0));
    }

    private String commit(String repo, int files, boolean full) {
        String c = String.format("%040d", ++commits);
        send(new CommitScanned(repo, "main", c, files, full, T0, T0));
        return c;
    }

    /** Sends the files of one commit and its marker. */
    private String commitOf(String repo, MigrationScript... files) {
        String c = String.format("%040d", commits + 1);
        for (MigrationScript s : files) {
            added(repo, c, s);
        }
        return commit(repo, files.length, false);
    }

    private static List<String> checks(HealthReport r) {
        return r.findings().stream().map(Finding::check).toList();
    }

    // ---- tests -------------------------------------------------------------------------------------------------

    @Test
    void reportsOnlyAtTheCommitMarkerWithTheFullAnalysisOfTheCommit() {
        // Given two files of one commit
        MigrationScript a = rev("001_a.py", "a");
        MigrationScript b = rev("002_b.py", "b", "a");
        added(REPO, "c1", a);
        added(REPO, "c1", b);
        // Then nothing is reported before the marker
        assertThat(health.isEmpty()).isTrue();
        // When the marker arrives
        send(new CommitScanned(REPO, "main", "c1", 2, false, T0.minusMillis(5), T0));
        // Then one report describes the whole commit
        HealthReport r = health.readValue();
        ChainAnalysis full = ChainAnalysis.of(List.of(a, b), Policy.alembic());
        assertThat(r.key()).isEqualTo(REPO + "@main");
        assertThat(r.commit()).isEqualTo("c1");
        assertThat(r.revisions()).isEqualTo(2);
        assertThat(r.heads()).containsExactly("b").isEqualTo(full.heads());
        assertThat(r.bases()).containsExactly("a");
        assertThat(r.findings()).isEqualTo(full.findings());
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(r.scannedAt()).isEqualTo(T0.minusMillis(5));
        assertThat(r.publishedAt()).isEqualTo(T0);
        assertThat(r.analyzedAt()).isEqualTo(T0.plusMillis(3));
        assertThat(health.isEmpty()).isTrue();
        assertThat(driver.<String, HealthReport>getKeyValueStore(AnalyzerTopology.HEALTH_STORE)
                        .get(REPO + "@main"))
                .isEqualTo(r);
        // the end-to-end latency is publish → analysis
        assertThat(metrics.endToEnd().count()).isEqualTo(1);
        assertThat(metrics.endToEnd().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(metrics.events().count()).isEqualTo(3.0);
    }

    @Test
    void deletesAndRenamesUpdateTheChain() {
        // Given a linear chain a <- b <- c
        commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"), rev("003_c.py", "c", "b"));
        assertThat(health.readValue().heads()).containsExactly("c");
        // When c is deleted
        deleted(REPO, "c2", "versions/003_c.py");
        commit(REPO, 1, false);
        HealthReport afterDelete = health.readValue();
        // Then b is the head again
        assertThat(afterDelete.heads()).containsExactly("b");
        assertThat(afterDelete.revisions()).isEqualTo(2);
        // When b is renamed (same content, new path) to share a's prefix
        renamed(REPO, "c3", "versions/002_b.py", rev("001_b.py", "b", "a"));
        commit(REPO, 1, false);
        HealthReport afterRename = health.readValue();
        // Then the old path is gone and the new one is checked
        assertThat(afterRename.revisions()).isEqualTo(2);
        assertThat(checks(afterRename)).containsExactly("duplicate-prefix");
        assertThat(afterRename.findings().get(0).file()).isEqualTo("versions/001_b.py");
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(AnalyzerTopology.SCRIPTS_STORE);
        assertThat(store.get(AnalyzeProcessor.scriptKey(REPO, "main", "versions/002_b.py")))
                .isNull();
        assertThat(store.get(AnalyzeProcessor.scriptKey(REPO, "main", "versions/001_b.py")))
                .isNotNull();
        // and the stored value is the rename event itself, read back as the renamed file
        StoredScript stored =
                ScriptValues.read("k", store.get(AnalyzeProcessor.scriptKey(REPO, "main", "versions/001_b.py")));
        assertThat(stored.script()).isEqualTo(rev("001_b.py", "b", "a"));
        assertThat(stored.commit()).isEqualTo("c3");
    }

    @Test
    void filesStoredByAnEarlierBuildAreReadWhenAChainIsRebuilt() {
        // Given a scripts store written by an earlier build (StoredScript JSON values), and no chain in memory yet
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(AnalyzerTopology.SCRIPTS_STORE);
        var legacy = new StoreSerde<>(StoredScript.class).serializer();
        store.put(
                AnalyzeProcessor.scriptKey(REPO, "main", "versions/001_a.py"),
                legacy.serialize("t", new StoredScript("c0", rev("001_a.py", "a"), "blob-a")));
        store.put(
                AnalyzeProcessor.scriptKey(REPO, "main", "versions/002_b.py"),
                legacy.serialize("t", new StoredScript("c0", rev("002_b.py", "b", "a"), "blob-b")));
        // When a new commit adds a third file (the chain is rebuilt from the store: a cache miss)
        commitOf(REPO, rev("003_c.py", "c", "b"));
        // Then the report covers the stored files and the new one
        HealthReport r = health.readValue();
        assertThat(r.revisions()).isEqualTo(3);
        assertThat(r.heads()).containsExactly("c");
        assertThat(r.bases()).containsExactly("a");
        assertThat(metrics.cacheMisses().count()).isEqualTo(1.0);
    }

    @Test
    void aDuplicateRevisionInALaterCommitMakesTheRepositoryUnhealthy() {
        commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"));
        assertThat(health.readValue().status()).isEqualTo(HealthStatus.HEALTHY);
        // When a later commit adds another file declaring revision b
        commitOf(REPO, rev("003_b_again.py", "b", "a"));
        HealthReport r = health.readValue();
        // Then the duplicate is reported and the chain is unhealthy
        assertThat(checks(r)).contains("duplicate-revision");
        assertThat(r.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(r.revisions()).isEqualTo(2);
    }

    @Test
    void aRepositoryGoesFromBrokenToHealthy() {
        // Given a chain whose second file names a missing parent
        commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "zz"));
        HealthReport broken = health.readValue();
        assertThat(broken.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(checks(broken)).contains("missing-down-revision");
        // When a commit re-points it at a
        String fix = String.format("%040d", commits + 1);
        modified(REPO, fix, rev("002_b.py", "b", "a"));
        commit(REPO, 1, false);
        // Then the next report is healthy
        HealthReport healthy = health.readValue();
        assertThat(healthy.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(healthy.findings()).isEmpty();
        assertThat(healthy.heads()).containsExactly("b");
    }

    @Test
    void anUnchangedReportIsNotSentAgainButItsLatencyIsMeasured() {
        String c = commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"));
        assertThat(health.readValuesToList()).hasSize(1);
        // When the same commit is scanned again (a replay, a restarted ingest)
        send(new CommitScanned(
                REPO, "main", c, 0, false, T0.plusSeconds(1), T0.plusSeconds(1).minusMillis(2)));
        send(new CommitScanned(
                REPO, "main", c, 0, false, T0.plusSeconds(2), T0.plusSeconds(2).minusMillis(2)));
        // Then no new report goes out, but each marker is timed
        assertThat(health.isEmpty()).isTrue();
        assertThat(metrics.reportsUnchanged().count()).isEqualTo(2.0);
        assertThat(metrics.reportsSent().count()).isEqualTo(1.0);
        assertThat(metrics.endToEnd().count()).isEqualTo(3);
    }

    @Test
    void underAtLeastOnceAnUnchangedReportIsSentAgainSoACrashCannotLoseIt() {
        // Given the analyzer under at_least_once, where a stored report may not have been sent before a crash
        analyzer.close();
        drive(new AnalyzerDriver(Map.of(), state.resolve("alos"), Clock.fixed(T0.plusMillis(3), ZoneOffset.UTC)));
        String c = commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"));
        HealthReport first = health.readValue();
        // When the same commit is scanned again (a replay after a crash)
        send(new CommitScanned(
                REPO, "main", c, 0, false, T0.plusSeconds(1), T0.plusSeconds(1).minusMillis(2)));
        // Then the same verdict goes out again
        HealthReport again = health.readValue();
        assertThat(again.commit()).isEqualTo(first.commit());
        assertThat(again.heads()).isEqualTo(first.heads());
        assertThat(metrics.reportsUnchanged().count()).isEqualTo(1.0);
        assertThat(metrics.reportsSent().count()).isEqualTo(2.0);
    }

    @Test
    void unreadableRecordsAreDeadLetteredAndTheStreamGoesOn() {
        // Given garbage, an unknown schema, a missing field and a tombstone
        input.pipeInput(REPO, "{not json".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(
                REPO,
                ("{\"schema\":99,\"type\":\"commit-scanned\",\"repo\":\"" + REPO + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        input.pipeInput(
                REPO,
                "{\"schema\":1,\"type\":\"commit-scanned\",\"branch\":\"main\",\"commit\":\"c\"}"
                        .getBytes(StandardCharsets.UTF_8));
        input.pipeInput(REPO, (byte[]) null);
        // When a good commit follows
        commitOf(REPO, rev("001_a.py", "a"));
        // Then each bad record is a dead letter with its reason, and the good commit is still reported
        List<DeadLetter> letters = dead.readValuesToList();
        assertThat(letters).hasSize(4);
        assertThat(letters.get(0).reason()).startsWith("malformed-json");
        assertThat(letters.get(0).valuePreview()).isEqualTo("{not json");
        assertThat(letters.get(1).reason()).startsWith("unknown-schema");
        assertThat(letters.get(2).reason()).startsWith("missing-field");
        assertThat(letters.get(3).reason()).contains("tombstone");
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.sourceTopic()).isEqualTo(Topics.MIGRATION_EVENTS.name());
            assertThat(l.key()).isEqualTo(REPO);
        });
        assertThat(letters).extracting(DeadLetter::offset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(health.readValue().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(metrics.deadLetters().count()).isEqualTo(4.0);
    }

    @Test
    void aRecordWhoseKeyIsNotItsRepositoryIsDeadLettered() {
        input.pipeInput(
                "other/repo",
                Topics.MIGRATION_EVENTS
                        .valueSerde()
                        .serializer()
                        .serialize("t", new CommitScanned(REPO, "main", "c", 0, false, T0, T0)));
        assertThat(dead.readValue().reason()).contains("other/repo");
        assertThat(health.isEmpty()).isTrue();
    }

    @Test
    void aFullScanReplacesTheBranchState() {
        commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"), rev("003_x.py", "x", "zz"));
        assertThat(health.readValue().status()).isEqualTo(HealthStatus.UNHEALTHY);
        // When a full scan lists only a and b (x was removed while ingest was away)
        String c = String.format("%040d", commits + 1);
        added(REPO, c, rev("001_a.py", "a"));
        added(REPO, c, rev("002_b.py", "b", "a"));
        commit(REPO, 2, true);
        // Then x is forgotten
        HealthReport r = health.readValue();
        assertThat(r.revisions()).isEqualTo(2);
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void repositoriesAndBranchesAreKeptApartAndPoliciesApplyPerRepository() {
        // Given the same files in two repositories, one graded by acgs2
        MigrationScript a = Gen.script("001_a.py", "a", List.of(), "a", false);
        commitOf(REPO, a);
        commitOf("strict/repo", a);
        List<HealthReport> reports = health.readValuesToList();
        // Then the acgs2 one misses the constitutional hash
        assertThat(reports).extracting(HealthReport::key).containsExactly(REPO + "@main", "strict/repo@main");
        assertThat(reports.get(0).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(checks(reports.get(1))).containsExactly("missing-constitutional-hash");
    }

    @Test
    void anUnavailableRepositoryIsMarkedOnEveryKnownBranch() {
        commitOf(REPO, rev("001_a.py", "a"));
        health.readValue();
        send(new RepoUnavailable(REPO, "file:///x", "fetch failed", 1, T0));
        send(new RepoUnavailable("never/read", "file:///y", "clone failed", 1, T0));
        List<HealthReport> r = health.readValuesToList();
        assertThat(r).extracting(HealthReport::status).containsOnly(HealthStatus.UNAVAILABLE);
        assertThat(r.get(0).commit()).isNotNull();
        assertThat(r.get(0).heads()).containsExactly("a");
        assertThat(r.get(1).key()).isEqualTo("never/read@HEAD");
    }

    @Test
    void theFirstEventOfABranchRebuildsItsGraphFromTheStoreAndLaterOnesHitTheCache() {
        commitOf(REPO, rev("001_a.py", "a"), rev("002_b.py", "b", "a"));
        assertThat(metrics.cacheMisses().count()).isEqualTo(1.0);
        assertThat(metrics.cacheHits().count()).isEqualTo(2.0);
    }
}
