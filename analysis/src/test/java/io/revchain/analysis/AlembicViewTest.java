package io.revchain.analysis;

import static io.revchain.analysis.Scripts.rev;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.MigrationScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text Alembic's commands print and what Alembic does, on hand-made chains (also checked by the oracle). */
class AlembicViewTest {

    private static AlembicView view(MigrationScript... s) {
        return new AlembicView(RevisionGraph.of(List.of(s)));
    }

    @Test
    void linearChainPrintsOneHeadAndNewestFirstHistory() {
        AlembicView v = view(
                rev("a").file("1_a.py").doc("create users").build(),
                rev("b").file("2_b.py").down("a").doc("add email").build());

        assertThat(v.heads()).containsExactly("b (head)");
        assertThat(v.history()).containsExactly("a -> b (head), add email", "<base> -> a, create users");
        assertThat(v.branches()).isEmpty();
        assertThat(v.outcome().ok()).isTrue();
        assertThat(v.outcome().exitStatus()).isZero();
        assertThat(v.outcome().warnings()).isEmpty();
    }

    @Test
    void branchPointMergeAndLabelsAreMarked() {
        // Given: a -> (b, c) -> m (merge), with label "main" on the merge
        AlembicView v = view(
                rev("a").file("1.py").doc("base").build(),
                rev("b").file("2.py").down("a").doc("b").build(),
                rev("c").file("3.py").down("a").doc("c").build(),
                rev("m").file("4.py").down("b", "c").labels("main").doc("merge").build());

        assertThat(v.heads()).containsExactly("m (main) (head)");
        assertThat(v.history())
                .containsExactly(
                        "b, c -> m (main) (head) (mergepoint), merge",
                        "a -> b, b",
                        "a -> c, c",
                        "<base> -> a (branchpoint), base");
        assertThat(v.branches()).containsExactly("a (branchpoint)", "  -> b", "  -> c", "");
    }

    @Test
    void headThatIsOnlyDependedOnIsAnEffectiveHead() {
        AlembicView v = view(
                rev("a").file("1_a.py").build(),
                rev("b").file("2_b.py").down("a").labels("feature").build(),
                rev("c").file("3_c.py").down("a").deps("b").build());

        assertThat(v.heads()).containsExactly("b (feature) (effective head)", "c (head)");
        assertThat(v.history().get(0)).startsWith("a (b) -> c (head)");
    }

    @Test
    void duplicateRevisionWarnsAndPrintsTheHeadTwice() {
        AlembicView v = view(
                rev("a").file("1_a.py").build(),
                rev("bbbb").file("2_b.py").down("a").build(),
                rev("bbbb").file("3_b.py").down("a").build());

        AlembicOutcome o = v.outcome();
        assertThat(o.ok()).isTrue();
        assertThat(o.warnings()).containsExactly("Revision bbbb is present more than once");
        assertThat(v.heads()).containsExactly("bbbb (head)", "bbbb (head)");
    }

    @Test
    void brokenReferenceWarnsThenRaisesKeyError() {
        AlembicView v = view(
                rev("a").file("1_a.py").build(),
                rev("b").file("2_b.py").down("zzzz").doc("msg").build());

        AlembicOutcome o = v.outcome();
        assertThat(o.exception()).isEqualTo("KeyError");
        assertThat(o.message()).isEqualTo("'zzzz'");
        assertThat(o.warnings()).containsExactly("Revision zzzz referenced from zzzz -> b (head), msg is not present");
        assertThat(o.exitStatus()).isEqualTo(1);
        assertThat(o.printed()).isEqualTo("KeyError: 'zzzz'");
        assertThat(v.heads()).isEmpty();
    }

