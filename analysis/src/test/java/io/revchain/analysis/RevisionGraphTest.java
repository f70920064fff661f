package io.revchain.analysis;

import static io.revchain.analysis.Scripts.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevisionGraphTest {

    @Test
    void computesHeadsBasesBranchAndMergePointsInFileOrder() {
        List<MigrationScript> scripts = new ArrayList<>(List.of(
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("a").build(),
                rev("c").file("3.py").down("a").build(),
                rev("m").file("4.py").down("b", "c").build(),
                rev("z").file("5.py").build()));
        Collections.shuffle(scripts, new Random(1));

        RevisionGraph g = RevisionGraph.of(scripts);

        assertThat(g.heads()).containsExactly("m", "z");
        assertThat(g.bases()).containsExactly("a", "z");
        assertThat(g.branchPoints()).containsExactly("a");
        assertThat(g.mergePoints()).containsExactly("m");
        assertThat(g.node("a").orElseThrow().children()).containsExactly("b", "c");
        assertThat(g.graph().edgeSet()).hasSize(4);
    }

    @Test
    void branchLabelsPropagateToDescendantsAndUpToABranchPoint() {
        // Given: a -> b -> c(label x) -> d, and a -> e: a is a branch point
        RevisionGraph g = RevisionGraph.of(List.of(
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("a").build(),
                rev("c").file("3.py").down("b").labels("x").build(),
                rev("d").file("4.py").down("c").build(),
                rev("e").file("5.py").down("a").build()));

        assertThat(g.node("d").orElseThrow().branchLabels()).containsExactly("x");
        assertThat(g.node("b").orElseThrow().branchLabels()).containsExactly("x");
        assertThat(g.node("a").orElseThrow().branchLabels()).isEmpty();
        assertThat(g.node("e").orElseThrow().branchLabels()).isEmpty();
        assertThat(g.branchLabelOwners()).containsEntry("x", "c");
    }

    @Test
    void effectiveHeadsLeaveOutHeadsOthersDependOn() {
        RevisionGraph g = RevisionGraph.of(List.of(
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("a").build(),
                rev("c").file("3.py").down("a").deps("b").build()));

        assertThat(g.heads()).containsExactly("b", "c");
        assertThat(g.effectiveHeads()).containsExactly("c");
        assertThat(g.node("b").orElseThrow().effectiveHeadMarker()).isTrue();
        assertThat(g.node("b").orElseThrow().dependents()).containsExactly("c");
    }

    @Test
    void duplicatesKeepTheLastFileAndBothStayInHeads() {
        RevisionGraph g = RevisionGraph.of(List.of(
                rev("a").file("1.py").build(),
                rev("b").file("2.py").down("a").doc("first").build(),
                rev("b").file("3.py").down("a").doc("second").build()));

        assertThat(g.heads()).containsExactly("b", "b");
        assertThat(g.node("b").orElseThrow().path()).isEqualTo("versions/3.py");
        assertThat(g.nodesWithId("b")).extracting(RevisionNode::shadowed).containsExactly(true, false);
    }

    @Test
    void neverThrowsOnBrokenInput() {
        // Given: every kind of broken input at once
        List<MigrationScript> scripts = List.of(
                rev("a").file("1.py").down("a").build(),
                rev("b").file("2.py").down("c").build(),
                rev("c").file("3.py").down("b").build(),
                rev("d").file("4.py")
                        .down("missing")
                        .deps("nothing")
                        .labels("b")
                        .build(),
                rev("e@x").file("5.py").noDown().build(),
                Scripts.noRevision("weird.py").build(),
                rev("f").file("6.py").nonLiteralDown("x()").build());

        assertThatCode(() -> {
                    RevisionGraph g = RevisionGraph.of(scripts);
                    new AlembicView(g).history();
                    new AlembicView(g).outcome();
                    new ChainInspector(g, null).findings();
                })
                .doesNotThrowAnyException();
        assertThat(RevisionGraph.of(scripts).graph().containsEdge("a", "a")).isTrue();
    }

    @Test
    void neverThrowsOnRandomBrokenInput() {
        // Given: random folders with some fields made absent or non-literal
        Random rnd = new Random(42);
        RandomFolders gen = new RandomFolders(99);
        for (int i = 0; i < 1500; i++) {
            List<MigrationScript> scripts = new ArrayList<>();
            for (MigrationScript s : gen.next("r" + i).scripts()) {
                int k = rnd.nextInt(8);
                Field odd = k == 0
                        ? new Field("x", FieldState.NON_LITERAL, List.of(), 9, 0, 3, "f()", false, false)
                        : k == 1
                                ? Field.absent("x")
                                : k == 2
                                        ? new Field("x", FieldState.WRONG_TYPE, List.of(), 9, 0, 1, "5", false, false)
                                        : null;
                int which = rnd.nextInt(4);
                scripts.add(
                        odd == null
                                ? s
                                : new MigrationScript(
                                        s.path(),
                                        which == 0 ? odd : s.revision(),
                                        which == 1 ? odd : s.downRevision(),
                                        which == 2 ? odd : s.branchLabels(),
                                        which == 3 ? odd : s.dependsOn(),
                                        s.docstring(),
                                        s.hasMarker(),
                                        s.problems()));
            }
            // When / Then
            assertThatCode(() -> ChainAnalysis.of(scripts, Policy.acgs2()))
                    .as("folder %d", i)
                    .doesNotThrowAnyException();
            new AlembicView(RevisionGraph.of(scripts)).branches();
        }
    }

    @Test
    void largeBranchyChainIsAnalysedQuickly() {
        // Given: 4000 revisions, a merge every 50 with a side branch
        List<MigrationScript> scripts = new ArrayList<>();
        scripts.add(rev("r0").file("r00000.py").build());
        for (int i = 1; i < 4000; i++) {
            String f = String.format("r%05d.py", i);
            scripts.add(
                    i % 50 == 2 && i > 50
                            ? rev("r" + i)
                                    .file(f)
                                    .down("r" + (i - 1), "s" + (i - 2))
                                    .build()
                            : rev("r" + i).file(f).down("r" + (i - 1)).build());
            if (i % 50 == 0) {
                scripts.add(rev("s" + i)
                        .file(String.format("s%05d.py", i))
                        .down("r" + (i - 1))
                        .build());
            }
        }
        long t0 = System.nanoTime();

        // When
        ChainAnalysis a = ChainAnalysis.of(scripts, Policy.alembic());
        List<String> history = new AlembicView(RevisionGraph.of(scripts)).historyOrder();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        // Then
        assertThat(a.heads()).containsExactly("r3999");
        assertThat(a.findings()).isEmpty();
        assertThat(history).hasSize(scripts.size()).startsWith("r3999").endsWith("r0");
        System.out.printf("large chain: %d revisions analysed twice in %d ms%n", scripts.size(), ms);
    }

    @Test
    void ignoresFilesAlembicDoesNotLoad() {
        RevisionGraph g = RevisionGraph.of(List.of(
                rev("a").file("1.py").build(),
                rev("x").file("__init__.py").build(),
                rev("y").file("notes.txt").build()));

        assertThat(g.revisionIds()).containsExactly("a");
    }
}
