package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.testkit.AlembicOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain heads|branches|history PATH} print what real Alembic 1.8.1 prints on the same folder, line for
 * line (Debian's python3-alembic; {@code .ci/run} installs it).
 */
@Tag("oracle")
class AlembicCommandsOracleTest {

    @TempDir
    Path dir;

    @Test
    void linearChainWithLabelsAndDocstrings() throws Exception {
        chain(List.of(
                rev("1a2b", null, "branch_labels = ('core',)", "create users"),
                rev("2c3d", "'1a2b'", "", "add email\n\nlonger text that history does not print"),
                rev("3e4f", "'2c3d'", "", "add index")));
        assertSameAsAlembic("heads", "history", "branches");
    }

    @Test
    void branchesMergesAndEffectiveHeads() throws Exception {
        chain(List.of(
                rev("aaaa", null, "", "base"),
                rev("bbbb", "'aaaa'", "", "left"),
                rev("cccc", "'aaaa'", "", "right"),
                rev("dddd", "('bbbb', 'cccc')", "", "merge left and right"),
                rev("eeee", "'dddd'", "", "after merge"),
                rev("ffff", "'aaaa'", "branch_labels = 'side'", "side branch"),
                rev("gggg", "'ffff'", "depends_on = 'eeee'", "side depends on main"),
                rev("hhhh", "None", "branch_labels = ['expand']\ndepends_on = None", "expand root"),
                rev("iiii", "'hhhh'", "depends_on = ('bbbb',)", "expand step")));
        assertSameAsAlembic("heads", "history", "branches");
    }

    @Test
    void brokenChainExitsOneWhereAlembicCrashes() throws Exception {
        chain(List.of(rev("aaaa", null, "", "base"), rev("bbbb", "'zzzz'", "", "broken")));
        Cli r = Cli.run("heads", "--alembic-version", "1.8.1", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("KeyError: 'zzzz'").contains("missing-down-revision");
        AlembicOracle.Run a = alembic("heads");
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err()).contains("KeyError: 'zzzz'");
    }

    private void assertSameAsAlembic(String... commands) throws Exception {
        for (String command : commands) {
            AlembicOracle.Run real = alembic(command);
            assertThat(real.exit()).as("alembic %s: %s", command, real.err()).isZero();
            Cli ours = Cli.run(command, "--alembic-version", "1.8.1", dir.toString());
            assertThat(ours.exit()).as(ours.err()).isZero();
            List<String> expected = real.out().lines().toList();
            List<String> actual = ours.out().lines().toList();
            if (command.equals("branches")) {
                // Alembic prints a branch point's children from a Python set: their order changes with the
                // interpreter's hash seed, so only the branch points' order is fixed.
                assertThat(actual)
                        .as("revchain branches vs alembic branches")
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(actual.stream().filter(l -> !l.startsWith(" ")).toList())
                        .containsExactlyElementsOf(expected.stream()
                                .filter(l -> !l.startsWith(" "))
                                .toList());
            } else {
                assertThat(actual)
                        .as("revchain %s vs alembic %s", command, command)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    private void chain(List<String[]> revs) throws Exception {
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = %(here)s/migrations\n");
        Path versions = Files.createDirectories(dir.resolve("migrations/versions"));
        for (String[] r : revs) {
            Files.writeString(versions.resolve(r[0] + "_m.py"), r[1]);
        }
    }

    private static String[] rev(String id, String down, String extra, String doc) {
        String text =
                "\"\"\"" + doc + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down.replace("'", ""))
                        + "\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n"
                        + "revision = '" + id + "'\ndown_revision = " + (down == null ? "None" : down) + "\n"
                        + extra + "\n";
        return new String[] {id, text};
    }

    /** One real Alembic command on the test's folder; it must finish within the oracle's timeout. */
    private AlembicOracle.Run alembic(String command) throws Exception {
        AlembicOracle.Run r = AlembicOracle.command(dir.resolve("alembic.ini"), command);
        assertThat(r.timedOut()).as("alembic %s finished", command).isFalse();
        return r;
    }
}
