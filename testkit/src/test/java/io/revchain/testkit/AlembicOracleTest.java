package io.revchain.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlembicOracleTest {
    @TempDir
    Path tmp;

    @Test
    void runsAScriptInItsFolderWithInputAndEnvironment() throws Exception {
        Path script = Files.writeString(
                tmp.resolve("s.py"), "import os, sys\nprint(os.getcwd(), os.environ['X'], sys.stdin.read())\n");
        AlembicOracle.Run r = AlembicOracle.run(AlembicOracle.Invocation.of(script.toString())
                .in(tmp)
                .with("X", "x1")
                .input("in".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(tmp.toRealPath() + " x1 in");
    }

    @Test
    void aProcessPastItsTimeoutIsKilledAndSaysSo() throws Exception {
        AlembicOracle.Run r = AlembicOracle.run(
                AlembicOracle.Invocation.of("-c", "import time; time.sleep(30)").timeout(Duration.ofMillis(300)));
        assertThat(r.timedOut()).isTrue();
    }

    @Test
    void aMissingAlembicFailsTheTestSayingWhatToInstall() {
        assertThatThrownBy(() -> AlembicOracle.run(
                        AlembicOracle.Invocation.of("-c", "raise ModuleNotFoundError(\"No module named 'alembic'\")")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install -y python3-alembic");
    }

    @Test
    void runsARealAlembicCommand() throws Exception {
        Path ini = Files.writeString(tmp.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.createDirectories(tmp.resolve("migrations/versions"));
        Files.writeString(tmp.resolve("migrations/script.py.mako"), "");
        Files.writeString(
                tmp.resolve("migrations/versions/a_base.py"),
                "revision = 'a'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n");
        AlembicOracle.Run r = AlembicOracle.command(ini, "heads");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("a (head)");
    }
}