    @Test
    void cycleIsReportedByAlembicWithEveryRevisionCutOff() {
        AlembicView v = view(
                rev("base").file("1.py").build(),
                rev("x1").file("2.py").down("x2").build(),
                rev("x2").file("3.py").down("x1").build(),
                rev("y1").file("4.py").down("base").build());

        AlembicOutcome o = v.outcome();
        assertThat(o.exception()).isEqualTo("CycleDetected");
        assertThat(o.message()).isEqualTo("Cycle is detected in revisions (x1, x2)");
        assertThat(o.exitStatus()).isEqualTo(1);
        // history builds the map inside Alembic's error wrapper: FAILED, exit 255
        assertThat(o.historyException()).isEqualTo("CommandError");
        assertThat(o.historyExitStatus()).isEqualTo(255);
        assertThat(o.historyPrinted()).isEqualTo("FAILED: Cycle is detected in revisions (x1, x2)");
    }

    @Test
    void downRevisionNamingABranchLabelIsAKeyErrorWithoutWarning() {
        AlembicOutcome o = view(
                        rev("a").file("1_a.py").labels("core").build(),
                        rev("b").file("2_b.py").down("core").build())
                .outcome();

        assertThat(o.exception()).isEqualTo("KeyError");
        assertThat(o.message()).isEqualTo("'core'");
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void dependsOnADescendantMakesHistoryHang() {
        AlembicView v = view(
                rev("a").file("a.py").build(),
                rev("b").file("b.py").down("a").deps("d").build(),
                rev("c").file("c.py").down("b").build(),
                rev("d").file("d.py").down("b").build(),
                rev("e").file("e.py").down("d").build(),
                rev("f").file("f.py").down("a").build());

        AlembicOutcome o = v.outcome();
        assertThat(o.ok()).isTrue();
        assertThat(o.historyHangs()).isTrue();
        assertThat(o.historyExitStatus()).isEqualTo(-1);
        assertThat(v.history()).isEmpty();
        assertThat(v.heads()).isNotEmpty();
    }

    @Test
    void fileLoadingErrorsComeFirstInFileOrder() {
        // Given: a bad character in 2_b.py and a self-loop in 3_c.py: Alembic stops at the first file
        AlembicOutcome o = view(
                        rev("a").file("1_a.py").build(),
                        rev("b-1").file("2_b.py").down("a").build(),
                        rev("c").file("3_c.py").down("c").build())
                .outcome();

        assertThat(o.exception()).isEqualTo("RevisionError");
        assertThat(o.message()).isEqualTo("Character(s) '-' not allowed in revision identifier 'b-1'");
        assertThat(o.file()).isEqualTo("versions/2_b.py");
        assertThat(o.printed()).startsWith("alembic.script.revision.RevisionError: ");
    }

    @Test
    void missingRevisionVariableIsACommandErrorUnlessTheFileNameIsHex() {
        AlembicOutcome bad = view(Scripts.noRevision("001_init.py").build()).outcome();
        assertThat(bad.exception()).isEqualTo("CommandError");
        assertThat(bad.message()).startsWith("Could not determine revision id from filename 001_init.py.");
        assertThat(bad.exitStatus()).isEqualTo(255);

        AlembicView legacy = view(
                Scripts.noRevision("ab12.py").build(),
                rev("cd34").file("2.py").down("ab12").build());
        assertThat(legacy.outcome().ok()).isTrue();
        assertThat(legacy.heads()).containsExactly("cd34 (head)");
    }

    @Test
    void missingDownRevisionVariableIsAnAttributeError() {
        AlembicOutcome o = view(rev("a").file("001_init.py").noDown().build()).outcome();

        assertThat(o.exception()).isEqualTo("AttributeError");
        assertThat(o.message()).isEqualTo("module '001_init_py' has no attribute 'down_revision'");
    }

    @Test
    void nonLiteralValueMakesTheOutcomeUncertain() {
        AlembicOutcome o = view(
                        rev("a").file("1.py").build(),
                        rev("b").file("2.py").nonLiteralDown("get_down()").build())
                .outcome();

        assertThat(o.certain()).isFalse();
    }

    @Test
    void emptyFolderPrintsNothingAndWorks() {
        AlembicView v = view();
        assertThat(v.heads()).isEmpty();
        assertThat(v.history()).isEmpty();
        assertThat(v.outcome().ok()).isTrue();
    }
}
