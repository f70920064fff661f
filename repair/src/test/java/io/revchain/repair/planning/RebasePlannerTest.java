package io.revchain.repair.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.core.model.Check;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RebasePlannerTest {

    private static final MigrationParser PARSER = new MigrationParser(Policy.CONSTITUTIONAL_HASH);

    private static String source(String id, String down) {
        return "\"\"\"step " + id + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\n\"\"\"\nrevision = \"" + id + "\"\ndown_revision = " + (down == null ? "None" : "\"" + down + "\"")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n";
    }

    private static final Map<String, String> SOURCES = new TreeMap<>(Map.of(
            "v/a_init.py", source("a1000", null),
            "v/b_users.py", source("b2000", "a1000"),
            "v/t_main.py", source("t4000", "b2000"),
            "v/c_feature.py", source("c3000", "b2000")));

    private static Map<String, MigrationScript> folder(String... paths) {
        Map<String, MigrationScript> out = new TreeMap<>();
        for (String p : paths) {
            out.put(p, PARSER.parse(p, SOURCES.get(p).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static MergePreview twoHeads() {
        return MergePreviewer.preview(
                "main",
                folder("v/a_init.py", "v/b_users.py", "v/t_main.py"),
                "feature/x",
                folder("v/a_init.py", "v/b_users.py", "v/c_feature.py"),
                folder("v/a_init.py", "v/b_users.py"),
                Policy.alembic());
    }

    private static byte[] bytes(String path) {
        return SOURCES.get(path).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rePointsTheCandidatesMigrationOntoTheTargetHeadKeepingItsQuotes() {
        // Given feature/x and main each added a revision on b2000
        MergePreview p = twoHeads();
        // When
        RebasePlanner.RebasePlan plan = RebasePlanner.plan(p, bytes("v/c_feature.py"), Set.of(), Policy.alembic());
        // Then one verified edit of down_revision and Revises:, nothing else
        assertThat(plan.refusal()).isNull();
        assertThat(plan.verified()).isTrue();
        assertThat(plan.remaining()).isEmpty();
        assertThat(plan.from()).containsExactly("b2000");
        assertThat(plan.onto()).containsExactly("t4000");
        assertThat(plan.change()).singleElement().satisfies(c -> {
            String after = new String(c.newBytes(), StandardCharsets.UTF_8);
            assertThat(after)
                    .isEqualTo(SOURCES.get("v/c_feature.py")
                            .replace("down_revision = \"b2000\"", "down_revision = \"t4000\"")
                            .replace("Revises: b2000", "Revises: t4000"));
        });
        // and the merged folder with the edit is one chain
        List<MigrationScript> merged = new ArrayList<>(p.mergedScripts());
        merged.removeIf(s -> s.path().equals("v/c_feature.py"));
        merged.add(PARSER.parse("v/c_feature.py", plan.change().get(0).newBytes()));
        assertThat(ChainAnalysis.of(merged, Policy.acgs2().withIgnored(Set.of(Check.MISSING_CONSTITUTIONAL_HASH)))
                        .heads())
                .containsExactly("c3000");
        assertThat(plan.branch()).matches("revchain/rebase-feature-x-[0-9a-f]{8}");
        assertThat(RebasePlanner.branchName("refs/pull/7/head", plan.diff()))
                .startsWith("revchain/rebase-refs-pull-7-head-");
    }

    @Test
    void theProposalIsForTheCandidateBranch() {
        RebasePlanner.RebasePlan plan =
                RebasePlanner.plan(twoHeads(), bytes("v/c_feature.py"), Set.of(), Policy.alembic());
        assertThat(plan.candidate()).isEqualTo("feature/x");
        assertThat(plan.branch()).startsWith("revchain/rebase-");
        assertThat(plan.verified()).isTrue();
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(RebasePlanner.ACTION);
            assertThat(a.file()).isEqualTo("v/c_feature.py");
            assertThat(a.reason()).contains("t4000", "main");
        });
    }

    @Test
    void aDeployedRevisionIsNeverRewritten() {
        RebasePlanner.RebasePlan plan =
                RebasePlanner.plan(twoHeads(), bytes("v/c_feature.py"), Set.of("c3000"), Policy.alembic());
        assertThat(plan.change()).isEmpty();
        assertThat(plan.verified()).isFalse();
        assertThat(plan.refusal()).contains("deployed", "alembic merge");
    }

    @Test
    void nothingToRebaseWhenTheMergeLeavesOneHead() {
        MergePreview clean = MergePreviewer.preview(
                "main",
                folder("v/a_init.py", "v/b_users.py"),
                "feature/x",
                folder("v/a_init.py", "v/b_users.py", "v/c_feature.py"),
                folder("v/a_init.py", "v/b_users.py"),
                Policy.alembic());
        RebasePlanner.RebasePlan plan = RebasePlanner.plan(clean, bytes("v/c_feature.py"), Set.of(), Policy.alembic());
        assertThat(plan.refusal()).contains("nothing to rebase");
        assertThat(plan.change()).isEmpty();
    }

    @Test
    void aFileThatIsNotPlainUtf8IsLeftToAHuman() {
        byte[] latin1 = ("# caf\u00e9\n" + SOURCES.get("v/c_feature.py")).getBytes(StandardCharsets.ISO_8859_1);
        RebasePlanner.RebasePlan plan = RebasePlanner.plan(twoHeads(), latin1, Set.of(), Policy.alembic());
        assertThat(plan.change()).isEmpty();
        assertThat(plan.refusal()).contains("edit it by hand");
    }
}
