package io.revchain.app;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes a gate reads: {@code check --fail-on} and {@code repair --exit-code}. */
class GateExitCodesTest {

    @TempDir
    Path tmp;

    private Path twoHeads() throws IOException {
        Path v = Files.createDirectories(tmp.resolve("migrations/versions"));
        Files.writeString(tmp.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.writeString(v.resolve("001_base.py"), migration("001", null));
        Files.writeString(v.resolve("002_a.py"), migration("002", "001"));
        Files.writeString(v.resolve("003_b.py"), migration("003", "001"));
        return tmp;
    }

    @Test
    void twoHeadsAreAWarningThatOnlyFailOnWarningTurnsIntoExit1() throws IOException {
        Path repo = twoHeads();
        assertThat(Cli.run("check", repo.toString()).exit()).isEqualTo(Main.OK);
        assertThat(Cli.run("check", "--fail-on", "error", repo.toString()).exit())
                .isEqualTo(Main.OK);
        Cli strict = Cli.run("check", "--fail-on", "warning", repo.toString());
        assertThat(strict.exit()).isEqualTo(Main.FINDINGS);
        assertThat(strict.out()).contains("multiple-heads");
        assertThat(Cli.run("check", "--fail-on", "never", repo.toString()).exit())
                .isEqualTo(Main.OK);
        Cli bad = Cli.run("check", "--fail-on", "sometimes", repo.toString());
        assertThat(bad.exit()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("--fail-on", "sometimes");
    }

    @Test
    void anErrorFailsUnlessFailOnNever() throws IOException {
        Path repo = twoHeads();
        Files.writeString(repo.resolve("migrations/versions/004_c.py"), migration("004", "nothing"));
        assertThat(Cli.run("check", repo.toString()).exit()).isEqualTo(Main.FINDINGS);
        assertThat(Cli.run("check", "--fail-on", "warning", repo.toString()).exit())
                .isEqualTo(Main.FINDINGS);
        assertThat(Cli.run("check", "--fail-on", "never", repo.toString()).exit())
                .isEqualTo(Main.OK);
    }

    @Test
    void repairExitCodeSaysWhetherItWroteAFix() throws IOException {
        Path repo = twoHeads();
        assertThat(Cli.run("repair", "--exit-code", repo.toString()).exit())
                .as("a plan with changes, not written")
                .isEqualTo(Main.FINDINGS);
        assertThat(Cli.run("repair", repo.toString()).exit()).isEqualTo(Main.OK);

        Cli wrote = Cli.run("repair", "--write", "--exit-code", "--format", "text", repo.toString());
        assertThat(wrote.exit()).as(wrote.err()).isEqualTo(Main.FINDINGS);
        assertThat(wrote.err()).contains("wrote 1 file(s)");

        Cli again = Cli.run("repair", "--write", "--exit-code", repo.toString());
        assertThat(again.exit()).as("nothing left to write: " + again.err()).isEqualTo(Main.OK);
        assertThat(again.err()).doesNotContain("wrote");
        assertThat(Cli.run("check", "--fail-on", "warning", repo.toString()).exit())
                .isEqualTo(Main.OK);
    }

    @Test
    void theFixerKeepsAnExistingHeadLockCurrent() throws IOException {
        // Given a locked chain that then gets a second head
        Path repo = twoHeads();
        Files.delete(repo.resolve("migrations/versions/003_b.py"));
        assertThat(Cli.run("lock", repo.toString()).exit()).isEqualTo(Main.OK);
        Files.writeString(repo.resolve("migrations/versions/003_b.py"), migration("003", "001"));
        assertThat(Cli.run("check", repo.toString()).out()).contains("stale-head-lock");

        // When the fixer writes the merge revision
        Cli fix = Cli.run("repair", "--write", "--exit-code", repo.toString());

        // Then the lock names the merge revision, and the chain passes the strictest gate
        assertThat(fix.exit()).isEqualTo(Main.FINDINGS);
        assertThat(fix.err()).contains("updated migrations/versions/.revchain-head");
        Cli after = Cli.run("check", "--fail-on", "warning", repo.toString());
        assertThat(after.exit()).as(after.out()).isEqualTo(Main.OK);
    }

    @Test
    void sarifFileIsTheSarifReportOfTheSameRunAndNeverWrittenThroughALink() throws IOException {
        Path repo = twoHeads();
        Path sarif = tmp.resolve("out.sarif");
        Cli json = Cli.run("check", "--format", "json", "--sarif-file", sarif.toString(), repo.toString());
        assertThat(json.exit()).as(json.err()).isEqualTo(Main.OK);
        assertThat(json.out()).startsWith("{").contains("\"multiple-heads\"");
        assertThat(Files.readString(sarif))
                .isEqualTo(
                        Cli.run("check", "--format", "sarif", repo.toString()).out());

        Path link = tmp.resolve("link.sarif");
        Files.createSymbolicLink(link, tmp.resolve("elsewhere.txt"));
        Cli refused = Cli.run("check", "--sarif-file", link.toString(), repo.toString());
        assertThat(refused.exit()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).contains("not a regular file; not replaced");
        assertThat(tmp.resolve("elsewhere.txt")).doesNotExist();
    }
}
