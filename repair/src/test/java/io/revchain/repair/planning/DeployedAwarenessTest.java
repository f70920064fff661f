package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.parse.MigrationParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Revisions named deployed, and their ancestors, are never re-pointed. */
class DeployedAwarenessTest {

    @Test
    void linearizeRewritesNoneOfTheDeployedRevisionsOnTwoBranches() {
        // Given the ACGS-2 folder with revisions deployed on two different branches
        RepairRequest req = Folders.request(Folders.ACGS2, Policy.acgs2())
                .withDeployed(Set.of("b2c3d4e5f6a7", "002_add_constitutional_principles"));
        Map<String, List<String>> before = downs(req.files());

        // When linearize plans
        RepairPlan plan = new RepairPlanner().plan(req);

        // Then neither deployed revision nor any ancestor changes its down_revision
        Map<String, List<String>> after = downs(BrokenFolders.apply(req.files(), plan.changes()));
        for (String id : List.of(
                "b2c3d4e5f6a7",
                "a1b2c3d4e5f6",
                "82069bc89d27",
                "002_add_constitutional_principles",
                "001_multi_tenant")) {
            assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
        }
        assertThat(plan.actions())
                .noneMatch(a -> a.kind() == ActionKind.SET_DOWN_REVISION
                        && Set.of(
                                        "b2c3d4e5f6a7",
                                        "a1b2c3d4e5f6",
                                        "82069bc89d27",
                                        "002_add_constitutional_principles",
                                        "001_multi_tenant")
                                .contains(a.revision()));
        // and the two branches are joined by a merge revision, which the plan explains
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a.kind()).isEqualTo(ActionKind.ADD_MERGE_REVISION));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("merge revision"));
        ChainAnalysis result =
                RepairPropertiesTest.analyse(BrokenFolders.apply(req.files(), plan.changes()), Policy.acgs2());
        assertThat(result.heads()).hasSize(1);
        // and the two deployed roots stay two bases: an error under acgs2 that the plan reports, not hides
        assertThat(result.bases()).containsExactlyInAnyOrder("82069bc89d27", "001_multi_tenant");
        assertThat(plan.remaining()).anySatisfy(f -> assertThat(f.check()).isEqualTo("multiple-bases"));
        assertThat(plan.clean()).isFalse();
    }

    @Test
    void generatedFoldersNeverRewriteDeployedHistory() {
        for (int i = 0; i < 500; i++) {
            long seed = RepairPropertiesTest.BASE + 900_000 + i;
            List<SourceText> files = BrokenFolders.generate(seed);
            Random rnd = new Random(seed);
            RevisionGraph g = graph(files);
            List<String> ids = g.revisionIds();
            Set<String> deployed = new LinkedHashSet<>();
            for (int k = 0; k < 1 + rnd.nextInt(2); k++) {
                deployed.add(ids.get(rnd.nextInt(ids.size())));
            }
            Set<String> protectedIds = ancestors(g, deployed);
            Map<String, List<String>> before = downs(files);
            for (Strategy s : Strategy.values()) {
                RepairRequest req = RepairRequest.of(files, BrokenFolders.LOCATION, Policy.acgs2())
                        .withStrategy(s)
                        .withDeployed(deployed);
                RepairPlan plan = new RepairPlanner().plan(req);
                Map<String, List<String>> after = downs(BrokenFolders.apply(files, plan.changes()));
                String at = "seed " + seed + " " + s.label() + " deployed " + deployed;
                for (String id : protectedIds) {
                    boolean wasLoop = before.get(id) != null && before.get(id).contains(id);
                    if (!wasLoop && !g.branchLabelOwners().keySet().stream().anyMatch(before.get(id)::contains)) {
                        assertThat(after.get(id)).as(at + " " + id).isEqualTo(before.get(id));
                    }
                }
            }
        }
    }

    static RevisionGraph graph(List<SourceText> files) {
        MigrationParser p = new MigrationParser(Policy.CONSTITUTIONAL_HASH);
        List<MigrationScript> scripts = new ArrayList<>();
        files.forEach(f -> scripts.add(p.parse(f.path(), f.bytes())));
        return RevisionGraph.of(scripts);
    }

    static Set<String> ancestors(RevisionGraph g, Set<String> from) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (out.add(id)) {
                g.node(id).ifPresent(n -> todo.addAll(n.downRevisions()));
            }
        }
        out.retainAll(Set.copyOf(g.revisionIds()));
        return out;
    }

    /** down_revision of each revision id (the last file wins, as in Alembic). */
    static Map<String, List<String>> downs(List<SourceText> files) {
        Map<String, List<String>> out = new HashMap<>();
        for (RevisionNode n : graph(files).nodes()) {
            if (!n.shadowed()) {
                out.put(n.id(), n.downRevisions());
            }
        }
        return out;
    }
}
