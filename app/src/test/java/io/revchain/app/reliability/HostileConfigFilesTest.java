package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revchain.app.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: the configuration files of a pull request ({@code .revchain.yaml}, {@code alembic.ini},
 * {@code pyproject.toml}) are read like every other repository file: a link to a file of the CI machine is never
 * followed nor quoted into the (public) log, a FIFO never blocks a command, a refused file is an error and never a
 * healthy verdict, and no output names a path of the machine.
 */
class HostileConfigFilesTest {

    private static final String SECRET = "root:$6$s3cr3tSalt$hashOfTheRootPassword:19000:0:99999:7:::";
    private static final String V = "migrations/versions/";

    @TempDir
    Path tmp;

    private Path repo(boolean withIni) throws IOException {
        Path repo = tmp.resolve("repo");
        if (withIni) {
            write(repo, "alembic.ini", "[alembic]\nscript_location = migrations\n");
        }
        write(repo, V + "001_base.py", Sandbox.migration("001", null));
        write(repo, V + "002_next.py", Sandbox.migration("002", "001"));
        return repo;
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    private static Sandbox.Run cli(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Sandbox.cli(args), String.join(" ", args));
    }

    @Test
    void aRevchainYamlLinkedToASecretIsRefusedAndNeverQuoted() throws IOException {
        // Given .revchain.yaml committed as a link to a secret of the machine
        Path secret = Files.writeString(tmp.resolve("shadow"), SECRET + "\n");
        Path repo = repo(true);
        Files.createSymbolicLink(repo.resolve(".revchain.yaml"), secret);
        // When check, heads and repair run on it
        for (List<String> args :
                List.of(List.of("check"), List.of("check", "--format", "sarif"), List.of("heads"), List.of("repair"))) {
            Sandbox.Run r = cli(concat(args, repo.toString()));
            // Then one error saying what the file is; the secret never shows
            assertThat(r.exit()).as(r.all()).isEqualTo(Main.USAGE);
            assertThat(r.err())
                    .as(args.toString())
                    .contains(".revchain.yaml")
                    .contains("is a symbolic link leading outside the repository");
            assertThat(r.all())
                    .as(args.toString())
                    .doesNotContain("s3cr3t")
                    .doesNotContain("root:")
                    .doesNotContain(secret.toString())
                    .doesNotContain("internal error");
        }
    }

    @Test
    void aFifoAsAnyConfigurationFileNeverBlocksACommand() throws Exception {
        Path repo = repo(true);
        assertThat(mkfifo(repo.resolve(".revchain.yaml")))
                .as("mkfifo (coreutils) makes the FIFO")
                .isTrue();
        for (String cmd : List.of("check", "heads", "repair")) {
            Sandbox.Run r = cli(cmd, repo.toString());
            assertThat(r.exit()).as(r.all()).isEqualTo(Main.USAGE);
            assertThat(r.err()).contains(".revchain.yaml").contains("not a regular file (a FIFO");
        }
    }

    @Test
    void anAlembicIniThatIsAFifoOrLinksOutIsNeverHealthy() throws Exception {
        // Given a healthy versions folder that inference would find, and an alembic.ini nobody can read
        Path repo = repo(false);
        assertThat(mkfifo(repo.resolve("alembic.ini")))
                .as("mkfifo (coreutils) makes the FIFO")
                .isTrue();
        Sandbox.Run fifo = cli("check", repo.toString());
        assertThat(fifo.exit()).as(fifo.all()).isEqualTo(Main.FINDINGS);
        assertThat(fifo.out()).contains("alembic.ini").contains("FIFO");
        // And the same with a link to an ini outside
        Files.delete(repo.resolve("alembic.ini"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside, "alembic.ini", "[alembic]\nscript_location = SECRET_LOCATION\n");
        Files.createSymbolicLink(repo.resolve("alembic.ini"), outside.resolve("alembic.ini"));
        Sandbox.Run link = cli("check", repo.toString());
        assertThat(link.exit()).as(link.all()).isEqualTo(Main.FINDINGS);
        assertThat(link.out()).contains("unsafe-path").contains("alembic.ini");
        assertThat(link.all()).doesNotContain("SECRET_LOCATION").doesNotContain(outside.toString());
    }

    @Test
    void sarifNamesNoPathOfTheMachine() throws IOException {
        // Given links out of the repository and locations written with %(here)s that leave it
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside, "secret.py", Sandbox.migration("SECRET_REV", null));
        Path repo = tmp.resolve("repo");
        write(
                repo,
                "alembic.ini",
                "[alembic]\nscript_location = migrations\n"
                        + "version_locations = %(here)s/migrations/versions %(here)s/../outside\n");
        write(repo, V + "001_base.py", Sandbox.migration("001", null));
        Files.createSymbolicLink(repo.resolve(V + "002_link.py"), outside.resolve("secret.py"));
        // When
        Sandbox.Run r = cli("check", "--format", "sarif", repo.toString());
        // Then the findings are there, relative to the analysed folder
        assertThat(r.exit()).as(r.all()).isEqualTo(Main.FINDINGS);
        assertThat(r.out()).contains("unsafe-path").contains("002_link.py");
        assertThat(r.out())
                .doesNotContain(tmp.toString())
                .doesNotContain(".revchain-repository-root")
                .doesNotContain("SECRET_REV");
    }

    private static String[] concat(List<String> args, String last) {
        String[] out = args.toArray(new String[args.size() + 1]);
        out[args.size()] = last;
        return out;
    }

    static boolean mkfifo(Path p) {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString())
                    .redirectErrorStream(true)
                    .start();
            return pr.waitFor() == 0 && Files.exists(p);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
