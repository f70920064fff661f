package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request controls {@code .revchain.yaml}: it may be a link to a secret of the CI machine, a FIFO, or a file
 * made to be quoted back. revchain reads it as it reads every repository file, and a refusal never carries content.
 */
class HostileRepoConfigTest {

    private static final String SECRET = "root:$6$s3cr3tSalt$hashOfTheRootPassword:19000:0:99999:7:::";

    @TempDir
    Path tmp;

    private Path repo() throws IOException {
        return Files.createDirectories(tmp.resolve("repo"));
    }

    @Test
    void aLinkToASecretOutsideIsRefusedWithoutQuotingIt() throws IOException {
        // Given .revchain.yaml committed as a symbolic link to a file of the machine
        Path secret = Files.writeString(tmp.resolve("shadow"), SECRET + "\nsecond:line\n");
        Path link = Files.createSymbolicLink(repo().resolve(".revchain.yaml"), secret);
        // Then the error says why in words and never quotes the target (nor names where it is)
        assertThatThrownBy(() -> RepoConfig.load(link))
                .isInstanceOf(ConfigException.class)
                .hasMessage(link + ": cannot be read (it is a symbolic link leading outside the repository); it is "
                        + "not read")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("root:")
                .hasMessageNotContaining(secret.toString());
    }

    @Test
    void aLinkToAnotherFileOfTheRepositoryIsStillRead() throws IOException {
        Path repo = repo();
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("config/revchain.yaml"), "policy: acgs2\n");
        Path link = Files.createSymbolicLink(repo.resolve(".revchain.yaml"), Path.of("config/revchain.yaml"));
        assertThat(catching(() -> RepoConfig.load(link)).policy().wire()).isEqualTo("acgs2");
    }

    @Test
    void aBrokenLinkIsAnErrorNotTheDefaults() throws IOException {
        Path link = Files.createSymbolicLink(repo().resolve(".revchain.yaml"), tmp.resolve("gone"));
        assertThatThrownBy(() -> RepoConfig.load(link))
                .isInstanceOf(ConfigException.class)
                .hasMessage(link + ": cannot be read (it is a broken symbolic link); it is not read");
    }

    @Test
    void aFifoNeverBlocks() throws Exception {
        // Given .revchain.yaml as a FIFO nobody writes to (opening it for reading would wait for ever)
        Path fifo = repo().resolve(".revchain.yaml");
        assertThat(mkfifo(fifo)).as("mkfifo (coreutils) makes the FIFO").isTrue();
        // Then it is refused at once, by what it is
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> RepoConfig.load(fifo))
                        .isInstanceOf(ConfigException.class)
                        .hasMessage(fifo + ": cannot be read (it is not a regular file (a FIFO, socket or device)); "
                                + "it is not read"));
    }

    @Test
    void aFifoGivenAsTheOrganisationsFileNeverBlocksEither() throws Exception {
        Path fifo = tmp.resolve("revchain.yaml");
        assertThat(mkfifo(fifo)).as("mkfifo (coreutils) makes the FIFO").isTrue();
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(
                                () -> StrictYaml.open(fifo, "revchain.yaml").close())
                        .isInstanceOf(ConfigException.class)
                        .hasMessage("revchain.yaml: cannot be read (it is not a regular file)"));
    }

    @Test
    void aFileOverTheLimitIsNotRead() throws IOException {
        Path big = Files.write(repo().resolve(".revchain.yaml"), new byte[StrictYaml.MAX_BYTES + 1]);
        assertThatThrownBy(() -> RepoConfig.load(big))
                .isInstanceOf(ConfigException.class)
                .hasMessage(big + ": is larger than " + StrictYaml.MAX_BYTES + " bytes; not a configuration file");
    }

    @Test
    void aRejectedValueOrKeyIsQuotedCappedNeverWhole() {
        // Given a file whose one document is a long secret-looking scalar, a long unknown key, a long bad value
        String longText = "k".repeat(64) + "SECRET-TAIL-" + "x".repeat(10_000);
        for (String yaml : List.of(
                longText + "\n",
                longText + ": 1\n",
                "policy: " + longText + "\n",
                "alembic_version: \"1.2\\n" + longText + "\"\n",
                "deployed: " + "9".repeat(10_000) + "\n",
                "ignore: [" + longText + "]\n")) {
            // Then the message quotes at most a capped prefix
            assertThatThrownBy(() -> RepoConfig.parse(".revchain.yaml", yaml))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .as(yaml.substring(0, 20))
                            .hasSizeLessThan(1500)
                            .doesNotContain("SECRET-TAIL")
                            .doesNotContain("\n"));
        }
    }

    @Test
    void aChainNameIsQuotedOnOneLineAndCapped() {
        // found by ConfigFuzzTest: a chain name spanning lines was written raw into the one-line message
        String name = "\"first line\\nsecond " + "n".repeat(10_000) + "SECRET-TAIL\"";
        assertThatThrownBy(
                        () -> RepoConfig.parse(".revchain.yaml", "chains:\n  ? " + name + "\n  : {recursive: true}\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .doesNotContain("SECRET-TAIL")
                        .hasSizeLessThan(300)
                        .contains("chain 'first line\\nsecond nnn"));
    }

    private interface Load {
        RepoConfig get() throws ConfigException;
    }

    private static RepoConfig catching(Load l) {
        try {
            return l.get();
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
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
