package io.revchain.analysis;

import static io.revchain.analysis.Scripts.rev;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainInspectorTest {

    private static List<Finding> inspect(Policy p, MigrationScript... s) {
        return new ChainInspector(RevisionGraph.of(List.of(s)), p).findings();
    }

    private static List<Finding> inspect(MigrationScript... s) {
        return inspect(Policy.alembic(), s);
    }

    private static List<Finding> only(List<Finding> all, String check) {
        return all.stream().filter(f -> f.check().equals(check)).toList();
    }

    private static MigrationScript a() {
        return rev("a").file("1_a.py").build();
    }

    /** The checks that relate several files; {@link ChainInspector#fileFindings} never runs them. */
    private static final Set<String> MULTI_FILE = Set.of(
            "duplicate-revision",
            "missing-down-revision",
            "missing-dependency",
            "down-revision-is-label",
            "branch-label-conflict",
            "cycle",
            "dependency-cycle",
            "multiple-bases",
            "multiple-heads",
            "disconnected-branch",
            "duplicate-prefix",
            "hand-typed-revision-id");

    @Test
    void aCheckWithOneSeverityGivesThatSeverityUnderAlembic() {
        // Given the fixed and 200 seeded random folders
        List<RandomFolders.Folder> folders = new ArrayList<>(RandomFolders.fixed());
        RandomFolders gen = new RandomFolders(20240602L);
        for (int i = 0; i < 200; i++) {
            folders.add(gen.next("s" + i));
        }
        // Then every finding of a check that declares one severity has that severity under the alembic policy
        int declared = 0;
        for (RandomFolders.Folder folder : folders) {
            for (Finding f : new ChainInspector(RevisionGraph.of(folder.scripts()), Policy.alembic()).findings()) {
                Severity natural = f.kind().flatMap(Check::severity).orElse(null);
                if (natural != null) {
                    assertThat(f.severity()).as("%s in %s", f, folder.name()).isEqualTo(natural);
                    declared++;
                }
            }
        }
        assertThat(declared).isPositive();
        // and the multi-file checks this test class knows are exactly the checks that relate files
        assertThat(Arrays.stream(Check.values()).filter(Check::relatesFiles).map(Check::wire))
                .containsExactlyInAnyOrderElementsOf(MULTI_FILE);
    }

    @Test
    void fileFindingsAreAOneFileFolderWithoutTheMultiFileChecks() {
        // Given every file of the fixed and of 300 seeded random folders (bad ids, self-loops, missing variables...)
        List<RandomFolders.Folder> folders = new ArrayList<>(RandomFolders.fixed());
        RandomFolders gen = new RandomFolders(20240601L);
        for (int i = 0; i < 300; i++) {
            folders.add(gen.next("f" + i));
        }
        int files = 0;
        for (RandomFolders.Folder folder : folders) {
            for (MigrationScript s : folder.scripts()) {
                for (Policy p : List.of(Policy.alembic(), Policy.acgs2())) {
                    // When one file is checked alone, with and without the multi-file checks
                    List<Finding> all = inspect(p, s);
                    // Then the file-local findings are the full ones minus the multi-file checks, in the same order
                    assertThat(ChainInspector.fileFindings(s, p))
                            .as("%s in %s", s.path(), folder.name())
                            .containsExactlyElementsOf(all.stream()
                                    .filter(f -> !MULTI_FILE.contains(f.check()))
                                    .toList());
                }
                files++;
            }
        }
        assertThat(files).isGreaterThan(1000);
    }

    @Test
    void healthyChainHasNoFindings() {
        assertThat(inspect(a(), rev("b").file("2_b.py").down("a").build())).isEmpty();
    }

    @Test
    void parserProblemsPassThrough() {
        Finding p = new Finding(
                Check.UNPARSEABLE_FILE.wire(),
                Severity.ERROR,
                null,
                "versions/2_b.py",
                7,
                "bad syntax",
                null,
                List.of());
        List<Finding> f =
                inspect(a(), rev("b").file("2_b.py").down("a").problem(p).build());

        assertThat(only(f, Check.UNPARSEABLE_FILE.wire())).containsExactly(p);
    }

    @Test
    void missingRevisionId() {
        Finding f = only(inspect(Scripts.noRevision("helpers.py").build()), Check.MISSING_REVISION_ID.wire())
                .get(0);

        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.file()).isEqualTo("versions/helpers.py");
        assertThat(f.alembic()).contains("FAILED: Could not determine revision id from filename helpers.py");
    }

    @Test
    void undefinedDownRevision() {
        Finding f = only(inspect(rev("a").file("1_a.py").noDown().build()), Check.UNDEFINED_DOWN_REVISION.wire())
                .get(0);

        assertThat(f.revision()).isEqualTo("a");
        assertThat(f.alembic()).contains("AttributeError: module '1_a_py' has no attribute 'down_revision'");
    }

    @Test
    void invalidRevisionId() {
        Finding f = only(inspect(rev("a+1").file("1.py").build()), Check.INVALID_REVISION_ID.wire())
                .get(0);

        assertThat(f.line()).isEqualTo(10);
        assertThat(f.alembic()).contains("Character(s) '+' not allowed in revision identifier 'a+1'");
    }

    @Test
    void duplicateRevisionNamesBothFiles() {
        List<Finding> f = only(
                inspect(
                        a(),
                        rev("b").file("2_b.py").down("a").build(),
                        rev("b").file("3_b.py").down("a").build()),
                Check.DUPLICATE_REVISION.wire());

        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(f.get(0).file()).isEqualTo("versions/2_b.py");
        assertThat(f.get(0).message()).contains("versions/2_b.py", "versions/3_b.py", "never runs versions/2_b.py");
        assertThat(f.get(0).alembic()).contains("Revision b is present more than once");
    }

    @Test
    void missingDownRevisionSuggestsTheClosestId() {
        List<Finding> f = only(
                inspect(
                        rev("a1b2c3d4e5f6").file("1.py").build(),
                        rev("b").file("2.py")
                                .down("a1b2c3d4e5f7")
                                .docRevises("")
                                .build()),
                Check.MISSING_DOWN_REVISION.wire());

        assertThat(f).hasSize(1);
        assertThat(f.get(0).line()).isEqualTo(11);
        assertThat(f.get(0).message()).contains("versions/2.py", "'a1b2c3d4e5f7'", "did you mean 'a1b2c3d4e5f6'");
        assertThat(f.get(0).alembic()).contains("KeyError: 'a1b2c3d4e5f7'", "is not present");
    }

    @Test
    void missingDownRevisionPrefersTheDocstringRevisesLine() {
        Finding f = only(
                        inspect(
                                a(),
                                rev("zz").file("0_z.py").build(),
                                rev("b").file("2.py")
                                        .down("001_init")
                                        .docRevises("a")
                                        .build()),
                        Check.MISSING_DOWN_REVISION.wire())
                .get(0);

        assertThat(f.message()).contains("did you mean 'a' (the docstring's Revises: line)");
    }

    @Test
    void missingDependency() {
        Finding f = only(
                        inspect(
                                a(),
                                rev("b").file("2.py").down("a").deps("nothing").build()),
                        Check.MISSING_DEPENDENCY.wire())
                .get(0);

        assertThat(f.line()).isEqualTo(13);
        assertThat(f.alembic()).contains("KeyError: 'nothing'");
    }

    @Test
    void downRevisionIsLabel() {
        Finding f = only(
                        inspect(
                                rev("a").file("1.py").labels("core").build(),
                                rev("b").file("2.py").down("core").build()),
                        Check.DOWN_REVISION_IS_LABEL.wire())
                .get(0);

        assertThat(f.message()).contains("write 'a'");
        assertThat(f.alembic()).contains("KeyError: 'core'");
    }

    @Test
    void selfLoop() {
        Finding f = only(inspect(rev("a").file("1.py").down("a").build()), Check.SELF_LOOP.wire())
                .get(0);

        assertThat(f.alembic()).contains("LoopDetected: Self-loop is detected in revisions (a)");
    }

    @Test
    void cycleNamesOnlyTheRevisionsOnTheLoop() {
        // Given: base <- y1 <- y2 is fine; x1 <-> x2 loop; w hangs off the loop (cut off, but not on it)
        List<Finding> f = only(
                inspect(
                        rev("base").file("1.py").build(),
                        rev("x1").file("2.py").down("x2").build(),
                        rev("x2").file("3.py").down("x1").build(),
                        rev("w").file("4.py").down("x2").build(),
                        rev("y1").file("5.py").down("base").build()),
                Check.CYCLE.wire());

        assertThat(f).hasSize(1);
        assertThat(f.get(0).revisions()).containsExactly("x1", "x2");
        assertThat(f.get(0).alembic()).contains("Cycle is detected in revisions (w, x1, x2)");
    }

    @Test
    void dependencyCycleThroughADescendant() {
        List<Finding> f = only(
                inspect(
                        rev("a").file("a.py").build(),
                        rev("b").file("b.py").down("a").deps("d").build(),
                        rev("c").file("c.py").down("b").build(),
                        rev("d").file("d.py").down("b").build(),
                        rev("e").file("e.py").down("d").build(),
                        rev("f").file("f.py").down("a").build()),
                Check.DEPENDENCY_CYCLE.wire());

        assertThat(f).hasSize(1);
        assertThat(f.get(0).revisions()).containsExactly("b", "d");
        assertThat(f.get(0).alembic()).contains("loop forever");
    }

    @Test
    void multipleBasesAndHeadsAreWarningsUnderAlembicAndErrorsUnderAcgs2() {
        MigrationScript[] s = {
            a(),
            rev("b").file("2.py").down("a").build(),
            rev("c").file("3.py").down("a").build(),
            rev("z").file("4.py").build()
        };

        List<Finding> alembic = inspect(s);
        assertThat(only(alembic, Check.MULTIPLE_HEADS.wire()))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING))
                .satisfies(f -> assertThat(f.alembic()).contains("Multiple head revisions are present"));
        assertThat(only(alembic, Check.MULTIPLE_BASES.wire()))
                .singleElement()
                .satisfies(f -> assertThat(f.revisions()).containsExactly("a", "z"));
        assertThat(only(inspect(Policy.acgs2(), s), Check.MULTIPLE_HEADS.wire())
                        .get(0)
                        .severity())
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void disconnectedBranch() {
        Finding f = only(
                        inspect(
                                a(),
                                rev("b").file("2.py").down("a").build(),
                                rev("c").file("3.py").down("a").build(),
                                rev("x").file("4.py").down("gone").build(),
                                rev("y").file("5.py").down("x").build()),
                        Check.DISCONNECTED_BRANCH.wire())
                .get(0);

        assertThat(f.revisions()).containsExactly("x", "y");
        assertThat(f.message()).contains("x -> gone");
    }

    @Test
    void branchLabelConflictAlsoWithARevisionId() {
        List<Finding> f = only(
                inspect(
                        rev("a").file("1.py").labels("x").build(),
                        rev("b").file("2.py").down("a").labels("x").build(),
                        rev("c").file("3.py").down("b").labels("a").build()),
                Check.BRANCH_LABEL_CONFLICT.wire());

        assertThat(f).hasSize(2);
        assertThat(f.get(0).alembic()).contains("Branch name 'x' in revision b already used by revision a");
        assertThat(f.get(1).message()).contains("already the id of revision a");
    }

    @Test
    void aValueFromAConstantIsQuotedWithItsOrigin() {
        String expand = "mypkg/cli.py:1 EXPAND_BRANCH";
        String contract = "mypkg/cli.py:2 CONTRACT_BRANCH";
        // Given two revisions taking the label 'expand' from cli.py, one parent named by a label, one missing
        List<Finding> f = inspect(
                rev("a").file("1.py")
                        .labels("expand")
                        .from("branch_labels", expand)
                        .build(),
                rev("b").file("2.py")
                        .down("a")
                        .labels("expand")
                        .from("branch_labels", expand)
                        .build(),
                rev("c").file("3.py")
                        .down("expand")
                        .from("down_revision", expand)
                        .build(),
                rev("d").file("4.py")
                        .down("contract")
                        .from("down_revision", contract)
                        .deps("contract")
                        .from("depends_on", contract)
                        .build());
        // Then each message names the file and constant the user has to look at
        assertThat(only(f, Check.BRANCH_LABEL_CONFLICT.wire()))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("branch label 'expand' (from " + expand + ") of revision b is already used by revision a "
                        + "(versions/1.py (from " + expand + "))");
        assertThat(only(f, Check.DOWN_REVISION_IS_LABEL.wire()))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("down_revision 'expand' (from " + expand + ") is a branch label (of a in versions/1.py "
                        + "(from " + expand + "))");
        assertThat(only(f, Check.MISSING_DOWN_REVISION.wire()))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("down_revision 'contract' (from " + contract + ") names no revision");
        assertThat(only(f, Check.MISSING_DEPENDENCY.wire()))
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains("depends_on 'contract' (from " + contract + ") names no revision");
        // and a literal value is quoted as before
        assertThat(only(
                                inspect(
                                        rev("a").file("1.py").labels("core").build(),
                                        rev("b").file("2.py").down("core").build()),
                                Check.DOWN_REVISION_IS_LABEL.wire())
                        .get(0)
                        .message())
                .doesNotContain("(from ");
    }

    @Test
    void docstringMismatchPointsAtTheDocstringLine() {
        List<Finding> f = only(
                inspect(
                        a(),
                        rev("b").file("2.py")
                                .down("a")
                                .docRevises("zz")
                                .docRevisionId("bb")
                                .build()),
                Check.DOCSTRING_MISMATCH.wire());

        assertThat(f).extracting(Finding::line).containsExactly(3, 4);
        assertThat(f).allMatch(x -> x.severity() == Severity.WARNING);
    }

    @Test
    void duplicatePrefix() {
        Finding f = only(
                        inspect(
                                rev("a").file("004_a.py").build(),
                                rev("b").file("004_b.py").down("a").build()),
                        Check.DUPLICATE_PREFIX.wire())
                .get(0);

        assertThat(f.file()).isEqualTo("versions/004_b.py");
        assertThat(f.message()).contains("'004_'", "versions/004_a.py");
    }

    @Test
    void constitutionalHashOnlyUnderAcgs2() {
        MigrationScript s = rev("a").file("1.py").marker(false).build();

        assertThat(only(inspect(s), Check.MISSING_CONSTITUTIONAL_HASH.wire())).isEmpty();
        assertThat(only(inspect(Policy.acgs2(), s), Check.MISSING_CONSTITUTIONAL_HASH.wire()))
                .hasSize(1);
        assertThat(only(
                        inspect(
                                Policy.acgs2(),
                                rev("a").file("1.py").marker(true).build()),
                        Check.MISSING_CONSTITUTIONAL_HASH.wire()))
                .isEmpty();
    }

    @Test
    void ignoredChecksAreNotReported() {
        Policy p = Policy.alembic().withIgnored(Set.of(Check.DUPLICATE_PREFIX));
        assertThat(inspect(
                        p,
                        rev("a").file("004_a.py").build(),
                        rev("b").file("004_b.py").down("a").build()))
                .isEmpty();
    }

    @Test
    void reportsEveryProblemInOneRunInFileLineCheckOrder() {
        // Given: one folder with most problems at once
        List<Finding> f = inspect(
                Policy.acgs2(),
                rev("a").file("001_a.py").marker(true).build(),
                rev("b").file("002_b.py").down("a").marker(true).build(),
                rev("b").file("002_c.py").down("a").marker(true).build(),
                rev("d").file("003_d.py").down("missing1").marker(true).build(),
                rev("e").file("004_e.py").down("e").marker(true).build(),
                rev("f").file("005_f.py").down("b").deps("nope").labels("a").build(),
                Scripts.noRevision("helper.py").build());

        assertThat(f)
                .extracting(Finding::check)
                .contains(
                        Check.DUPLICATE_REVISION.wire(),
                        Check.DUPLICATE_PREFIX.wire(),
                        Check.MISSING_DOWN_REVISION.wire(),
                        Check.SELF_LOOP.wire(),
                        Check.MISSING_DEPENDENCY.wire(),
                        Check.BRANCH_LABEL_CONFLICT.wire(),
                        Check.MISSING_CONSTITUTIONAL_HASH.wire(),
                        Check.MISSING_REVISION_ID.wire(),
                        Check.MULTIPLE_HEADS.wire(),
                        Check.DISCONNECTED_BRANCH.wire());
        assertThat(f)
                .isSortedAccordingTo(Comparator.comparing((Finding x) -> x.file() == null ? "\uffff" : x.file())
                        .thenComparingInt(Finding::line)
                        .thenComparing(Finding::check)
                        .thenComparing(x -> x.revision() == null ? "" : x.revision())
                        .thenComparing(Finding::message));
        assertThat(f).allMatch(x -> x.alembic() != null && !x.message().isBlank());
        assertThat(new ChainInspector(RevisionGraph.of(List.of()), Policy.alembic()).findings())
                .isEmpty();
    }

    @Test
    void chainAnalysisSummarises() {
        ChainAnalysis r = ChainAnalysis.of(
                List.of(
                        a(),
                        rev("b").file("2.py").down("a").build(),
                        rev("c").file("3.py").down("a").build()),
                Policy.alembic());

        assertThat(r.revisions()).isEqualTo(3);
        assertThat(r.heads()).containsExactly("b", "c");
        assertThat(r.bases()).containsExactly("a");
        assertThat(r.outcome().ok()).isTrue();
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.findings()).extracting(Finding::check).containsExactly(Check.MULTIPLE_HEADS.wire());
    }
}
