package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slim jar's entry point says what the full one says, and sends on what it cannot run. */
class SlimMainTest {

    static final Path ACGS2 =
            Path.of("..", "fixtures", "acgs2").toAbsolutePath().normalize();

    @Test
    void helpAndVersionAreTheFullJarsWord() {
        // Given the same requests to both entry points
        // When each prints its help, its version and a command's help
        // Then the slim one says exactly what Main says (a command added to Main must be added to SlimMain too)
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"--version"}, {"-V"}, {"check", "--help"}}) {
            Cli full = Cli.run(args);
            Cli slim = slim(args);
            assertThat(slim.out()).as(String.join(" ", args)).isEqualTo(full.out());
            assertThat(slim.exit()).isEqualTo(full.exit()).isZero();
        }
    }

    @Test
    void shortCommandsPrintWhatTheFullJarPrints() {
        // Given the broken ACGS-2 fixture
        // When the short commands run from each entry point
        // Then output and exit code are the same
        for (String[] args : new String[][] {
            {"check", ACGS2.toString(), "--policy", "acgs2", "--format", "json"},
            {"heads", ACGS2.toString()},
            {"history", ACGS2.toString()},
            {"checks"},
            {"check", "--no-such-option"},
            {"nonsense"},
            {}
        }) {
            Cli full = Cli.run(args);
            Cli slim = slim(args);
            assertThat(slim.out()).as(String.join(" ", args)).isEqualTo(full.out());
            assertThat(slim.err()).as(String.join(" ", args)).isEqualTo(full.err());
            assertThat(slim.exit()).as(String.join(" ", args)).isEqualTo(full.exit());
        }
    }

    @Test
    void pipelineCommandsAgainstAndUnknownCommandsGoToTheFullJar() {
        // Given command lines the slim jar cannot run (no Kafka, no JGit) or does not know
        // Then they are handed to the full jar, and the short ones are not
        assertThat(SlimMain.needsFullJar("demo")).isTrue();
        assertThat(SlimMain.needsFullJar("run", "--help")).isTrue();
        assertThat(SlimMain.needsFullJar("bench", "--compare-alembic")).isTrue();
        // status reads databases: the JDBC drivers are in the full jar only
        assertThat(SlimMain.needsFullJar("status", ".", "--db", "sqlite:///a.db"))
                .isTrue();
        assertThat(SlimMain.needsFullJar("check", ".", "--against", "main")).isTrue();
        assertThat(SlimMain.needsFullJar("check", "--against=origin/main", ".")).isTrue();
        assertThat(SlimMain.needsFullJar("a-command-added-to-main-only")).isTrue();
        assertThat(SlimMain.needsFullJar("check", ".")).isFalse();
        assertThat(SlimMain.needsFullJar("check", "--", "--against")).isFalse();
        assertThat(SlimMain.needsFullJar("heads", "--against")).isFalse();
        assertThat(SlimMain.needsFullJar("--version")).isFalse();
        assertThat(SlimMain.needsFullJar()).isFalse();
    }

    @Test
    void aRepairThatReadsDatabasesGoesToTheFullJar(@TempDir Path repo) throws Exception {
        // --db names a database: its JDBC driver is in the full jar only
        assertThat(SlimMain.needsFullJar("repair", repo.toString(), "--db", "sqlite:///a.db"))
                .isTrue();
        // no database: the slim jar plans
        assertThat(SlimMain.needsFullJar("repair", repo.toString())).isFalse();
        // environments in .revchain.yaml are read by default, unless --no-environments
        Files.writeString(repo.resolve(".revchain.yaml"), "environments:\n  prod: {url: \"sqlite:///p.db\"}\n");
        assertThat(SlimMain.needsFullJar("repair", repo.toString())).isTrue();
        assertThat(SlimMain.needsFullJar("repair", repo.toString(), "--no-environments"))
                .isFalse();
        // a command line picocli refuses is the slim jar's to report
        assertThat(SlimMain.needsFullJar("repair", "--no-such-flag")).isFalse();
    }

    @Test
    void aPipelineCommandRunInProcessSaysWhereItRuns() {
        // Given the slim entry point run in-process (as the warm-up does), not through main
        // When it is given a pipeline command
        Cli r = slim("demo");
        // Then it is a usage error naming the full jar, not a crash
        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.err()).isEqualTo("revchain: 'demo' runs from the full jar (revchain.jar)\n");
    }

    private static Cli slim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SlimMain.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
