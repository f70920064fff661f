package io.revchain.repair.planning;

import static io.revchain.repair.planning.RepairPlannerRulesTest.py;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.Retired;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule of repairs that respect what environments have applied, as one example whose plan changes with the
 * environments: the same folder planned without them and with them.
 */
class EnvironmentRulesTest {

    /** a, then b and c both on a: two heads. */
    static final RepairPlannerRulesTest.Py[] FORK = {
        py("1_a.py", "a", "2024-01-01"), py("2_b.py", "b", "2024-01-02", "a"), py("3_c.py", "c", "2024-01-03", "a")
    };

    /** a, then b: one clean chain. */
    static final RepairPlannerRulesTest.Py[] LINE = {
        py("1_a.py", "a", "2024-01-01"), py("2_b.py", "b", "2024-01-02", "a")
    };

    static RepairPlan plan(Strategy s, AppliedEnvironments envs, RepairPlannerRulesTest.Py... files) {
        List<SourceText> sources =
                Arrays.stream(files).map(RepairPlannerRulesTest.Py::source).toList();
        return new RepairPlanner()
                .plan(RepairRequest.of(sources, "versions", Policy.alembic())
                        .withStrategy(s)
                        .withApplied(envs));
    }

    static AppliedEnvironments envs(String... envAndRows) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String e : envAndRows) {
            String[] parts = e.split("=", 2);
            m.put(parts[0], parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
        }
        return AppliedEnvironments.of(m);
    }

    static List<RepairAction> repoints(RepairPlan p) {
        return p.actions().stream()
                .filter(a -> a.kind() == ActionKind.SET_DOWN_REVISION)
                .toList();
    }

    static EnvironmentForecast env(RepairPlan p, String name) {
        return p.environments().stream()
                .filter(e -> e.environment().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAppliedRevisionIsNeverRePointed() {
        // Without environments linearize chains c after b (Create Date order): c is re-pointed
        RepairPlan free = plan(Strategy.LINEARIZE, AppliedEnvironments.none(), FORK);
        assertThat(repoints(free)).extracting(RepairAction::revision).containsExactly("c");

        // With prod standing on c, c keeps its down_revision: b is chained after it instead
        RepairPlan held = plan(Strategy.LINEARIZE, envs("prod=c"), FORK);
        assertThat(repoints(held)).extracting(RepairAction::revision).containsExactly("b");
        assertThat(held.refused()).isFalse();
        assertThat(held.writable()).isTrue();
        // and prod's next upgrade runs b, whose file the plan changed
        assertThat(env(held, "prod").runs())
                .containsExactly(new EnvironmentForecast.UpgradeStep("b", "versions/2_b.py", true));
    }

    @Test
    void linearizingOverTwoAppliedBranchesBecomesAMergeRevision() {
        // prod stands on b and staging on c: re-pointing either would rewrite what a database ran
        RepairPlan plan = plan(Strategy.LINEARIZE, envs("prod=b", "staging=c"), FORK);

        assertThat(repoints(plan)).isEmpty();
        RepairAction merge = RepairPlannerRulesTest.only(plan, ActionKind.ADD_MERGE_REVISION);
        assertThat(env(plan, "prod").runs())
                .extracting(EnvironmentForecast.UpgradeStep::revision)
                .containsExactly("c", merge.revision());
        assertThat(env(plan, "staging").runs())
                .extracting(EnvironmentForecast.UpgradeStep::revision)
                .containsExactly("b", merge.revision());
        assertThat(plan.refused()).isFalse();
    }

    @Test
    void theProposalSaysWhichEnvironmentsRunWhichNewFiles() {
        RepairPlan plan = plan(Strategy.MERGE, envs("prod=b", "dev=a", "fresh="), FORK);
        String merge =
                RepairPlannerRulesTest.only(plan, ActionKind.ADD_MERGE_REVISION).revision();
        String mergeFile =
                RepairPlannerRulesTest.only(plan, ActionKind.ADD_MERGE_REVISION).file();

        // prod had b: it runs c (unchanged) and the new merge revision
        assertThat(env(plan, "prod").runs())
                .containsExactly(
                        new EnvironmentForecast.UpgradeStep("c", "versions/3_c.py", false),
                        new EnvironmentForecast.UpgradeStep(merge, mergeFile, true));
        assertThat(env(plan, "prod").before()).isEqualTo(AppliedState.Kind.BEHIND);
        assertThat(env(plan, "prod").after().kind()).isEqualTo(AppliedState.Kind.BEHIND);
        // dev had a: both branches, then the merge; fresh (empty table) runs everything
        assertThat(env(plan, "dev").runs()).hasSize(3);
        assertThat(env(plan, "fresh").runs()).hasSize(4);
        assertThat(env(plan, "fresh").after().kind()).isEqualTo(AppliedState.Kind.EMPTY);
        assertThat(PlanJson.render(".", List.of(plan)))
                .contains("\"environment\" : \"prod\"")
                .contains("\"nextUpgradeRuns\"")
                .contains("\"planned\" : true");
    }

    @Test
    void aStrandedRevisionWithoutHistoryRefusesThePlan() {
        // the code is one clean chain; without environments there is nothing to do
        assertThat(plan(Strategy.MERGE, AppliedEnvironments.none(), LINE).empty())
                .isTrue();

        // prod stands on x, which no file declares, and nothing says where x stood
        RepairPlan plan = plan(Strategy.MERGE, envs("prod=x"), LINE);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.writable()).isFalse();
        assertThat(plan.refusals()).singleElement().asString().contains("prod").contains("unknown-revision");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("'x'").contains("alembic stamp"));
        assertThat(env(plan, "prod").upgradable()).isFalse();
    }

    @Test
    void aStrandedRevisionWithHistoryGetsAPlaceholderAndAMerge() {
        // git history: x was versions/3_x.py on a, deleted since
        Retired x = new Retired("x", "versions/3_x.py", List.of("a"), "1111111", "2222222", null);
        RepairPlan plan = plan(Strategy.MERGE, envs("prod=x", "staging=b").withHistory(Map.of("x", x)), LINE);

        RepairAction placeholder = RepairPlannerRulesTest.only(plan, ActionKind.CREATE_PLACEHOLDER);
        assertThat(placeholder.revision()).isEqualTo("x");
        String merge =
                RepairPlannerRulesTest.only(plan, ActionKind.ADD_MERGE_REVISION).revision();
        assertThat(plan.refused()).isFalse();
        assertThat(plan.verified()).isTrue();
        assertThat(env(plan, "prod").before()).isEqualTo(AppliedState.Kind.DROPPED_BRANCH);
        assertThat(env(plan, "prod").runs())
                .extracting(EnvironmentForecast.UpgradeStep::revision)
                .containsExactly("b", merge);
        assertThat(env(plan, "staging").runs())
                .extracting(EnvironmentForecast.UpgradeStep::revision)
                .containsExactly("x", merge);
    }

    @Test
    void aDroppedBranchIsRescuedUnderLinearizeToo() {
        // prod applied c of the code and d of a branch the code dropped (d stood on a)
        Retired d = new Retired("d", "versions/4_d.py", List.of("a"), "1111111", "2222222", null);
        RepairPlannerRulesTest.Py[] chain = {
            py("1_a.py", "a", "2024-01-01"), py("2_b.py", "b", "2024-01-02", "a"), py("3_c.py", "c", "2024-01-03", "b")
        };
        RepairPlan without = plan(Strategy.LINEARIZE, envs("prod=c,d"), chain);
        assertThat(without.refused()).isTrue();
        assertThat(without.refusals()).singleElement().asString().contains("dropped-branch");

        RepairPlan plan = plan(Strategy.LINEARIZE, envs("prod=c,d").withHistory(Map.of("d", d)), chain);

        assertThat(repoints(plan)).isEmpty();
        String merge =
                RepairPlannerRulesTest.only(plan, ActionKind.ADD_MERGE_REVISION).revision();
        assertThat(env(plan, "prod").before()).isEqualTo(AppliedState.Kind.DROPPED_BRANCH);
        assertThat(env(plan, "prod").runs())
                .extracting(EnvironmentForecast.UpgradeStep::revision)
                .containsExactly(merge);
        assertThat(plan.refused()).isFalse();
    }

    @Test
    void aRenamedFileIsRefusedWithTheStampThatKeepsItUpgradable() {
        // x's file now declares b: a placeholder x would make prod run b's changes a second time
        Retired x = new Retired("x", "versions/2_x.py", List.of("a"), "1111111", null, "versions/2_b.py");
        RepairPlan plan = plan(Strategy.MERGE, envs("prod=x").withHistory(Map.of("x", x)), LINE);

        assertThat(plan.actions()).noneMatch(a -> a.kind() == ActionKind.CREATE_PLACEHOLDER);
        assertThat(plan.refused()).isTrue();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("alembic stamp b"));
    }

    @Test
    void overlappingRowsAreRefused() {
        RepairPlan plan = plan(Strategy.MERGE, envs("prod=a,b"), LINE);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.refusals()).singleElement().asString().contains("overlapping-rows");
    }

    @Test
    void anUnreadableEnvironmentRefusesThePlan() {
        RepairPlan readable = plan(Strategy.LINEARIZE, envs("staging=b"), FORK);
        assertThat(readable.refused()).isFalse();

        RepairPlan plan =
                plan(Strategy.LINEARIZE, envs("staging=b").withUnreadable(Map.of("prod", "connection refused")), FORK);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.writable()).isFalse();
        assertThat(plan.refusals()).singleElement().asString().contains("prod").contains("connection refused");
        assertThat(env(plan, "prod").upgradable()).isFalse();
    }

    @Test
    void theHandWrittenListStillAddsToTheEnvironments() {
        RepairPlan plan = new RepairPlanner()
                .plan(RepairRequest.of(
                                Arrays.stream(FORK)
                                        .map(RepairPlannerRulesTest.Py::source)
                                        .toList(),
                                "versions",
                                Policy.alembic())
                        .withStrategy(Strategy.LINEARIZE)
                        .withDeployed(Set.of("c"))
                        .withApplied(envs("prod=b")));

        assertThat(repoints(plan)).isEmpty();
        assertThat(plan.actions()).anyMatch(a -> a.kind() == ActionKind.ADD_MERGE_REVISION);
    }
}
