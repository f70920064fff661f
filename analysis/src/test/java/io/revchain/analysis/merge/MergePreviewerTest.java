package io.revchain.analysis.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MergePreviewerTest {

    private static final MigrationParser PARSER = new MigrationParser(Policy.CONSTITUTIONAL_HASH);

    static MigrationScript migration(String id, String down, String body) {
        String path = "versions/" + id + "_m.py";
        String downLit = down == null ? "None" : "'" + down + "'";
        // the body goes in the docstring too: without blob ids only parsed content tells versions apart
        String src = "\"\"\"" + id + " " + body + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\n\"\"\"\nrevision = '" + id + "'\ndown_revision = " + downLit + "\nbranch_labels = None\n"
                + "depends_on = None\n\n\ndef upgrade():\n    " + body + "\n";
        return PARSER.parse(path, src.getBytes(StandardCharsets.UTF_8));
    }

    static MigrationScript migration(String id, String down) {
        return migration(id, down, "pass");
    }

    @SafeVarargs
    static Map<String, MigrationScript> folder(MigrationScript... scripts) {
        Map<String, MigrationScript> out = new TreeMap<>();
        for (MigrationScript s : scripts) {
            out.put(s.path(), s);
        }
        return out;
    }

    private static final MigrationScript A = migration("a0001", null);
    private static final MigrationScript B = migration("b0002", "a0001");

    private static List<String> checks(List<Finding> findings) {
        return findings.stream().map(Finding::check).toList();
    }

    @Test
    void candidateOnAnUnmovedTargetIsClean() {
        // Given a base a→b, main unchanged, feature/x adds c on b
        var base = folder(A, B);
        var feature = folder(A, B, migration("c0003", "b0002"));
        // When
        MergePreview p = MergePreviewer.preview("main", base, "feature/x", feature, base, Policy.alembic());
        // Then
        assertThat(p.findings()).isEmpty();
        assertThat(p.added()).containsExactly("c0003");
        assertThat(p.analysis().heads()).containsExactly("c0003");
        assertThat(p.fromCandidate()).containsExactly("versions/c0003_m.py");
        assertThat(p.rebase()).isNull();
    }

    @Test
    void twoRevisionsOnTheSameParentAreMultipleHeadsAfterMerge() {
        // Given main moved a→b→t and feature/x added c on b
        var base = folder(A, B);
        var main = folder(A, B, migration("t0004", "b0002"));
        var feature = folder(A, B, migration("c0003", "b0002"));
        // When
        MergePreview p = MergePreviewer.preview("main", main, "feature/x", feature, base, Policy.alembic());
        // Then one error names both branches, both revisions and what to do
        assertThat(checks(p.findings())).containsExactly(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
        Finding f = p.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.revision()).isEqualTo("c0003");
        assertThat(f.file()).isEqualTo("versions/c0003_m.py");
        assertThat(f.revisions()).containsExactly("c0003", "t0004");
        assertThat(f.message())
                .contains("feature/x", "main", "'c0003'", "'t0004'", "down_revision = 't0004'", "alembic merge");
        assertThat(p.analysis().heads()).containsExactlyInAnyOrder("c0003", "t0004");
        assertThat(p.rebase())
                .isEqualTo(new MergePreview.Rebase("c0003", "versions/c0003_m.py", List.of("b0002"), List.of("t0004")));
        assertThat(p.hasErrors()).isTrue();
    }

    @Test
    void aMergeQueuesCandidateThatIsTheMergeResultIsJudgedAgainstTheTarget() {
        // Given main at a→b→t, and a merge-queue candidate that already merged feature's c (on b) with main
        var base = folder(A, B, migration("t0004", "b0002"));
        var main = base;
        var queued = folder(A, B, migration("t0004", "b0002"), migration("c0003", "b0002"));
        // When
        MergePreview p =
                MergePreviewer.preview("main", main, "gh-readonly-queue/main/pr-7", queued, base, Policy.alembic());
        // Then the second head it brings to main is the merge's error, not a warning main merely lacks
        assertThat(checks(p.findings())).containsExactly(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
        assertThat(p.findings().get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(p.findings().get(0).revisions()).containsExactly("c0003", "t0004");
    }

    @Test
    void rebaseHintPointsAtTheFirstNewRevisionOfALongerChain() {
        var base = folder(A, B);
        var main = folder(A, B, migration("t0004", "b0002"));
        var feature = folder(A, B, migration("c0003", "b0002"), migration("d0005", "c0003"));
        MergePreview p = MergePreviewer.preview("main", main, "feature/x", feature, base, Policy.alembic());
        assertThat(p.added()).containsExactlyInAnyOrder("c0003", "d0005");
        assertThat(p.rebase().revision()).isEqualTo("c0003");
        assertThat(p.rebase().onto()).containsExactly("t0004");
        assertThat(p.findings().get(0).revisions()).containsExactly("d0005", "t0004");
    }

    @Test
    void aCandidateThatAddsNoMigrationIsNeverFlaggedEvenOnABrokenTarget() {
        // Given a target that already has two heads and a broken reference
        var base = folder(A, B);
        var main = folder(A, B, migration("t0004", "b0002"), migration("u0005", "b0002"), migration("v0006", "zzzz"));
        // When the candidate is the base itself (it changed no migration)
        MergePreview p = MergePreviewer.preview("main", main, "feature/docs", base, base, Policy.acgs2());
        // Then the merge is the target and nothing is the candidate's fault
        assertThat(p.findings()).isEmpty();
        assertThat(p.added()).isEmpty();
        assertThat(p.merged()).isEqualTo(MergeSide.versions(main));
    }

    @Test
    void aFileChangedDifferentlyOnBothSidesIsAConflict() {
        var base = folder(A, B);
        var main = folder(A, migration("b0002", "a0001", "op.add_column('t', 'x')"));
        var feature = folder(A, migration("b0002", "a0001", "op.drop_table('t')"));
        MergePreview p = MergePreviewer.preview("main", main, "feature/x", feature, base, Policy.alembic());
        assertThat(checks(p.findings())).containsExactly(Check.MERGE_CONFLICT.wire());
        Finding f = p.findings().get(0);
        assertThat(f.file()).isEqualTo("versions/b0002_m.py");
        assertThat(f.message()).contains("main", "feature/x", "modified differently");
        assertThat(p.conflicts()).containsExactly("versions/b0002_m.py");
        // the preview keeps the target's version
        assertThat(p.merged().get("versions/b0002_m.py").script()).isEqualTo(main.get("versions/b0002_m.py"));
    }

    @Test
    void theSameChangeOnBothSidesIsNoConflict() {
        var base = folder(A, B);
        var c = migration("c0003", "b0002");
        MergePreview p =
                MergePreviewer.preview("main", folder(A, B, c), "feature/x", folder(A, B, c), base, Policy.alembic());
        assertThat(p.findings()).isEmpty();
        assertThat(p.conflicts()).isEmpty();
    }

    @Test
    void blobIdsDecideSameContentWhenGiven() {
        // Given the same parsed content but different bytes on both sides (blob ids differ)
        var b = FileVersion.of(B);
        var main = new MergeSide(
                "main", "t", Map.of(A.path(), new FileVersion(A, "1"), B.path(), new FileVersion(B, "2")));
        var feature = new MergeSide(
                "feature/x", "c", Map.of(A.path(), new FileVersion(A, "1"), B.path(), new FileVersion(B, "3")));
        var base = Map.of(A.path(), FileVersion.blob("1"), B.path(), FileVersion.blob("4"));
        MergePreview p = MergePreviewer.preview(main, feature, base, Policy.alembic());
        assertThat(checks(p.findings())).containsExactly(Check.MERGE_CONFLICT.wire());
        assertThat(b.blob()).isNull();
        // a file deleted on the candidate and untouched on the target is deleted
        var deleting = new MergeSide("feature/y", "d", Map.of(A.path(), new FileVersion(A, "1")));
        var base2 = Map.of(A.path(), FileVersion.blob("1"), B.path(), FileVersion.blob("2"));
        MergePreview q = MergePreviewer.preview(main, deleting, base2, Policy.alembic());
        assertThat(q.merged()).containsOnlyKeys(A.path());
    }

    @Test
    void aDuplicatedIdAcrossBranchesIsReportedAsANewFinding() {
        var base = folder(A, B);
        var main = folder(A, B, migration("c0003", "b0002"));
        var other = PARSER.parse(
                "versions/c0003_other.py",
                ("revision = 'c0003'\ndown_revision = 'b0002'\n").getBytes(StandardCharsets.UTF_8));
        var feature = folder(A, B, other);
        MergePreview p = MergePreviewer.preview("main", main, "feature/x", feature, base, Policy.alembic());
        assertThat(checks(p.findings())).contains(Check.DUPLICATE_REVISION.wire());
    }

    @Test
    void twoOpenCandidatesOnTheSameHeadCollideAndNameEachOther() {
        // Given main at a→b and two candidates each adding a revision on b
        var main = folder(A, B);
        MergePreview x = MergePreviewer.preview(
                "main", main, "feature/x", folder(A, B, migration("c0003", "b0002")), main, Policy.alembic());
        MergePreview y = MergePreviewer.preview(
                "main", main, "feature/y", folder(A, B, migration("d0004", "b0002")), main, Policy.alembic());
        MergePreview none = MergePreviewer.preview("main", main, "feature/docs", main, main, Policy.alembic());
        // When
        List<Finding> forX = MergePreviewer.collisions(x, List.of(x, y, none), Policy.alembic());
        List<Finding> forY = MergePreviewer.collisions(y, List.of(x, y, none), Policy.alembic());
        List<Finding> forNone = MergePreviewer.collisions(none, List.of(x, y, none), Policy.alembic());
        // Then each alone is clean, together they collide, and each names the other
        assertThat(x.findings()).isEmpty();
        assertThat(y.findings()).isEmpty();
        assertThat(forX).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.CANDIDATE_COLLISION.wire());
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.revisions()).containsExactly("c0003", "d0004");
            assertThat(f.message()).contains("feature/x", "feature/y", "'b0002'", "main");
        });
        assertThat(forY)
                .singleElement()
                .satisfies(f -> assertThat(f.revisions()).containsExactly("d0004", "c0003"));
        assertThat(forNone).isEmpty();
    }

    @Test
    void stackedCandidatesDoNotCollide() {
        // feature/y builds on feature/x's revision: merged in order they make one line
        var main = folder(A, B);
        var c = migration("c0003", "b0002");
        MergePreview x = MergePreviewer.preview("main", main, "feature/x", folder(A, B, c), main, Policy.alembic());
        MergePreview y = MergePreviewer.preview(
                "main", main, "feature/y", folder(A, B, c, migration("d0004", "c0003")), main, Policy.alembic());
        assertThat(MergePreviewer.collisions(x, List.of(y), Policy.alembic())).isEmpty();
        assertThat(MergePreviewer.collisions(y, List.of(x), Policy.alembic())).isEmpty();
    }

    @Test
    void ignoredChecksAreNotReported() {
        var base = folder(A, B);
        var main = folder(A, B, migration("t0004", "b0002"));
        var feature = folder(A, B, migration("c0003", "b0002"));
        Policy p = Policy.alembic().withIgnored(Set.of(Check.MULTIPLE_HEADS_AFTER_MERGE));
        assertThat(MergePreviewer.preview("main", main, "feature/x", feature, base, p)
                        .findings())
                .isEmpty();
    }
}
