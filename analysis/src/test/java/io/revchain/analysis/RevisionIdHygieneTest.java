package io.revchain.analysis;

import static io.revchain.analysis.Scripts.rev;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.incremental.IncrementalChain;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevisionIdHygieneTest {

    private static List<Finding> inspect(Policy p, MigrationScript... s) {
        return new ChainInspector(RevisionGraph.of(List.of(s)), p).findings();
    }

    private static List<Finding> only(List<Finding> all, String check) {
        return all.stream().filter(f -> f.check().equals(check)).toList();
    }

    @Test
    void patternsAndPlaceholdersAreFlaggedWithTheirReason() {
        assertThat(RevisionIdHygiene.placeholder("a1b2c3d4e5f6")).contains("interleaved");
        // g is not a hex digit: no alembic revision wrote it, though every release loads it
        assertThat(RevisionIdHygiene.placeholder("b2c3d4e5f6g7")).contains("interleaved");
        assertThat(RevisionIdHygiene.placeholder("000000000000")).contains("1 distinct");
        assertThat(RevisionIdHygiene.placeholder("abababababab")).contains("2 distinct");
        assertThat(RevisionIdHygiene.placeholder("abcabcabcabc")).contains("repeated");
        assertThat(RevisionIdHygiene.placeholder("0123456789ab")).contains("run");
        assertThat(RevisionIdHygiene.placeholder("abcdef")).contains("run");
        assertThat(RevisionIdHygiene.placeholder("deadbeef0001")).contains("deadbeef");
        assertThat(RevisionIdHygiene.placeholder("changeme")).contains("changeme");
    }

    @Test
    void generatedIdsNumbersAndWordsAreNotPlaceholders() {
        // real generated ids (Alembic's own tutorial and real repositories), numbers, descriptive ids
        for (String id : List.of(
                "1975ea83b712",
                "ae1027a6acf",
                "27c6a30d7c24",
                "3ea02b2a773e",
                "0001",
                "0123",
                "12",
                "abc",
                "add_users",
                "initial",
                "kilo",
                "1b7ce0fcd7e4")) {
            assertThat(RevisionIdHygiene.placeholder(id)).as(id).isNull();
        }
        // Given 100,000 ids shaped as alembic revision generates them
        Random r = new Random(18L);
        int flagged = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 12; k++) {
                b.append("0123456789abcdef".charAt(r.nextInt(16)));
            }
            if (RevisionIdHygiene.placeholder(b.toString()) != null) {
                flagged++;
            }
        }
        // Then none is a placeholder
        assertThat(flagged).isZero();
    }

    @Test
    void aPlaceholderIsANoteUnderEveryPolicyAndSaysWhatTheReleaseAccepts() {
        MigrationScript s = rev("a1b2c3d4e5f6").build();
        List<Finding> alembic = only(inspect(Policy.alembic(), s), "placeholder-revision-id");
        assertThat(alembic).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.file()).endsWith("/a1b2c3d4e5f6_migration.py");
            assertThat(f.line()).isEqualTo(s.revision().line());
            assertThat(f.alembic()).isEqualTo("accepted: Alembic 1.8.1 accepts any id without @ - +");
        });
        Policy current = Policy.alembic().forChain(null, AlembicRelease.CURRENT);
        assertThat(only(inspect(current, s), "placeholder-revision-id"))
                .singleElement()
                .satisfies(f -> assertThat(f.alembic()).endsWith("without @ - + :"));
        assertThat(only(inspect(Policy.acgs2(), s), "placeholder-revision-id"))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(inspect(
                        Policy.alembic().withIgnored(Set.of(io.revchain.core.model.Check.PLACEHOLDER_REVISION_ID)), s))
                .noneMatch(f -> f.check().equals("placeholder-revision-id"));
    }

    @Test
    void aNumberedChainIsAConventionButNumbersAmongGeneratedIdsAreFlagged() {
        // Given a chain numbered throughout
        List<Finding> numbered = inspect(
                Policy.alembic(),
                rev("0001").file("0001_init.py").build(),
                rev("0002").down("0001").file("0002_users.py").build(),
                rev("0003").down("0002").file("0003_posts.py").build());
        // Then nothing is said about its ids
        assertThat(numbered).isEmpty();
        // Given generated ids with one number typed among them
        List<Finding> mixed = inspect(
                Policy.alembic(),
                rev("1975ea83b712").build(),
                rev("ae1027a6acf0").down("1975ea83b712").build(),
                rev("0003").down("ae1027a6acf0").build());
        // Then the number is flagged, as information
        assertThat(only(mixed, "hand-typed-revision-id")).singleElement().satisfies(f -> {
            assertThat(f.revision()).isEqualTo("0003");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).contains("2 of 3 ids are not numbers");
        });
        // And a chain half numbered is a convention in the making: not flagged
        assertThat(only(
                        inspect(
                                Policy.alembic(),
                                rev("1975ea83b712").build(),
                                rev("0002").down("1975ea83b712").build()),
                        "hand-typed-revision-id"))
                .isEmpty();
    }

    @Test
    void aFileNameNamingAnotherIdIsFlaggedButNotASequencePrefix() {
        List<Finding> f = inspect(
                Policy.alembic(),
                rev("1975ea83b712").file("ae1027a6acf0_add_users.py").build(),
                rev("0002").down("1975ea83b712").file("0003_posts.py").build(),
                rev("27c6a30d7c24").down("0002").file("004_add_posts.py").build(),
                rev("add_users").down("27c6a30d7c24").file("add_users_table.py").build(),
                rev("5").down("add_users").file("005_x.py").build());
        assertThat(only(f, "file-name-mismatch"))
                .extracting(x -> x.file().substring(x.file().lastIndexOf('/') + 1))
                .containsExactly("0003_posts.py", "ae1027a6acf0_add_users.py");
        assertThat(only(f, "file-name-mismatch").get(1).message())
                .contains("file name says revision 'ae1027a6acf0' but revision = '1975ea83b712'");
        // a template that stamps a date first puts no id at the start: nothing to compare
        Policy dated = Policy.alembic().forChain("%%(year)d_%%(month).2d_%%(rev)s_%%(slug)s", AlembicRelease.ORACLE);
        assertThat(only(
                        inspect(
                                dated,
                                rev("1975ea83b712").file("ae1027a6acf0_x.py").build()),
                        "file-name-mismatch"))
                .isEmpty();
    }

    @Test
    void theIncrementalChainAgreesWithTheFullAnalysisAsNumbersComeAndGo() {
        // Given a clean generated chain to which numbered files are added, then removed
        IncrementalChain c = new IncrementalChain(Policy.alembic());
        List<MigrationScript> files = new ArrayList<>();
        String parent = null;
        for (int i = 0; i < 6; i++) {
            String id =
                    i == 2 || i == 4 ? String.format("%04d", i) : String.format("%012x", 0x1975ea83b712L + i * 7919L);
            Scripts b = rev(id);
            MigrationScript s = (parent == null ? b : b.down(parent)).build();
            files.add(s);
            c.put(s.path(), s);
            parent = id;
            // Then after every change the incremental findings are the full analysis's
            assertThat(c.analyze().findings())
                    .isEqualTo(ChainAnalysis.of(files, Policy.alembic()).findings());
        }
        assertThat(c.analyze().findings()).anyMatch(f -> f.check().equals("hand-typed-revision-id"));
    }
}
