package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.parse.MigrationParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Properties of the planner over thousands of generated broken folders (seeded: set {@code -Drevchain.seed=N} to
 * replay; every assertion names the seed of the folder that failed).
 */
class RepairPropertiesTest {

    static final long BASE = Long.getLong("revchain.seed", 20240301L);
    static final int FOLDERS = Integer.getInteger("revchain.folders", 2000);

    @Test
    void linearizeAlwaysGivesOneVerifiedChainThatPassesCheckAndIsStable() {
        int placeholders = 0;
        int repointed = 0;
        for (int i = 0; i < FOLDERS; i++) {
            long seed = BASE + i;
            List<SourceText> files = BrokenFolders.generate(seed);
            RepairRequest req = RepairRequest.of(files, BrokenFolders.LOCATION, Policy.acgs2());
            RepairPlan plan = new RepairPlanner().plan(req);
            String at = "seed " + seed + " notes " + plan.notes();

            assertThat(plan.strategy()).as(at).isEqualTo(Strategy.LINEARIZE);
            assertThat(plan.verified()).as(at).isTrue();
            assertThat(plan.remaining()).as(at).isEmpty();
            List<SourceText> repaired = BrokenFolders.apply(files, plan.changes());
            ChainAnalysis after = analyse(repaired, Policy.acgs2());
            assertThat(after.bases()).as(at).hasSize(1);
            assertThat(after.heads()).as(at).hasSize(1);
            assertThat(errors(after)).as(at).isEmpty();
            assertThat(after.outcome().ok() && !after.outcome().historyHangs())
                    .as(at)
                    .isTrue();

            RepairPlan again =
                    new RepairPlanner().plan(RepairRequest.of(repaired, BrokenFolders.LOCATION, Policy.acgs2()));
            assertThat(again.actions()).as(at + " (second run)").isEmpty();
            assertThat(PlanJson.render("p", List.of(new RepairPlanner().plan(req))))
                    .as(at + " (same bytes)")
                    .isEqualTo(PlanJson.render("p", List.of(plan)));
            placeholders += (int) plan.actions().stream()
                    .filter(a -> a.kind() == ActionKind.CREATE_PLACEHOLDER)
                    .count();
            repointed += (int) plan.actions().stream()
                    .filter(a -> a.kind() == ActionKind.SET_DOWN_REVISION)
                    .count();
        }
        // the generator really produced broken folders
        assertThat(placeholders).isGreaterThan(FOLDERS / 10);
        assertThat(repointed).isGreaterThan(FOLDERS);
    }

    @Test
    void mergeChangesNoDownRevisionWithoutSayingWhyAndLeavesNoError() {
        int merges = 0;
        for (int i = 0; i < FOLDERS; i++) {
            long seed = BASE + 100_000 + i;
            List<SourceText> files = BrokenFolders.generate(seed);
            RepairRequest req = RepairRequest.of(files, BrokenFolders.LOCATION, Policy.alembic());
            RepairPlan plan = new RepairPlanner().plan(req);
            String at = "seed " + seed + " notes " + plan.notes();

            assertThat(plan.strategy()).as(at).isEqualTo(Strategy.MERGE);
            assertThat(plan.verified()).as(at).isTrue();
            assertThat(plan.remaining()).as(at).isEmpty();
            Map<String, MigrationScript> before = byPath(files);
            Map<String, MigrationScript> after = byPath(BrokenFolders.apply(files, plan.changes()));
            for (FileChange c : plan.changes()) {
                if (c.oldPath() == null) {
                    continue;
                }
                MigrationScript was = before.get(c.oldPath());
                MigrationScript now = after.get(c.newPath());
                if (!was.downRevision().values().equals(now.downRevision().values())) {
                    assertThat(plan.actions())
                            .as(at + " " + c.oldPath() + " changed its down_revision")
                            .anySatisfy(a -> {
                                assertThat(a.kind()).isEqualTo(ActionKind.SET_DOWN_REVISION);
                                assertThat(a.file()).isEqualTo(c.oldPath());
                                assertThat(a.reason()).isNotBlank();
                            });
                }
            }
            List<SourceText> repaired = BrokenFolders.apply(files, plan.changes());
            ChainAnalysis result = analyse(repaired, Policy.alembic());
            assertThat(errors(result)).as(at).isEmpty();
            assertThat(result.outcome().ok()).as(at).isTrue();
            RepairPlan again =
                    new RepairPlanner().plan(RepairRequest.of(repaired, BrokenFolders.LOCATION, Policy.alembic()));
            assertThat(again.actions()).as(at + " (second run)").isEmpty();
            merges += (int) plan.actions().stream()
                    .filter(a -> a.kind() == ActionKind.ADD_MERGE_REVISION)
                    .count();
        }
        assertThat(merges).isGreaterThan(FOLDERS / 10);
    }

    static ChainAnalysis analyse(List<SourceText> files, Policy policy) {
        MigrationParser parser = new MigrationParser(policy.marker());
        List<MigrationScript> scripts = new ArrayList<>();
        for (SourceText s : files) {
            scripts.add(parser.parse(s.path(), s.bytes()));
        }
        return ChainAnalysis.of(scripts, policy);
    }

    static List<Finding> errors(ChainAnalysis a) {
        return a.findings().stream().filter(Finding::isError).toList();
    }

    static Map<String, MigrationScript> byPath(List<SourceText> files) {
        Map<String, MigrationScript> out = new HashMap<>();
        MigrationParser parser = new MigrationParser(Policy.CONSTITUTIONAL_HASH);
        for (SourceText s : files) {
            out.put(s.path(), parser.parse(s.path(), s.bytes()));
        }
        return out;
    }
}
