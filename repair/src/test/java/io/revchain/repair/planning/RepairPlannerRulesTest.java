package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.RevisionGraph;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each rule the planner states, as one example: one small folder, the plan, the rule's effect. The classes that
 * decide each rule are named in {@link RepairPlanner}'s Javadoc.
 */
class RepairPlannerRulesTest {

    // ---- both strategies --------------------------------------------------------------------------------------

    @Test
    void aDuplicatedIdKeepsTheCopyAddedFirstAndTheOtherGetsAFreshIdFromItsOldIdAndPath() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "a"),
                py("3_b.py", "b", "2024-01-03", "a"));

        assertThat(only(plan, ActionKind.NEW_REVISION_ID).file()).isEqualTo("versions/3_b.py");
        assertThat(only(plan, ActionKind.NEW_REVISION_ID).revision())
                .isEqualTo(DerivedIds.of("duplicate", "b", "versions/3_b.py"));
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void aCopyNamedForItsOldIdIsRenamedForItsNewOneSoNoFileNameMismatchIsLeft() {
        // Given two files declaring e4f5a6b7c8d9, each named for it
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("d3e4f5a6b7c8_base.py", "d3e4f5a6b7c8", "2024-01-01"),
                py("e4f5a6b7c8d9_add_stock.py", "e4f5a6b7c8d9", "2024-01-02", "d3e4f5a6b7c8"),
                py("e4f5a6b7c8d9_add_price.py", "e4f5a6b7c8d9", "2024-01-03", "d3e4f5a6b7c8"));

        // Then the copy that gets a new id is named for it, and the result has no file-name finding
        String fresh = only(plan, ActionKind.NEW_REVISION_ID).revision();
        RepairAction rename = only(plan, ActionKind.RENAME_FILE);
        assertThat(rename.file()).isEqualTo("versions/e4f5a6b7c8d9_add_price.py");
        assertThat(rename.newFile()).isEqualTo("versions/" + fresh + "_add_price.py");
        assertThat(plan.verified()).isTrue();
        assertThat(analyse(plan, Policy.alembic()).findings())
                .noneMatch(
                        f -> f.check().equals("file-name-mismatch") || f.check().equals("duplicate-revision"));
    }

    @Test
    void aDuplicatedIdKeepsTheDeployedCopy() {
        // Given the copy added first is 2_b.py, but Alembic (and so the database stamped at b) ran 3_b.py
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of("b"),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "a"),
                py("3_b.py", "b", "2024-01-03", "a"));

        assertThat(only(plan, ActionKind.NEW_REVISION_ID).file()).isEqualTo("versions/2_b.py");
    }

    @Test
    void aBranchLabelAnotherRevisionAlreadyOwnsIsDropped() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01").labels("core"),
                py("2_b.py", "b", "2024-01-02", "a").labels("core"));

        assertThat(only(plan, ActionKind.DROP_BRANCH_LABEL).file()).isEqualTo("versions/2_b.py");
        assertThat(after(plan, "versions/1_a.py")).contains("branch_labels = ('core',)");
        assertThat(after(plan, "versions/2_b.py")).contains("branch_labels = None");
    }

    @Test
    void aDownRevisionNamingABranchLabelIsPointedAtTheRevisionCarryingIt() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01").labels("core"),
                py("2_b.py", "b", "2024-01-02", "core"));

        assertThat(only(plan, ActionKind.SET_DOWN_REVISION).file()).isEqualTo("versions/2_b.py");
        assertThat(after(plan, "versions/2_b.py")).contains("down_revision = 'a'");
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void aSelfLoopIsCut() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "a", "b"));

        assertThat(only(plan, ActionKind.SET_DOWN_REVISION).reason()).contains("self-loop");
        assertThat(after(plan, "versions/2_b.py")).contains("down_revision = 'a'");
        assertThat(plan.verified()).isTrue();
    }

    // ---- merge ------------------------------------------------------------------------------------------------

    @Test
    void mergeAddsAPlaceholderNamedAfterAMissingParent() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "lost12345678"));

        RepairAction placeholder = only(plan, ActionKind.CREATE_PLACEHOLDER);
        assertThat(placeholder.revision()).isEqualTo("lost12345678");
        assertThat(created(plan, placeholder.file()))
                .contains("revision = 'lost12345678'", "Placeholder written by revchain");
        assertThat(plan.actions()).noneMatch(a -> a.kind() == ActionKind.SET_DOWN_REVISION);
    }

    @Test
    void mergeCutsACycleAtTheLinkThatMostContradictsCreateDateOrder() {
        // Given x1 (older) names x2 (newer) as its parent, and x2 names x1: the link x2 -> x1 runs against the dates
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_x1.py", "x1", "2024-01-02", "a", "x2"),
                py("3_x2.py", "x2", "2024-01-03", "x1"));

        RepairAction cut = only(plan, ActionKind.SET_DOWN_REVISION);
        assertThat(cut.file()).isEqualTo("versions/2_x1.py");
        assertThat(cut.reason()).contains("x2 -> x1");
        assertThat(after(plan, "versions/2_x1.py")).contains("down_revision = 'a'");
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void mergeJoinsTheHeadsWithOneMergeRevisionWhoseIdIsDerivedFromThem() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "a"),
                py("3_c.py", "c", "2024-01-03", "a"));

        RepairAction merge = only(plan, ActionKind.ADD_MERGE_REVISION);
        assertThat(merge.revision()).isEqualTo(DerivedIds.of("[b, c]"));
        assertThat(created(plan, merge.file())).contains("down_revision = ('b', 'c')");
        assertThat(analyse(plan, Policy.alembic()).heads()).containsExactly(merge.revision());
    }

    @Test
    void mergeLeavesDistinctlyLabelledHeadsUnderPolicyAlembicButJoinsThemUnderAcgs2() {
        Py[] folder = {
            py("1_a.py", "a", "2024-01-01"),
            py("2_b.py", "b", "2024-01-02", "a").labels("left"),
            py("3_c.py", "c", "2024-01-03", "a").labels("right")
        };

        RepairPlan alembic = plan(Policy.alembic(), Strategy.MERGE, Set.of(), folder);
        RepairPlan acgs2 = plan(Policy.acgs2(), Strategy.MERGE, Set.of(), folder);

        assertThat(alembic.actions()).noneMatch(a -> a.kind() == ActionKind.ADD_MERGE_REVISION);
        assertThat(alembic.notes()).anySatisfy(n -> assertThat(n).contains("labelled branches"));
        assertThat(acgs2.actions())
                .filteredOn(a -> a.kind() == ActionKind.ADD_MERGE_REVISION)
                .hasSize(1);
    }

    // ---- linearize --------------------------------------------------------------------------------------------

    @Test
    void linearizeOrdersRevisionsByCreateDate() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", "2024-01-03"),
                py("b.py", "b", "2024-01-01"),
                py("c.py", "c", "2024-01-02"));

        assertThat(chain(plan)).containsExactly("b", "c", "a");
    }

    @Test
    void linearizeBreaksDateTiesByFilePrefixThenCommitThenId() {
        // Given no dates: 1_z.py comes first by prefix; y and x have no prefix, and y's commit is older
        List<SourceText> files = List.of(
                py("1_z.py", "z", null).source(),
                py("x.py", "x", null).source(),
                py("y.py", "y", null).source(),
                py("w.py", "w", null).source());
        RepairRequest req = new RepairRequest(
                files,
                List.of("versions"),
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                null,
                Map.of("versions/y.py", 1, "versions/x.py", 2),
                List.of());

        RepairPlan plan = run(req);

        assertThat(chain(plan)).containsExactly("z", "y", "x", "w");
    }

    @Test
    void linearizeKeepsAnExistingLinkTheDatesDoNotContradict() {
        // Given b names a, which has no date (so no date contradicts the link), and c is dated between them
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", null),
                py("b.py", "b", "2024-01-03", "a"),
                py("c.py", "c", "2024-01-02"));

        // Then the order is topological first, by key second: c, then a (still b's parent), then b
        assertThat(chain(plan)).containsExactly("c", "a", "b");
        assertThat(plan.actions()).noneMatch(a -> "b".equals(a.revision()) && a.kind() == ActionKind.SET_DOWN_REVISION);
    }

    @Test
    void linearizeRepointsALinkTheDatesContradict() {
        // Given b names a, which is dated after it, and a second base c (a chain that is one line is left alone)
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", "2024-01-03"),
                py("b.py", "b", "2024-01-01", "a"),
                py("c.py", "c", "2024-01-02"));

        // Then the link is dropped: kept, it would put a before b
        assertThat(chain(plan)).containsExactly("b", "c", "a");
    }

    @Test
    void linearizeResolvesATypoOfAnExistingId() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a1b2c3d4e5f6", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "a1b2c3d4e5f7"));

        RepairAction fix = only(plan, ActionKind.SET_DOWN_REVISION);
        assertThat(fix.reason()).contains("it is a typo of 'a1b2c3d4e5f6' (1 character(s) apart)");
        assertThat(plan.actions()).noneMatch(a -> a.kind() == ActionKind.CREATE_PLACEHOLDER);
        assertThat(chain(plan)).containsExactly("a1b2c3d4e5f6", "b");
    }

    @Test
    void linearizeAddsAPlaceholderForAnIdThatExistsNowhere() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "lost12345678"));

        assertThat(only(plan, ActionKind.CREATE_PLACEHOLDER).revision()).isEqualTo("lost12345678");
        assertThat(chain(plan)).containsExactly("a", "lost12345678", "b");
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void linearizeRepointsTheRestIntoOneChain() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "a"),
                py("c.py", "c", "2024-01-03", "a"),
                py("d.py", "d", "2024-01-04"));

        ChainAnalysis result = analyse(plan, Policy.acgs2());
        assertThat(result.heads()).containsExactly("d");
        assertThat(result.bases()).containsExactly("a");
        assertThat(chain(plan)).containsExactly("a", "b", "c", "d");
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void aDeployedRevisionAndItsAncestorsAreNeverRepointed() {
        // Given c is the oldest by date, but a <- b is deployed
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of("b"),
                py("a.py", "a", "2024-01-02"),
                py("b.py", "b", "2024-01-03", "a"),
                py("c.py", "c", "2024-01-01"));

        assertThat(plan.actions())
                .noneMatch(a -> a.kind() == ActionKind.SET_DOWN_REVISION
                        && Set.of("a", "b").contains(a.revision()));
        // Then c is chained after the deployed history instead of before it
        assertThat(chain(plan)).containsExactly("a", "b", "c");
    }

    @Test
    void linearizeChainsTheOthersAfterDeployedBranchesThroughAMergeRevision() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of("b", "c"),
                py("a.py", "a", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "a"),
                py("c.py", "c", "2024-01-03", "a"),
                py("d.py", "d", "2024-01-04"));

        RepairAction merge = only(plan, ActionKind.ADD_MERGE_REVISION);
        assertThat(created(plan, merge.file())).contains("down_revision = ('b', 'c')");
        assertThat(after(plan, "versions/d.py")).contains("down_revision = '" + merge.revision() + "'");
        assertThat(analyse(plan, Policy.acgs2()).heads()).containsExactly("d");
    }

    // ---- consistency -----------------------------------------------------------------------------------------

    @Test
    void docstringRevisionIdAndRevisesLinesAreMadeToMatchTheCode() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("1_a.py", "a", "2024-01-01"),
                py("2_b.py", "b", "2024-01-02", "a").doc("old_b", "stale"));

        assertThat(plan.actions())
                .filteredOn(a -> a.kind() == ActionKind.REWRITE_DOCSTRING)
                .hasSize(2);
        assertThat(after(plan, "versions/2_b.py")).contains("Revision ID: b\n", "Revises: a\n");
    }

    @Test
    void aClashingNumericPrefixGetsTheNextFreeLetter() {
        RepairPlan plan = plan(
                Policy.alembic(),
                Strategy.MERGE,
                Set.of(),
                py("004_a.py", "a", "2024-01-01"),
                py("004_b.py", "b", "2024-01-02", "a"));

        RepairAction rename = only(plan, ActionKind.RENAME_FILE);
        assertThat(rename.file()).isEqualTo("versions/004_b.py");
        assertThat(rename.newFile()).isEqualTo("versions/004b_b.py");
    }

    @Test
    void underPolicyAcgs2TheMarkerIsAddedWhereItIsMissing() {
        Py[] folder = {py("a.py", "a", "2024-01-01")};

        RepairPlan acgs2 = plan(Policy.acgs2(), Strategy.LINEARIZE, Set.of(), folder);
        RepairPlan alembic = plan(Policy.alembic(), Strategy.LINEARIZE, Set.of(), folder);

        assertThat(only(acgs2, ActionKind.ADD_MARKER).file()).isEqualTo("versions/a.py");
        assertThat(after(acgs2, "versions/a.py"))
                .contains("Constitutional Hash: " + Policy.acgs2().marker());
        assertThat(alembic.actions()).isEmpty();
    }

    @Test
    void noFileIsEverDeleted() {
        for (int i = 0; i < 200; i++) {
            List<SourceText> files = BrokenFolders.generate(RepairPropertiesTest.BASE + 700_000 + i);
            for (Strategy s : Strategy.values()) {
                RepairPlan plan = new RepairPlanner()
                        .plan(RepairRequest.of(files, BrokenFolders.LOCATION, Policy.acgs2())
                                .withStrategy(s));
                Set<String> kept = BrokenFolders.apply(files, plan.changes()).stream()
                        .map(SourceText::path)
                        .collect(Collectors.toSet());
                assertThat(plan.changes())
                        .allSatisfy(c -> assertThat(c.newPath()).isNotNull());
                assertThat(kept).hasSizeGreaterThanOrEqualTo(files.size());
            }
        }
    }

    // ---- verification and determinism ------------------------------------------------------------------------

    @Test
    void aPlanIsVerifiedOnlyWhenNoNewErrorAppears() {
        // Given acgs2 requires one base, and merge would add a placeholder: a second base, a new error
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.MERGE,
                Set.of(),
                py("a.py", "a", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "lost12345678"));

        assertThat(plan.verified()).isFalse();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("new error the repair would cause"));
    }

    @Test
    void aPlanIsVerifiedWhenEveryFindingItClaimsToFixIsGone() {
        RepairPlan plan = plan(
                Policy.acgs2(),
                Strategy.LINEARIZE,
                Set.of(),
                py("a.py", "a", "2024-01-01"),
                py("b.py", "b", "2024-01-02", "lost12345678"));

        assertThat(plan.actions()).allSatisfy(a -> assertThat(a.fixes()).isNotNull());
        assertThat(plan.verified()).isTrue();
        assertThat(plan.remaining()).isEmpty();
    }

    @Test
    void theSameInputGivesTheSamePlanByteForByte() {
        Py[] folder = {
            py("1_a.py", "a", "2024-01-01"),
            py("2_b.py", "b", "2024-01-02", "a"),
            py("3_c.py", "c", "2024-01-03", "a"),
            py("4_d.py", "d", "2024-01-04", "lost12345678")
        };

        for (Strategy s : Strategy.values()) {
            String first = PlanJson.render("x", List.of(plan(Policy.alembic(), s, Set.of(), folder)));
            String second = PlanJson.render("x", List.of(plan(Policy.alembic(), s, Set.of(), folder)));
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void aDerivedIdIsTwelveHexDigitsAndRepeatable() {
        assertThat(DerivedIds.of("duplicate", "b", "versions/3_b.py"))
                .matches("[0-9a-f]{12}")
                .isEqualTo(DerivedIds.of("duplicate", "b", "versions/3_b.py"))
                .isNotEqualTo(DerivedIds.of("duplicate", "b", "versions/2_b.py"));
        // parts are separated, not concatenated
        assertThat(DerivedIds.of("ab", "c")).isNotEqualTo(DerivedIds.of("a", "bc"));
    }

    @Test
    void planningNeverThrowsOnBadInput() {
        List<SourceText> files = List.of(
                new SourceText("versions/a.py", new byte[] {(byte) 0xff, 0, 'x'}),
                new SourceText("versions/b.py", "revision = \n(((".getBytes(StandardCharsets.UTF_8)),
                new SourceText("versions/c.py", new byte[0]),
                new SourceText(
                        "versions/d.py", "revision = 'd'\ndown_revision = f()\n".getBytes(StandardCharsets.UTF_8)));

        for (Strategy s : Strategy.values()) {
            for (Policy p : List.of(Policy.alembic(), Policy.acgs2())) {
                assertThat(new RepairPlanner()
                                .plan(RepairRequest.of(files, "versions", p).withStrategy(s)))
                        .isNotNull();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** One migration file of a test folder. */
    record Py(
            String file, String id, String date, List<String> down, List<String> labels, String docId, String revises) {

        Py labels(String... l) {
            return new Py(file, id, date, down, Arrays.asList(l), docId, revises);
        }

        Py doc(String revisionId, String revisesLine) {
            return new Py(file, id, date, down, labels, revisionId, revisesLine);
        }

        SourceText source() {
            StringBuilder b = new StringBuilder("\"\"\"change ")
                    .append(id)
                    .append("\n\nRevision ID: ")
                    .append(docId == null ? id : docId)
                    .append("\nRevises: ")
                    .append(revises == null ? String.join(", ", down) : revises)
                    .append('\n');
            if (date != null) {
                b.append("Create Date: ").append(date).append(" 00:00:00.000000\n");
            }
            b.append("\"\"\"\nrevision = '")
                    .append(id)
                    .append("'\ndown_revision = ")
                    .append(literal(down))
                    .append("\nbranch_labels = ")
                    .append(labels.size() == 1 ? "(" + literal(labels) + ",)" : literal(labels))
                    .append("\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
            return new SourceText("versions/" + file, b.toString().getBytes(StandardCharsets.UTF_8));
        }

        private static String literal(List<String> v) {
            if (v.isEmpty()) {
                return "None";
            }
            String items = String.join(", ", v.stream().map(s -> "'" + s + "'").toList());
            return v.size() == 1 ? items : "(" + items + ")";
        }
    }

    static Py py(String file, String id, String date, String... down) {
        return new Py(file, id, date, List.of(down), List.of(), null, null);
    }

    /** The folder each plan of this test was made for. */
    private final Map<RepairPlan, List<SourceText>> inputs = new IdentityHashMap<>();

    RepairPlan plan(Policy policy, Strategy strategy, Set<String> deployed, Py... files) {
        List<SourceText> sources = Arrays.stream(files).map(Py::source).toList();
        return run(RepairRequest.of(sources, "versions", policy)
                .withStrategy(strategy)
                .withDeployed(deployed));
    }

    RepairPlan run(RepairRequest req) {
        RepairPlan plan = new RepairPlanner().plan(req);
        inputs.put(plan, req.files());
        return plan;
    }

    static RepairAction only(RepairPlan plan, ActionKind kind) {
        List<RepairAction> found =
                plan.actions().stream().filter(a -> a.kind() == kind).toList();
        assertThat(found).as(kind + " in " + plan.actions()).hasSize(1);
        return found.get(0);
    }

    /** The text of {@code path} after the plan. */
    String after(RepairPlan plan, String path) {
        return BrokenFolders.apply(inputs.get(plan), plan.changes()).stream()
                .filter(s -> s.path().equals(path))
                .map(s -> new String(s.bytes(), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
    }

    static String created(RepairPlan plan, String path) {
        return plan.changes().stream()
                .filter(c -> c.created() && c.newPath().equals(path))
                .map(c -> new String(c.newBytes(), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
    }

    ChainAnalysis analyse(RepairPlan plan, Policy policy) {
        return RepairPropertiesTest.analyse(BrokenFolders.apply(inputs.get(plan), plan.changes()), policy);
    }

    /** The revision ids of the repaired folder, which must be one chain, base first. */
    List<String> chain(RepairPlan plan) {
        MigrationParser parser = new MigrationParser(Policy.CONSTITUTIONAL_HASH);
        List<MigrationScript> scripts = new ArrayList<>();
        for (SourceText s : BrokenFolders.apply(inputs.get(plan), plan.changes())) {
            scripts.add(parser.parse(s.path(), s.bytes()));
        }
        RevisionGraph g = RevisionGraph.of(scripts);
        assertThat(g.bases()).as("bases").hasSize(1);
        List<String> out = new ArrayList<>();
        for (String id = g.bases().get(0); id != null; ) {
            out.add(id);
            List<String> children = g.node(id).orElseThrow().children();
            assertThat(children).as("children of " + id).hasSizeLessThan(2);
            id = children.isEmpty() ? null : children.get(0);
        }
        assertThat(out)
                .as("every revision on the chain")
                .hasSize(g.revisionIds().size());
        return out;
    }
}
