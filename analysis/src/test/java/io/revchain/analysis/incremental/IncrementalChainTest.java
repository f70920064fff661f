package io.revchain.analysis.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.testkit.Gen;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental chain must say exactly what a full {@link ChainAnalysis} says after every change, whichever way
 * ({@link IncrementalChain.Path}) it decided.
 */
class IncrementalChainTest {

    private static final int SEEDS = 200;

    @Test
    void randomChangeSequencesMatchTheFullAnalysis() {
        Map<IncrementalChain.Path, Long> taken = new EnumMap<>(IncrementalChain.Path.class);
        for (long seed = 1; seed <= SEEDS; seed++) {
            Random rnd = new Random(seed);
            Policy policy = rnd.nextInt(4) == 0 ? Policy.acgs2() : Policy.alembic();
            RandomRepo repo = new RandomRepo(rnd);
            IncrementalChain chain = new IncrementalChain(policy);
            int commits = 5 + rnd.nextInt(40);
            for (int c = 0; c < commits; c++) {
                // Given a commit of one to three random file changes
                int changes = 1 + rnd.nextInt(3);
                List<String> log = new ArrayList<>();
                for (int i = 0; i < changes; i++) {
                    log.add(repo.change(chain));
                }
                // When the chain is analysed incrementally and from scratch
                IncrementalChain.Result inc = chain.analyze();
                ChainAnalysis full = ChainAnalysis.of(repo.scripts(), policy);
                // Then both say the same
                String why = "seed " + seed + ", commit " + c + " " + log + " via " + inc.path();
                assertThat(inc.findings()).as(why).containsExactlyElementsOf(full.findings());
                assertThat(inc.heads()).as(why).containsExactlyElementsOf(full.heads());
                assertThat(inc.bases()).as(why).containsExactlyElementsOf(full.bases());
                assertThat(inc.revisions()).as(why).isEqualTo(full.revisions());
            }
            chain.pathCounts().forEach((k, v) -> taken.merge(k, v, Long::sum));
        }
        // the shortcuts are really taken, not just the full analysis
        assertThat(taken.get(IncrementalChain.Path.CLEAN))
                .as("clean analyses %s", taken)
                .isGreaterThan(100);
        assertThat(taken.get(IncrementalChain.Path.EDIT))
                .as("edit analyses %s", taken)
                .isGreaterThan(10);
        assertThat(taken.get(IncrementalChain.Path.FULL))
                .as("full analyses %s", taken)
                .isGreaterThan(100);
    }

    @Test
    void rebuildingFromTheFilesGivesTheSameResultAsTheLiveChain() {
        for (long seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            RandomRepo repo = new RandomRepo(rnd);
            IncrementalChain live = new IncrementalChain(Policy.alembic());
            for (int i = 0; i < 30; i++) {
                repo.change(live);
                live.analyze();
            }
            IncrementalChain rebuilt = IncrementalChain.of(repo.scripts(), Policy.alembic());
            IncrementalChain.Result a = live.analyze();
            IncrementalChain.Result b = rebuilt.analyze();
            assertThat(b.findings()).as("seed %d", seed).isEqualTo(a.findings());
            assertThat(b.heads()).as("seed %d", seed).isEqualTo(a.heads());
            assertThat(b.bases()).as("seed %d", seed).isEqualTo(a.bases());
        }
    }

    @Test
    void appendingToALongHealthyChainNeverRunsTheFullAnalysis() {
        // Given a healthy linear chain of 3,000 revisions
        List<MigrationScript> chain = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            chain.add(Gen.script(
                    String.format("%04d_r%d.py", i, i),
                    "r" + i,
                    i == 0 ? List.of() : List.of("r" + (i - 1)),
                    "step " + i,
                    true));
        }
        IncrementalChain c = IncrementalChain.of(chain, Policy.alembic());
        assertThat(c.analyze().path()).isEqualTo(IncrementalChain.Path.CLEAN);
        // When one revision is appended and one docstring edited
        c.put("versions/3000_r3000.py", Gen.script("3000_r3000.py", "r3000", List.of("r2999"), "next", true));
        IncrementalChain.Result appended = c.analyze();
        c.put("versions/0005_r5.py", Gen.script("0005_r5.py", "r5", List.of("r4"), "reworded", true));
        IncrementalChain.Result edited = c.analyze();
        // Then the answers come from the index, and are right
        assertThat(appended.path()).isEqualTo(IncrementalChain.Path.CLEAN);
        assertThat(appended.heads()).containsExactly("r3000");
        assertThat(appended.bases()).containsExactly("r0");
        assertThat(edited.path()).isEqualTo(IncrementalChain.Path.CLEAN);
        assertThat(edited.findings())
                .isEqualTo(ChainAnalysis.of(c.scripts(), Policy.alembic()).findings());
    }

    @Test
    void editingAFileOfABrokenChainReusesItsChainWideFindings() {
        // Given a 3,000-revision chain with one dangling down_revision (so it is not clean)
        List<MigrationScript> chain = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            List<String> down = i == 0 ? List.of() : i == 1500 ? List.of("gone") : List.of("r" + (i - 1));
            chain.add(Gen.script(String.format("%04d_r%d.py", i, i), "r" + i, down, "step " + i, true));
        }
        IncrementalChain c = IncrementalChain.of(chain, Policy.acgs2());
        assertThat(c.analyze().path()).isEqualTo(IncrementalChain.Path.FULL);
        // When a file loses the constitutional hash (its structure unchanged)
        c.put("versions/0007_r7.py", Gen.script("0007_r7.py", "r7", List.of("r6"), "step 7", false));
        IncrementalChain.Result edited = c.analyze();
        // Then only that file was re-checked, and the answer is the full one
        ChainAnalysis full = ChainAnalysis.of(c.scripts(), Policy.acgs2());
        assertThat(edited.path()).isEqualTo(IncrementalChain.Path.EDIT);
        assertThat(edited.findings())
                .isEqualTo(full.findings())
                .anySatisfy(f -> assertThat(f.check()).isEqualTo("missing-constitutional-hash"))
                .anySatisfy(f -> assertThat(f.check()).isEqualTo("missing-down-revision"));
        assertThat(edited.heads()).isEqualTo(full.heads());
    }
}
