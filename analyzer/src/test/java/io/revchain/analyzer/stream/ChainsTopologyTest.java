package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import io.revchain.event.BranchKey;
import io.revchain.event.ChainHealth;
import io.revchain.event.ChainSpec;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository with several chains (two ini sections, {@code alembic -n core} and {@code alembic -n tenant}): each
 * chain is analysed alone and graded by its own rules, as {@code revchain check} does, and the report sums them up.
 */
class ChainsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "shop/db";
    private static final String DATE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s";
    private static final List<ChainSpec> TWO =
            List.of(new ChainSpec("core", null, "1.13.2"), new ChainSpec("tenant", DATE_TEMPLATE, "1.13.2"));

    private static final MigrationScript C1 = rev("core/001_init.py", "c1");
    private static final MigrationScript C2 = rev("core/002_users.py", "c2", "c1");
    private static final MigrationScript T1 = rev("tenant/001_init.py", "t1");
    private static final MigrationScript T2 = rev("tenant/002_rooms.py", "t2", "t1");

    @TempDir
    Path state;

    private AnalyzerDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, HealthReport> health;
    private AnalyzerMetrics metrics;
    private int commits;

    @BeforeEach
    void start() {
        driver = new AnalyzerDriver(Map.of(), state, Clock.fixed(T0.plusMillis(3), ZoneOffset.UTC));
        metrics = driver.metrics;
        input = driver.events;
        health = driver.health;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static MigrationScript rev(String file, String id, String... down) {
        return Gen.script(file, id, List.of(down), "step " + id, true);
    }

    private static byte[] bytes(MigrationEvent e) {
        return Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e);
    }

    private void send(MigrationEvent e) {
        input.pipeInput(e.repo(), bytes(e));
    }

    private static String blob(MigrationScript s) {
        return String.format("%040x", Math.abs((long) s.path().hashCode()));
    }

    private static FileChanged added(String branch, String commit, String chain, MigrationScript s) {
        return new FileChanged(REPO, branch, commit, s.path(), ChangeKind.ADDED, null, blob(s), s, T0, T0, chain);
    }

    /** One commit of {@code branch}: its files (chain, script pairs) and its marker naming {@code specs}. */
    private String commit(String branch, boolean full, List<ChainSpec> specs, Object... chainAndScript) {
        String c = String.format("%040d", ++commits);
        for (int i = 0; i < chainAndScript.length; i += 2) {
            send(added(branch, c, (String) chainAndScript[i], (MigrationScript) chainAndScript[i + 1]));
        }
        send(new CommitScanned(REPO, branch, c, chainAndScript.length / 2, full, T0, T0).withChains(specs));
        return c;
    }

    private static List<String> checks(List<Finding> findings) {
        return findings.stream().map(Finding::check).toList();
    }

    @Test
    void eachChainGetsItsOwnHeadsAndTwoChainsWithOneHeadEachAreNotMultipleHeads() {
        // Given two chains, each linear with one base and one head
        commit("main", true, TWO, "core", C1, "core", C2, "tenant", T1, "tenant", T2);

        // Then the report holds both heads, but no chain has two
        HealthReport r = health.readValue();
        assertThat(r.heads()).containsExactly("c2", "t2");
        assertThat(r.bases()).containsExactly("c1", "t1");
        assertThat(r.revisions()).isEqualTo(4);
        assertThat(checks(r.findings())).doesNotContain(Check.MULTIPLE_HEADS.wire(), Check.MULTIPLE_BASES.wire());
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(r.chains())
                .containsExactly(
                        new ChainHealth("core", 2, List.of("c2"), List.of("c1"), HealthStatus.HEALTHY, 0, 0, 0),
                        new ChainHealth("tenant", 2, List.of("t2"), List.of("t1"), HealthStatus.HEALTHY, 0, 0, 0));
        // where the same files read as one chain (the pipeline before chains) have two heads and two bases
        assertThat(checks(ChainAnalysis.of(List.of(C1, C2, T1, T2), Policy.alembic())
                        .findings()))
                .contains(Check.MULTIPLE_HEADS.wire(), Check.MULTIPLE_BASES.wire());

        // When a second head appears in tenant only
        commit("main", false, TWO, "tenant", rev("tenant/003_fork.py", "t3", "t1"));

        // Then it is tenant's multiple-heads, with the message tenant's analysis alone gives
        HealthReport fork = health.readValue();
        assertThat(fork.heads()).containsExactly("c2", "t2", "t3");
        assertThat(checks(fork.findings())).containsExactly(Check.MULTIPLE_HEADS.wire());
        Finding heads = fork.findings().get(0);
        MigrationScript t3 = rev("tenant/003_fork.py", "t3", "t1");
        assertThat(heads)
                .isEqualTo(ChainAnalysis.of(
                                List.of(T1, T2, t3),
                                Policy.alembic().forChain(DATE_TEMPLATE, new AlembicRelease(1, 13, 2)))
                        .findings()
                        .get(0));
        assertThat(fork.chains())
                .extracting(ChainHealth::name, ChainHealth::status, ChainHealth::warnings)
                .containsExactly(
                        Tuple.tuple("core", HealthStatus.HEALTHY, 0), Tuple.tuple("tenant", HealthStatus.WARNING, 1));
        assertThat(fork.status()).isEqualTo(HealthStatus.WARNING);
    }

    @Test
    void eachChainIsGradedByItsOwnFileTemplate() {
        // Given both chains with two files sharing the prefix 001_; tenant names its files by date
        MigrationScript c1b = rev("core/001_more.py", "c1b", "c1");
        MigrationScript t1b = rev("tenant/001_more.py", "t1b", "t1");
        commit("main", true, TWO, "core", C1, "core", c1b, "tenant", T1, "tenant", t1b);

        // Then only core's shared prefix is a duplicate: tenant's template makes no number a sequence
        HealthReport r = health.readValue();
        assertThat(checks(r.findings())).containsExactly(Check.DUPLICATE_PREFIX.wire());
        assertThat(r.findings().get(0).file()).startsWith("versions/core/");
        assertThat(r.chains()).extracting(ChainHealth::warnings).containsExactly(1, 0);
    }

    @Test
    void afterARestartTheChainsAreRebuiltFromTheStoredEventsAndFilesMoveBetweenChains() {
        // Given a scripts store holding the events that wrote each file (as after a restart: nothing in memory)
        KeyValueStore<String, byte[]> store = driver.driver.getKeyValueStore(AnalyzerTopology.SCRIPTS_STORE);
        for (Map.Entry<MigrationScript, String> e :
                Map.of(C1, "core", C2, "core", T1, "tenant").entrySet()) {
            store.put(
                    AnalyzeProcessor.scriptKey(REPO, "main", e.getKey().path()),
                    bytes(added("main", "c0", e.getValue(), e.getKey())));
        }
        // When the next commit adds t2 to tenant
        commit("main", false, TWO, "tenant", T2);

        // Then the report has both chains as stored, each with one head
        HealthReport r = health.readValue();
        assertThat(metrics.cacheMisses().count()).isEqualTo(1.0);
        assertThat(r.chains())
                .extracting(ChainHealth::name, ChainHealth::heads)
                .containsExactly(Tuple.tuple("core", List.of("c2")), Tuple.tuple("tenant", List.of("t2")));
        assertThat(r.findings()).isEmpty();

        // When a full scan puts c2 in tenant (the layout moved it) and drops t2
        commit("main", true, TWO, "core", C1, "tenant", C2, "tenant", T1);

        // Then c2 left core for tenant: core has c1 alone, tenant two bases (t1, c1's child c2 names a parent
        // tenant lacks)
        HealthReport moved = health.readValue();
        assertThat(moved.chains())
                .extracting(ChainHealth::name, ChainHealth::revisions)
                .containsExactly(Tuple.tuple("core", 1), Tuple.tuple("tenant", 2));
        assertThat(checks(moved.findings())).contains(Check.MISSING_DOWN_REVISION.wire());
        assertThat(moved.revisions()).isEqualTo(3);
    }

    @Test
    void aChainOfTheLayoutWithoutFilesIsListedAndThePlainChainAloneHasNoParts() {
        // Given a layout of two chains, only core holding files
        commit("main", true, TWO, "core", C1);
        HealthReport r = health.readValue();
        assertThat(r.chains())
                .extracting(ChainHealth::name, ChainHealth::revisions)
                .containsExactly(Tuple.tuple("core", 1), Tuple.tuple("tenant", 0));

        // and a repository with the one plain chain reports as before chains existed
        String c = String.format("%040d", ++commits);
        send(new FileChanged("plain/repo", "main", c, C1.path(), ChangeKind.ADDED, null, blob(C1), C1, T0, T0));
        send(new CommitScanned("plain/repo", "main", c, 1, true, T0, T0)
                .withChains(List.of(new ChainSpec("alembic", null, "1.13.2"))));
        HealthReport plain = health.readValue();
        assertThat(plain.chains()).isNull();
        assertThat(plain.heads()).containsExactly("c1");

        // and an unavailable repository keeps its chains, each marked unavailable
        send(new RepoUnavailable(REPO, "file:///x", "fetch failed", 1, T0));
        HealthReport down = health.readValue();
        assertThat(down.status()).isEqualTo(HealthStatus.UNAVAILABLE);
        assertThat(down.chains()).extracting(ChainHealth::status).containsOnly(HealthStatus.UNAVAILABLE);
        assertThat(down.heads()).containsExactly("c1");
    }

    @Test
    void aChainThatCouldNotBeResolvedReportsWhatCheckReports() {
        // Given a layout where tenant's package is not in the repository: no files, one configuration error
        Finding missing = new Finding(
                Check.INVALID_CONFIG.wire(),
                Severity.ERROR,
                null,
                "alembic.ini",
                5,
                "script_location 'gone:migrations' names package gone, which revchain cannot find",
                "resolves it with importlib.resources from the installed package",
                List.of());
        commit(
                "main",
                true,
                List.of(
                        new ChainSpec("core", null, "1.13.2"),
                        new ChainSpec("tenant", null, "1.13.2", List.of(missing))),
                "core",
                C1,
                "core",
                C2);

        // Then the report carries the finding in tenant's part, and the repository is unhealthy as check says
        HealthReport r = health.readValue();
        assertThat(r.findings()).containsExactly(missing);
        assertThat(r.status()).isEqualTo(HealthStatus.of(List.of(missing)));
        assertThat(r.chains())
                .extracting(ChainHealth::name, ChainHealth::revisions, ChainHealth::errors)
                .containsExactly(Tuple.tuple("core", 2, 0), Tuple.tuple("tenant", 0, 1));
    }

    @Test
    void mergePreviewsArePerChainAndCandidatesCollideOnlyWithinAChain() {
        // Given main with both chains, x adding c3 on core's head, y adding t3 on tenant's head, z adding c4 on
        // core's head
        String main = commit("main", true, TWO, "core", C1, "core", C2, "tenant", T1, "tenant", T2);
        Map<String, String> base = new LinkedHashMap<>();
        for (MigrationScript s : List.of(C1, C2, T1, T2)) {
            base.put(s.path(), blob(s));
        }
        candidate("feature/x", main, base, "core", rev("core/003_x.py", "c3", "c2"));
        candidate("feature/y", main, base, "tenant", rev("tenant/003_y.py", "t3", "t2"));
        candidate("feature/z", main, base, "core", rev("core/003_z.py", "c4", "c2"));

        Map<String, HealthReport> latest = new LinkedHashMap<>();
        health.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        HealthReport x = latest.get(BranchKey.of(REPO, "feature/x"));
        HealthReport y = latest.get(BranchKey.of(REPO, "feature/y"));
        HealthReport z = latest.get(BranchKey.of(REPO, "feature/z"));
        // Then x and z collide in core; y, alone in tenant, collides with nobody
        assertThat(checks(x.findings())).containsExactly(Check.CANDIDATE_COLLISION.wire());
        assertThat(x.findings().get(0).message()).contains("feature/z").doesNotContain("feature/y");
        assertThat(checks(z.findings())).containsExactly(Check.CANDIDATE_COLLISION.wire());
        assertThat(y.findings()).isEmpty();
        // and each preview sums up its chains: y's merge gives tenant the head t3, core keeps c2
        assertThat(y.isMergePreview()).isTrue();
        assertThat(y.heads()).containsExactly("c2", "t3");
        assertThat(y.chains())
                .extracting(ChainHealth::name, ChainHealth::heads)
                .containsExactly(Tuple.tuple("core", List.of("c2")), Tuple.tuple("tenant", List.of("t3")));
        assertThat(x.chains())
                .extracting(ChainHealth::status)
                .containsExactly(HealthStatus.WARNING, HealthStatus.HEALTHY);
    }

    /** A candidate of main at {@code base}: main's files plus one new file, in a full scan. */
    private void candidate(
            String branch, String mergeBase, Map<String, String> baseFiles, String chain, MigrationScript added) {
        String c = String.format("%040d", ++commits);
        Map<MigrationScript, String> files =
                new LinkedHashMap<>(Map.of(C1, "core", C2, "core", T1, "tenant", T2, "tenant"));
        files.put(added, chain);
        files.forEach((s, ch) -> send(added(branch, c, ch, s)));
        send(new CommitScanned(REPO, branch, c, files.size(), true, T0, T0)
                .withChains(TWO)
                .asCandidate("main", mergeBase, baseFiles));
    }
}
