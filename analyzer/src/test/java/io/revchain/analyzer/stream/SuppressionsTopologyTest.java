package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file's {@code # revchain: ignore[...]} comments, carried on its event, suppress in the pipeline's report what they
 * suppress in {@code revchain check} ({@link Suppressions#apply} on the chain's findings), and an idle comment is a
 * warning there too; with no branch kept in memory ({@code cache.files=0}) the comments come back from the store.
 */
class SuppressionsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "org/svc";

    @TempDir
    Path dir;

    private AnalyzerDriver driver;
    private int commits;

    private void send(MigrationEvent e) {
        driver.send(e);
    }

    private String commit(List<FileChanged> files) {
        String sha = String.format("%040d", ++commits);
        for (FileChanged f : files) {
            send(new FileChanged(
                            f.repo(), f.branch(), sha, f.path(), f.change(), f.oldPath(), f.blob(), f.script(), T0, T0)
                    .withSuppressions(f.suppressions()));
        }
        send(new CommitScanned(REPO, "main", sha, files.size(), false, T0, T0));
        // another repository's commit after each: with no branch kept in memory, the next one is rebuilt from RocksDB
        MigrationScript other = Gen.script("versions/o" + commits + ".py", "o" + commits, List.of(), "o", true);
        send(new FileChanged("org/other", "main", sha, other.path(), ChangeKind.ADDED, null, "ob", other, T0, T0));
        send(new CommitScanned("org/other", "main", sha, 1, true, T0, T0));
        return sha;
    }

    /** The latest report of {@code REPO}. */
    private HealthReport last() {
        List<HealthReport> mine = driver.health.readValuesToList().stream()
                .filter(h -> h.repo().equals(REPO))
                .toList();
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private static FileChanged file(ChangeKind kind, MigrationScript s, String source) {
        return new FileChanged(REPO, "main", "x", s.path(), kind, null, "blob-" + source.hashCode(), s, T0, T0)
                .withSuppressions(Suppressions.scan(s.path(), source));
    }

    private static final MigrationScript A1 = Gen.script("versions/a1_base.py", "a1", List.of(), "base", true);
    private static final MigrationScript A2 = Gen.script("versions/a2_next.py", "a2", List.of("gone"), "next", true);

    /** What revchain check reports for these files with these comments (its own rule, applied to the chain). */
    private static List<Finding> checkWouldReport(Map<String, String> sources, MigrationScript... scripts) {
        Policy p = Policy.alembic();
        List<Finding> found = ChainAnalysis.of(List.of(scripts), p).findings();
        Map<String, List<Suppressions.Directive>> comments = new java.util.HashMap<>();
        sources.forEach((path, text) -> comments.put(path, Suppressions.scan(path, text)));
        comments.values().removeIf(List::isEmpty);
        return Suppressions.apply(found, comments, c -> Check.of(c).map(p::runs).orElse(true))
                .active();
    }

    @ParameterizedTest(name = "cache.files={0}")
    @ValueSource(strings = {"50000", "0"})
    void aSuppressedFindingIsLeftOutAndAnIdleCommentWarnsAsCheckDoes(String cacheFiles) {
        try (AnalyzerDriver d = new AnalyzerDriver(
                Map.of("processing.guarantee", "exactly_once_v2", "cache.files", cacheFiles),
                dir,
                Clock.fixed(T0, ZoneOffset.UTC))) {
            driver = d;

            // Given a chain whose second file names a parent no file declares, and says so in a comment
            String ignore = "# revchain: ignore[missing-down-revision] -- the parent was squashed away\n";
            commit(List.of(file(ChangeKind.ADDED, A1, ""), file(ChangeKind.ADDED, A2, ignore)));
            HealthReport suppressed = last();
            List<Finding> expected = checkWouldReport(Map.of(A2.path(), ignore), A1, A2);
            // Then the report is what check reports: the missing parent suppressed
            assertThat(suppressed.findings()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(suppressed.findings()).noneMatch(f -> f.is(Check.MISSING_DOWN_REVISION));
            assertThat(ChainAnalysis.of(List.of(A1, A2), Policy.alembic()).findings())
                    .anyMatch(f -> f.is(Check.MISSING_DOWN_REVISION));

            // When a later commit adds a file on top and leaves the commented one as it is
            MigrationScript a3 = Gen.script("versions/a3_top.py", "a3", List.of("a2"), "top", true);
            commit(List.of(file(ChangeKind.ADDED, a3, "")));
            // Then the comment still applies (read back from the store when the branch was not kept in memory)
            assertThat(last().findings())
                    .containsExactlyInAnyOrderElementsOf(checkWouldReport(Map.of(A2.path(), ignore), A1, A2, a3))
                    .noneMatch(f -> f.is(Check.MISSING_DOWN_REVISION));

            // When the comment is removed, the finding is back and the branch is broken
            commit(List.of(file(ChangeKind.MODIFIED, A2, "")));
            HealthReport back = last();
            assertThat(back.findings()).anyMatch(f -> f.is(Check.MISSING_DOWN_REVISION));
            assertThat(back.status()).isEqualTo(HealthStatus.UNHEALTHY);

            // When a comment names a check that finds nothing in its file, it is a warning of its own, as in check
            String idle = "# revchain: ignore[missing-down-revision, cycle]\n";
            commit(List.of(file(ChangeKind.MODIFIED, A2, idle)));
            HealthReport warned = last();
            assertThat(warned.findings())
                    .containsExactlyInAnyOrderElementsOf(checkWouldReport(Map.of(A2.path(), idle), A1, A2, a3));
            assertThat(warned.findings())
                    .anyMatch(f -> f.is(Check.UNUSED_SUPPRESSION)
                            && A2.path().equals(f.file())
                            && f.message().contains("cycle"));
        }
    }
}
