package io.revchain.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.management.ThreadMXBean;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guarantee: a hostile chain costs time and memory linear in its size, and its findings are bounded: a tuple of
 * 100,000 unknown parents is not 100,000 findings each quoting the 100,000 ids (quadratic: 36 s, 4.6 GB and an
 * OutOfMemoryError at 16,000), but {@link ChainInspector#FINDINGS_PER_CHECK} findings with short messages and one
 * more saying how many were left out.
 */
class HostileChainTest {

    private static MigrationScript file(String path, String source) {
        return new MigrationParser(null).parse(path, source.getBytes(StandardCharsets.UTF_8));
    }

    /** A base, and a file whose down_revision is a tuple of {@code n} ids that exist nowhere. */
    private static List<MigrationScript> unknownParents(int n) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            tuple.append("'x").append(i).append("', ");
        }
        tuple.append(')');
        return List.of(
                file("versions/a_base.py", "revision = 'a'\ndown_revision = None\n"),
                file("versions/b_many.py", "revision = 'b'\ndown_revision = " + tuple + "\n"));
    }

    private static long allocatedBytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long chars(List<Finding> findings) {
        return findings.stream()
                .mapToLong(f -> f.message().length()
                        + (f.alembic() == null ? 0 : f.alembic().length()))
                .sum();
    }

    @Test
    void aHundredThousandUnknownParentsAreAnalysedInLinearTimeAndMemory() {
        List<MigrationScript> scripts = unknownParents(100_000);
        ChainAnalysis a = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long before = allocatedBytes();
            long t = System.nanoTime();
            ChainAnalysis r = ChainAnalysis.of(scripts, Policy.alembic());
            long bytes = allocatedBytes() - before;
            System.out.printf(
                    "hostile: 100,000 unknown parents analysed in %d ms, %d MB allocated%n",
                    (System.nanoTime() - t) / 1_000_000, bytes >> 20);
            // quadratic was 100,000 messages of ~1.6 MB each (160 GB); linear is a few hundred bytes per parent
            assertThat(bytes).as("bytes allocated").isLessThan(2L << 30);
            return r;
        });

        List<Finding> missing = a.findings().stream()
                .filter(f -> f.check().equals(Check.MISSING_DOWN_REVISION.wire()))
                .toList();
        assertThat(missing).hasSize(ChainInspector.FINDINGS_PER_CHECK + 1);
        assertThat(missing)
                .filteredOn(f -> f.file() == null)
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("99,000 more missing-down-revision"));
        // every message quotes a summary of the tuple, never the tuple
        assertThat(chars(a.findings())).as("characters in all findings").isLessThan(2_000_000);
        assertThat(missing.get(0).alembic())
                .contains("x0, x1")
                .contains("… and 99,990 more")
                .doesNotContain("x99999");
    }

    @Test
    void aTupleOfSixtyIdsIsSummarisedInEachMessage() {
        ChainAnalysis a = ChainAnalysis.of(unknownParents(60), Policy.alembic());

        List<Finding> missing = a.findings().stream()
                .filter(f -> f.check().equals(Check.MISSING_DOWN_REVISION.wire()))
                .toList();
        assertThat(missing).hasSize(60);
        assertThat(missing)
                .allSatisfy(f ->
                        assertThat(f.alembic()).contains("x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, … and 50 more -> b"));
        assertThat(a.outcome().warnings()).allSatisfy(w -> assertThat(w).doesNotContain("x59,"));
    }

    @Test
    void aShortTupleIsQuotedWhole() {
        ChainAnalysis a = ChainAnalysis.of(unknownParents(3), Policy.alembic());

        assertThat(a.findings())
                .filteredOn(f -> f.check().equals(Check.MISSING_DOWN_REVISION.wire()))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.alembic()).contains("x0, x1, x2 -> b"));
    }

    @Test
    void aDisconnectedPieceWithManyBrokenReferencesIsOneShortFinding() {
        // Given a main chain and a separate piece whose root names 5,000 missing parents
        List<MigrationScript> scripts = new ArrayList<>(List.of(
                file("versions/a.py", "revision = 'a'\ndown_revision = None\n"),
                file("versions/b.py", "revision = 'b'\ndown_revision = 'a'\n"),
                file("versions/c.py", "revision = 'c'\ndown_revision = 'b'\n")));
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < 5_000; i++) {
            tuple.append("'gone").append(i).append("', ");
        }
        scripts.add(file("versions/p.py", "revision = 'p'\ndown_revision = " + tuple + ")\n"));
        scripts.add(file("versions/q.py", "revision = 'q'\ndown_revision = 'p'\n"));

        ChainAnalysis a = ChainAnalysis.of(scripts, Policy.alembic());

        assertThat(a.findings())
                .filteredOn(f -> f.check().equals(Check.DISCONNECTED_BRANCH.wire()))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("p -> gone0")
                        .contains("… and 4,990 more")
                        .hasSizeLessThan(2_000));
    }

    @Test
    void manySeparateRootsCostOnePassNotOnePerRoot() {
        // Given 20,000 one-file chains side by side (each a base and a head)
        List<MigrationScript> scripts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            scripts.add(file(String.format("versions/%05d.py", i), "revision = 'r" + i + "'\ndown_revision = None\n"));
        }

        ChainAnalysis a =
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ChainAnalysis.of(scripts, Policy.alembic()));

        // Then each chain-wide check stops at its budget, with one finding for the rest
        for (String check :
                List.of(Check.MULTIPLE_HEADS.wire(), Check.MULTIPLE_BASES.wire(), Check.DISCONNECTED_BRANCH.wire())) {
            List<Finding> fs =
                    a.findings().stream().filter(f -> f.check().equals(check)).toList();
            assertThat(fs.size()).as(check).isLessThanOrEqualTo(ChainInspector.FINDINGS_PER_CHECK + 1);
        }
        assertThat(chars(a.findings())).isLessThan(20_000_000);
    }

    @Test
    void manyFilesWithOneIdAreNotQuadratic() {
        // Given 20,000 files that all say revision = 'same' (each finding used to list all 20,000 files)
        List<MigrationScript> scripts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            scripts.add(file(String.format("versions/%05d_x.py", i), "revision = 'same'\ndown_revision = None\n"));
        }

        ChainAnalysis a =
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ChainAnalysis.of(scripts, Policy.alembic()));

        List<Finding> dup = a.findings().stream()
                .filter(f -> f.check().equals(Check.DUPLICATE_REVISION.wire()))
                .toList();
        assertThat(dup).hasSize(ChainInspector.FINDINGS_PER_CHECK + 1);
        assertThat(dup.get(0).message())
                .contains("is defined in 20000 files (versions/00000_x.py, ")
                .contains("… and 19,990 more)");
        assertThat(chars(a.findings())).isLessThan(20_000_000);
    }

    @Test
    void manyLoopsCostOnePassNotOnePerLoop() {
        // Given 10,000 two-revision loops (a<i> <-> b<i>) next to a base
        List<MigrationScript> scripts = new ArrayList<>();
        scripts.add(file("versions/base.py", "revision = 'base'\ndown_revision = None\n"));
        for (int i = 0; i < 10_000; i++) {
            scripts.add(file(
                    String.format("versions/a%05d.py", i), "revision = 'a" + i + "'\ndown_revision = 'b" + i + "'\n"));
            scripts.add(file(
                    String.format("versions/b%05d.py", i), "revision = 'b" + i + "'\ndown_revision = 'a" + i + "'\n"));
        }

        ChainAnalysis a =
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ChainAnalysis.of(scripts, Policy.alembic()));

        List<Finding> cycles = a.findings().stream()
                .filter(f -> f.check().equals(Check.CYCLE.wire()))
                .toList();
        assertThat(cycles).hasSize(ChainInspector.FINDINGS_PER_CHECK + 1);
        assertThat(cycles)
                .filteredOn(f -> f.file() == null)
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("9,000 more cycle"));
        assertThat(chars(a.findings())).isLessThan(20_000_000);
    }
}
