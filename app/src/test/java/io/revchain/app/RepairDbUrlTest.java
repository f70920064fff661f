package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.testkit.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair --db} takes the URLs {@code status} takes, and refuses one holding a password before connecting. */
class RepairDbUrlTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordInADbUrlIsRefusedAndNeverPrinted() {
        String password = "Secret-repair-7f3a";
        Cli c = Cli.run("repair", dir.toString(), "--db", "postgresql://deploy:" + password + "@127.0.0.1/app");

        assertThat(c.exit()).isEqualTo(Main.USAGE);
        assertThat(c.err()).contains("holds a password").contains("--db-credentials");
        assertThat(c.out() + c.err()).doesNotContain(password);
    }

    @Test
    void noEnvironmentsSkipsTheFilesEnvironmentsButNeverAnExplicitDb() throws Exception {
        Files.createDirectories(dir.resolve("migrations/versions"));
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.writeString(dir.resolve("migrations/versions/a1_step.py"), GitFixture.migration("a1", null));
        Files.writeString(
                dir.resolve(".revchain.yaml"), "environments:\n  prod: {url: \"jdbc:postgresql://127.0.0.1:1/app\"}\n");

        Cli skipped = Cli.run("repair", dir.toString(), "--no-environments", "--format", "json");
        Cli read = Cli.run(
                "repair",
                dir.toString(),
                "--no-environments",
                "--connect-timeout",
                "1",
                "--db",
                "jdbc:postgresql://127.0.0.1:1/app");

        assertThat(skipped.out() + skipped.err()).doesNotContain("could not be read");
        assertThat(read.err()).contains("could not be read");
    }
}
