package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.TestTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's success criteria on the ACGS-2 fixture (19 files, 3 roots, 7 broken references). */
class AcgsLinearizeTest {

    @TempDir
    Path tmp;

    @Tag("oracle")
    @Test
    void linearizeWritesOneChainThatCheckAndRealAlembicAccept() throws Exception {
        // Given a copy of the fixture
        Path root = TestTrees.copy(Folders.ACGS2, tmp.resolve("acgs2"));
        List<String> originalIds = ids(Folders.analyseScripts(root));
        assertThat(originalIds).hasSize(19);

        // When the linearize plan is made and written
        RepairRequest req = Folders.request(root, Policy.acgs2());
        RepairPlan plan = new RepairPlanner().plan(req);
        assertThat(plan.strategy()).isEqualTo(Strategy.LINEARIZE);
        assertThat(plan.verified()).as("notes: %s", plan.notes()).isTrue();
        assertThat(plan.remaining()).isEmpty();
        PlanWriter.write(root, req.versionLocations(), plan.changes());

        // Then check --policy acgs2 finds no error
        ChainAnalysis after = Folders.analyse(root, Policy.acgs2());
        assertThat(after.findings().stream().filter(f -> f.isError()).toList()).isEmpty();
        assertThat(after.heads()).hasSize(1);
        assertThat(after.bases()).hasSize(1);

        // and the chain holds the 19 original ids unchanged plus the two placeholders, in Create Date order
        List<MigrationScript> scripts = Folders.analyseScripts(root);
        RevisionGraph g = RevisionGraph.of(scripts);
        List<String> chain = walk(g);
        assertThat(chain)
                .hasSize(21)
                .containsAll(originalIds)
                .contains("005_add_qec_conflict_resolution_fields", "i4j5k6l7m8n9");
        List<String> originalsInChain =
                chain.stream().filter(originalIds::contains).toList();
        Map<String, String> dates = scripts.stream()
                .collect(Collectors.toMap(
                        MigrationScript::revisionId, s -> s.docstring().createDate()));
        assertThat(originalsInChain).isSortedAccordingTo(Comparator.comparing(dates::get));
        assertThat(chain.indexOf("i4j5k6l7m8n9")).isEqualTo(chain.indexOf("f6a7b8c9d0e1") - 1);
        assertThat(chain.indexOf("005_add_qec_conflict_resolution_fields"))
                .isEqualTo(chain.indexOf("006_add_wina_constitutional_updates") - 1);

        // and the prefix clashes are renamed, the hash is in every file
        Path versions = root.resolve("migrations/versions");
        assertThat(versions.resolve("004b_add_qec_enhancement_fields.py")).exists();
        assertThat(versions.resolve("006b_add_wina_constitutional_updates.py")).exists();
        assertThat(versions.resolve("004_add_qec_enhancement_fields.py")).doesNotExist();
        try (var files = Files.list(versions)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).contains(Policy.CONSTITUTIONAL_HASH);
            }
        }

        // and real Alembic 1.8.1 sees one head and walks the history without error
        AlembicOracle.Run heads = AlembicOracle.command(root.resolve("alembic.ini"), "heads");
        assertThat(heads.exit()).as(heads.err()).isZero();
        assertThat(chain.get(20)).isEqualTo("task9_constitutional_cache");
        assertThat(heads.out().strip().lines().toList()).containsExactly("task9_constitutional_cache (head)");
        AlembicOracle.Run history = AlembicOracle.command(root.resolve("alembic.ini"), "history");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out().strip().lines().count()).isEqualTo(21);

        // and repairing the repaired folder changes nothing
        RepairPlan again = new RepairPlanner().plan(Folders.request(root, Policy.acgs2()));
        assertThat(again.actions()).isEmpty();
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void theDiffAppliesWithGitAndGivesTheSameFiles() throws Exception {
        // Given two copies, one repaired by PlanWriter and one by `git apply` of the rendered diff
        Path a = TestTrees.copy(Folders.ACGS2, tmp.resolve("a"));
        Path b = TestTrees.copy(Folders.ACGS2, tmp.resolve("b"));
        RepairRequest req = Folders.request(a, Policy.acgs2());
        RepairPlan plan = new RepairPlanner().plan(req);
        PlanWriter.write(a, req.versionLocations(), plan.changes());
        Path patch = tmp.resolve("plan.diff");
        Files.writeString(patch, UnifiedDiff.render(plan.changes()), StandardCharsets.UTF_8);

        // When git applies the diff
        Process p = new ProcessBuilder("git", "apply", "--verbose", patch.toString())
                .directory(b.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // Then both folders hold the same files, byte for byte
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(TestTrees.contents(b)).isEqualTo(TestTrees.contents(a));
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        RepairRequest req = Folders.request(Folders.ACGS2, Policy.acgs2());
        String first = PlanJson.render("x", List.of(new RepairPlanner().plan(req)));
        String second =
                PlanJson.render("x", List.of(new RepairPlanner().plan(Folders.request(Folders.ACGS2, Policy.acgs2()))));
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("\"verified\" : true", "create-placeholder", "rename-file");
    }

    static List<String> ids(List<MigrationScript> scripts) {
        return scripts.stream().map(MigrationScript::revisionId).toList();
    }

    /** Base to head, following the single child of each revision. */
    static List<String> walk(RevisionGraph g) {
        List<String> out = new ArrayList<>();
        String cur = g.bases().get(0);
        while (cur != null) {
            out.add(cur);
            RevisionNode n = g.node(cur).orElseThrow();
            cur = n.children().size() == 1 ? n.children().get(0) : null;
        }
        return out;
    }
}
