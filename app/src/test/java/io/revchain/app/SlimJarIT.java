package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged slim jar ({@code target/revchain-slim.jar}, built in the package phase before these run) on its
 * own: it holds none of the pipeline's libraries, every short command runs from it alone, and what it cannot run
 * goes to the full jar next to it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SlimJarIT {

    static final Path SLIM = Path.of("target", "revchain-slim.jar").toAbsolutePath();
    static final Path FULL = Path.of("target", "revchain.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String out) {}

    @Test
    void holdsNoKafkaScalaRocksDbOrJgit() throws IOException {
        // Given the slim jar
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(SLIM.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
            }
        }
        // Then it holds the short commands and none of the pipeline's libraries or classes
        assertThat(names)
                .contains("io/revchain/app/SlimMain.class", "io/revchain/app/cli/CheckCommand.class")
                .noneMatch(n -> n.startsWith("org/apache/kafka/")
                        || n.startsWith("kafka/")
                        || n.startsWith("scala/")
                        || n.startsWith("org/rocksdb/")
                        || n.startsWith("org/eclipse/jgit/")
                        || n.startsWith("io/revchain/app/service/")
                        || n.equals("io/revchain/app/check/AgainstRunner.class"));
    }

    @Test
    void everyShortCommandRunsFromTheSlimJarAlone() throws Exception {
        // Given the warm-up, which runs every short command with every format, in a JVM with only the slim jar
        Path log = tmp.resolve("classes.log");
        Run r = java(List.of("-Xlog:class+load:file=" + log, "-jar", SLIM.toString(), "warmup"));
        // Then nothing was missing from it: it succeeded and said nothing
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEmpty();
        // and every class outside the JDK came from the slim jar
        List<String> foreign = Files.readAllLines(log).stream()
                .filter(l -> l.contains("source: file:") && !l.contains("revchain-slim.jar"))
                .toList();
        assertThat(foreign).isEmpty();
    }

    @Test
    void versionIsSaidBeforePicocliAsPicocliWouldSayIt() throws Exception {
        // Given the slim jar's short-cut for --version and -V
        for (String flag : List.of("--version", "-V")) {
            Path log = tmp.resolve("version" + flag + ".log");
            Run r = java(List.of("-Xlog:class+load:file=" + log, "-jar", SLIM.toString(), flag));
            // Then it prints what the full command line prints, and picocli was never loaded
            assertThat(r.exit()).isZero();
            assertThat(r.out()).isEqualTo(Cli.run(flag).out());
            assertThat(Files.readAllLines(log)).noneMatch(l -> l.contains(" picocli."));
        }
    }

    @Test
    void aPlainCheckSetsUpNoJsonMapper() throws Exception {
        // Given a plain chain and no settings file
        Path repo = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(repo.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Path versions = Files.createDirectories(repo.resolve("migrations/versions"));
        Files.writeString(versions.resolve("a1_step.py"), "revision = 'a1'\ndown_revision = None\n");
        // When it is checked in text
        Path log = tmp.resolve("check-classes.log");
        Run r = java(List.of("-Xlog:class+load:file=" + log, "-jar", SLIM.toString(), "check", repo.toString()));
        // Then no JSON mapper was made: its set-up is a tenth of a cold check, and only JSON output, a
        // pyproject.toml, a baseline or a Pipfile.lock need one
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(Files.readAllLines(log)).noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."));
    }

    @Test
    void checkAgainstIsHandedToTheFullJar() throws Exception {
        // Given a git repository whose HEAD merges cleanly into main
        try (GitFixture git = GitFixture.create(tmp.resolve("repo"))) {
            git.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
            git.write("migrations/versions/a1_step.py", "revision = 'a1'\ndown_revision = None\n");
            git.commit("initial chain");
            String repo = git.work().toString();
            // When the slim jar is asked to check against main (JGit's work, not in it)
            Run r = java(List.of("-jar", SLIM.toString(), "check", repo, "--against", "main"));
            // Then the full jar next to it answered
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).contains("healthy");

            // When the slim jar is alone in its folder
            Path alone = Files.copy(
                    SLIM, Files.createDirectories(tmp.resolve("alone")).resolve("revchain-slim.jar"));
            Run lone = java(List.of("-jar", alone.toString(), "check", repo, "--against=main"));
            // Then it says what it needs, as a usage error
            assertThat(lone.exit()).isEqualTo(Main.USAGE);
            assertThat(lone.out())
                    .isEqualTo("revchain: 'check --against' needs the full jar, revchain.jar, next to "
                            + "revchain-slim.jar\n");
            // and a pipeline command is refused the same way, not failed on a missing class
            Run demo = java(List.of("-jar", alone.toString(), "demo"));
            assertThat(demo.exit()).isEqualTo(Main.USAGE);
            assertThat(demo.out()).startsWith("revchain: 'demo' needs the full jar");
        }
        assertThat(FULL).exists();
    }

    private static Run java(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}
