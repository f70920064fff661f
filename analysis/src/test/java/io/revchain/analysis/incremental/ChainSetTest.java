package io.revchain.analysis.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.testkit.Gen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainSetTest {

    private static MigrationScript rev(String file, String id, String... down) {
        return Gen.script(file, id, List.of(down), "step " + id, true);
    }

    private static List<String> checks(ChainSet.Analysed a) {
        return a.result().findings().stream().map(Finding::check).toList();
    }

    @Test
    void aFileIsInOneChainAtATimeAndEachChainIsAnalysedAlone() {
        ChainSet set = new ChainSet(Policy.alembic());
        MigrationScript a = rev("a/001_a.py", "a");
        MigrationScript b = rev("b/001_b.py", "b");
        set.put("core", a.path(), a);
        set.put(null, b.path(), b);
        assertThat(set.chainOf(b.path())).isEqualTo(ChainSet.DEFAULT);
        // named for another chain, the file moves there
        set.put("core", b.path(), b);
        assertThat(set.chainOf(b.path())).isEqualTo("core");
        assertThat(set.size()).isEqualTo(2);
        // before a layout is known only chains holding files are listed
        assertThat(set.names()).containsExactly("core");
        ChainSet.Analysed core = set.analyze().get(0);
        assertThat(core.result().heads()).containsExactlyInAnyOrder("a", "b");
        assertThat(checks(core)).contains(Check.MULTIPLE_HEADS.wire());
        set.rename(b.path(), "other", "c/001_b.py", rev("c/001_b.py", "b"));
        assertThat(set.names()).containsExactly("core", "other");
        assertThat(set.analyze()).allSatisfy(x -> assertThat(x.result().heads()).hasSize(1));
        set.remove("c/001_b.py");
        assertThat(set.chainOf("c/001_b.py")).isNull();
        assertThat(set.names()).containsExactly("core");
    }

    @Test
    void theLayoutOrdersTheChainsListsEmptyOnesAndRegradesAChainWhoseRulesChange() {
        ChainSet set = new ChainSet(Policy.alembic());
        MigrationScript one = rev("t/001_init.py", "t1");
        MigrationScript two = rev("t/001_more.py", "t2", "t1");
        set.put("tenant", one.path(), one);
        set.put("tenant", two.path(), two);
        assertThat(checks(set.analyze().get(0))).containsExactly(Check.DUPLICATE_PREFIX.wire());

        // When the layout names core first, and tenant with a date file_template
        Policy dated = Policy.alembic().forChain("%%(year)d_%%(rev)s", new AlembicRelease(1, 13, 2));
        Map<String, Policy> layout = new LinkedHashMap<>();
        layout.put("core", Policy.alembic());
        layout.put("tenant", dated);
        set.layout(layout);

        // Then core is listed although empty, and tenant is graded as the full analysis under its rules grades it
        List<ChainSet.Analysed> all = set.analyze();
        assertThat(all).extracting(ChainSet.Analysed::name).containsExactly("core", "tenant");
        assertThat(all.get(0).result().revisions()).isZero();
        assertThat(all.get(1).result().findings())
                .isEqualTo(ChainAnalysis.of(List.of(one, two), dated).findings())
                .isEmpty();
        assertThat(set.policy("tenant")).isEqualTo(dated);
        assertThat(set.policy("unnamed")).isEqualTo(Policy.alembic());
    }
}
