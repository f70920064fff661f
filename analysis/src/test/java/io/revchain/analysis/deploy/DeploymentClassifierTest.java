package io.revchain.analysis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.RevisionGraph;
import io.revchain.core.model.MigrationScript;
import io.revchain.testkit.Gen;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentClassifierTest {

    private static MigrationScript rev(String id, String... down) {
        return Gen.script(id + "_x.py", id, List.of(down), "m " + id, false);
    }

    private static MigrationScript revDepending(String id, List<String> down, List<String> deps) {
        return Gen.script(id + "_x.py", id, down, List.of(), deps, "m " + id, String.join(", ", down), false, false);
    }

    /** A linear chain r000 … r(n-1). */
    private static List<MigrationScript> linear(int n) {
        List<MigrationScript> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i == 0 ? rev(id(i)) : rev(id(i), id(i - 1)));
        }
        return out;
    }

    private static String id(int i) {
        return String.format("r%03d", i);
    }

    @Test
    void aLinearChainIsBehindByWhatComesAfterTheRowInUpgradeOrder() {
        Random random = new Random(20);
        for (int round = 0; round < 50; round++) {
            int n = 2 + random.nextInt(40);
            int at = random.nextInt(n);
            RevisionGraph g = RevisionGraph.of(linear(n));

            AppliedState s = new DeploymentClassifier(g).classify(List.of(id(at)));

            List<String> expected = new ArrayList<>();
            for (int i = at + 1; i < n; i++) {
                expected.add(id(i));
            }
            assertThat(s.kind()).isEqualTo(at == n - 1 ? AppliedState.Kind.AT_HEAD : AppliedState.Kind.BEHIND);
            assertThat(s.pending()).containsExactlyElementsOf(expected);
            assertThat(s.verdict()).isEqualTo(at == n - 1 ? AppliedState.Verdict.AT_HEAD : AppliedState.Verdict.BEHIND);
            if (at < n - 1) {
                assertThat(s.reason()).startsWith("behind by " + (n - 1 - at) + " revision");
            }
        }
    }

    @Test
    void anEmptyTableHasEveryRevisionPending() {
        AppliedState s = new DeploymentClassifier(RevisionGraph.of(linear(3))).classify(List.of());

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.EMPTY);
        assertThat(s.pending()).containsExactly("r000", "r001", "r002");
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BEHIND);
    }

    @Test
    void aRowTheCodeDoesNotDeclareIsCantLocateRevision() {
        AppliedState s = new DeploymentClassifier(RevisionGraph.of(linear(3))).classify(List.of("gone1234"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.UNKNOWN_REVISION);
        assertThat(s.unknown()).containsExactly("gone1234");
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BROKEN);
        assertThat(s.reason()).contains("Can't locate revision identified by 'gone1234'");
    }

    @Test
    void aRowThatIsTheOnePrefixOfARevisionIsThatRevisionAsAlembicResolvesIt() {
        RevisionGraph g = RevisionGraph.of(List.of(rev("ab12cd"), rev("ab34ef", "ab12cd"), rev("ff0011", "ab34ef")));

        assertThat(new DeploymentClassifier(g).classify(List.of("ab34")).pending())
                .containsExactly("ff0011");
        // two ids start with "ab": Alembic cannot tell, and neither can revchain
        assertThat(new DeploymentClassifier(g).classify(List.of("ab")).kind())
                .isEqualTo(AppliedState.Kind.UNKNOWN_REVISION);
    }

    @Test
    void theHistoryNamesTheFileThatDeclaredAnUnknownRowDeletedFromTheTop() {
        // r003 was the head; its file was deleted: the code's head is r002 again
        Retired r3 = new Retired("r003", "versions/r003_x.py", List.of("r002"), "abc1234", "def5678", null);
        AppliedState s = new DeploymentClassifier(
                        RevisionGraph.of(linear(3)), id -> id.equals("r003") ? Optional.of(r3) : Optional.empty())
                .classify(List.of("r003"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.UNKNOWN_REVISION);
        assertThat(s.retired()).containsExactly(r3);
        assertThat(s.reason()).contains("declared by versions/r003_x.py (last in abc1234), deleted in def5678");
    }

    @Test
    void aRetiredBranchTheCodeWentOnWithoutIsADroppedBranch() {
        // the database applied f1 -> f2 on r001; the code dropped both and went on with r002
        Map<String, Retired> history = Map.of(
                "f2", new Retired("f2", "versions/f2.py", List.of("f1"), null, null, null),
                "f1", new Retired("f1", "versions/f1.py", List.of("r001"), null, null, null));
        AppliedState s = new DeploymentClassifier(
                        RevisionGraph.of(linear(4)), id -> Optional.ofNullable(history.get(id)))
                .classify(List.of("f2"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.DROPPED_BRANCH);
        assertThat(s.reason()).contains("goes on from 'r001' without it");
        // once back on the chain, what upgrade head would run from r001
        assertThat(s.pending()).containsExactly("r002", "r003");
    }

    @Test
    void rowsOnTheChainAndOffItAreADroppedBranchWithoutHistory() {
        AppliedState s = new DeploymentClassifier(RevisionGraph.of(linear(3))).classify(List.of("r001", "feat99"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.DROPPED_BRANCH);
        assertThat(s.unknown()).containsExactly("feat99");
        assertThat(s.pending()).containsExactly("r002");
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BROKEN);
    }

    @Test
    void twoAppliedHeadsTheCodeMergedAreMergedHeads() {
        // a -> b, a -> c, m merges b and c, then d
        RevisionGraph g =
                RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("m", "b", "c"), rev("d", "m")));

        AppliedState s = new DeploymentClassifier(g).classify(List.of("b", "c"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.MERGED_HEADS);
        assertThat(s.pending()).containsExactly("m", "d");
        assertThat(s.reason()).contains("merged in 'm'");
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BEHIND);
    }

    @Test
    void aRowBelowAnotherRowIsBrokenNotMergedHeads() {
        RevisionGraph g =
                RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("m", "b", "c"), rev("d", "m")));

        AppliedState s = new DeploymentClassifier(g).classify(List.of("b", "a"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.OVERLAPPING_ROWS);
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BROKEN);
        assertThat(s.reason()).contains("Requested revision b overlaps with other requested revisions a");
    }

    @Test
    void oneSideOfABranchAppliedIsBehindByTheOtherSideAndTheMerge() {
        RevisionGraph g = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("m", "b", "c")));

        AppliedState s = new DeploymentClassifier(g).classify(List.of("b"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.BEHIND);
        assertThat(s.pending()).containsExactly("c", "m");
    }

    @Test
    void dependsOnCountsAsApplied() {
        // x depends on b of another base: a row at x means b is applied too
        RevisionGraph g = RevisionGraph.of(List.of(
                rev("a"), rev("b", "a"), rev("p"), revDepending("x", List.of("p"), List.of("b")), rev("y", "x")));

        AppliedState s = new DeploymentClassifier(g).classify(List.of("x"));

        assertThat(s.pending()).containsExactly("y");
    }

    @Test
    void aChainAlembicCannotLoadFailsWhateverTheTableHolds() {
        RevisionGraph g = RevisionGraph.of(List.of(rev("a", "b"), rev("b", "a")));

        AppliedState s = new DeploymentClassifier(g).classify(List.of("a"));

        assertThat(s.kind()).isEqualTo(AppliedState.Kind.CHAIN_FAILS);
        assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BROKEN);
    }

    @Test
    void pendingIsTopologicalAndCompleteOnGeneratedBranchyChains() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(30);
            List<MigrationScript> scripts = new ArrayList<>();
            Map<String, List<String>> parents = new HashMap<>();
            for (int i = 0; i < n; i++) {
                List<String> down = new ArrayList<>();
                if (i > 0) {
                    down.add(id(random.nextInt(i)));
                    if (i > 1 && random.nextInt(4) == 0) {
                        String second = id(random.nextInt(i));
                        if (!down.contains(second)) {
                            down.add(second);
                        }
                    }
                }
                parents.put(id(i), down);
                scripts.add(rev(id(i), down.toArray(String[]::new)));
            }
            RevisionGraph g = RevisionGraph.of(scripts);
            List<String> rows = new ArrayList<>(new HashSet<>(List.of(id(random.nextInt(n)), id(random.nextInt(n)))));

            AppliedState s = new DeploymentClassifier(g).classify(rows);

            Set<String> applied = new HashSet<>();
            List<String> todo = new ArrayList<>(rows);
            while (!todo.isEmpty()) {
                String r = todo.remove(todo.size() - 1);
                if (applied.add(r)) {
                    todo.addAll(parents.get(r));
                }
            }
            assertThat(s.pending()).doesNotContainAnyElementsOf(applied);
            assertThat(s.pending().size() + applied.size()).isEqualTo(n);
            Set<String> done = new HashSet<>(applied);
            for (String p : s.pending()) {
                assertThat(done).containsAll(parents.get(p));
                done.add(p);
            }
            boolean overlap = false;
            for (String r : rows) {
                Set<String> below = new HashSet<>();
                List<String> walk = new ArrayList<>(parents.get(r));
                while (!walk.isEmpty()) {
                    String x = walk.remove(walk.size() - 1);
                    if (below.add(x)) {
                        walk.addAll(parents.get(x));
                    }
                }
                overlap |= rows.stream().anyMatch(below::contains);
            }
            // a row below another is what Alembic refuses; otherwise at head exactly when nothing is pending
            assertThat(s.kind() == AppliedState.Kind.OVERLAPPING_ROWS).isEqualTo(overlap);
            if (!overlap) {
                assertThat(s.kind())
                        .isIn(AppliedState.Kind.AT_HEAD, AppliedState.Kind.BEHIND, AppliedState.Kind.MERGED_HEADS);
                assertThat(s.kind() == AppliedState.Kind.AT_HEAD)
                        .isEqualTo(s.pending().isEmpty());
            }
        }
    }
}
