package io.revchain.app.ci;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.Main;
import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as far as it can be tried without a Docker engine (none here, no hadolint either): the Dockerfile's
 * rules read from the file, and the image's {@code revchain} entry point ({@code deploy/docker/revchain}) run
 * directly on the jars this build packaged, as the image lays them out.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DockerImageIT {

    @TempDir
    Path tmp;

    private static final Path ROOT = GitHubActionIT.projectRoot();

    record Run(int exit, String out, String err, String classes) {}

    /** The entry point with {@code home} as {@code /opt/revchain}, logging where each class came from. */
    private Run revchain(Path home, Path dir, String... args) throws IOException, InterruptedException {
        Path classes = Files.createTempFile(tmp, "classes", ".log");
        List<String> command = new ArrayList<>(
                List.of("sh", ROOT.resolve("deploy/docker/revchain").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("REVCHAIN_HOME", home.toString());
        pb.environment()
                .put(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("REVCHAIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), Files.readString(classes));
    }

    private Path image(boolean withSlim) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(withSlim ? "opt-revchain" : "opt-revchain-full-only"));
        Path target = ROOT.resolve("app/target");
        Files.copy(target.resolve("revchain.jar"), home.resolve("revchain.jar"));
        if (withSlim) {
            Files.copy(target.resolve("revchain-slim.jar"), home.resolve("revchain-slim.jar"));
        }
        return home;
    }

    @Test
    void shortCommandsRunFromTheSlimJarAndPipelineOnesFromTheFullJar() throws Exception {
        Path home = image(true);

        Run version = revchain(home, tmp, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip()).isEqualTo("revchain 0.1.0");
        assertThat(version.err()).as("nothing but the product's own output").isEmpty();

        Run check = revchain(home, tmp, "check", ROOT.resolve("fixtures/acgs2").toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(Main.FINDINGS);
        assertThat(check.out()).contains("missing-down-revision");
        assertThat(check.err()).isEmpty();
        assertThat(check.classes()).contains("revchain-slim.jar").doesNotContain("org.apache.kafka");

        Run run = revchain(home, tmp, "run", "--help");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: revchain run");
        assertThat(run.classes()).contains("source: file:" + home.resolve("revchain.jar"));
    }

    @Test
    void checkAgainstARefRunsFromTheFullJarWhichHoldsJGit() throws Exception {
        Path home = image(true);
        try (GitFixture g = GitFixture.create(tmp.resolve("repo"))) {
            g.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                    .write("migrations/versions/001_base.py", GitFixture.migration("001", null));
            g.commit("base");
            g.branch("feature", "main");
            g.write("migrations/versions/002_next.py", GitFixture.migration("002", "001"));
            g.commit("next");

            Run against = revchain(home, g.work(), "check", "--against", "main", ".");

            assertThat(against.exit()).as(against.err()).isZero();
            assertThat(against.out()).contains("feature merged into main");
            assertThat(against.classes())
                    .contains("org.eclipse.jgit")
                    .contains("source: file:" + home.resolve("revchain.jar"));
        }
    }

    @Test
    void withoutTheSlimJarEveryCommandStillRuns() throws Exception {
        Run check = revchain(
                image(false), tmp, "check", ROOT.resolve("fixtures/acgs2").toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(Main.FINDINGS);
    }

    @Test
    void theImageRunsAsANonRootUserThroughTheEntryPoint() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String[] stages = dockerfile.split("(?m)^FROM ");
        String runtime = stages[stages.length - 1];
        assertThat(runtime).startsWith("eclipse-temurin:17-jre");
        assertThat(runtime).containsPattern("(?m)^USER revchain$").doesNotContainPattern("(?m)^USER (root|0)\\b");
        assertThat(runtime).containsPattern("(?m)^ENTRYPOINT \\[\"revchain\"\\]$");
        assertThat(runtime).contains("COPY deploy/docker/revchain /usr/local/bin/revchain");
        assertThat(runtime).contains("revchain.jar").contains("revchain-slim.jar");
        assertThat(dockerfile)
                .as("flags in the entry point: JAVA_TOOL_OPTIONS makes the JVM print a line")
                .doesNotContain("JAVA_TOOL_OPTIONS");
        assertThat(dockerfile).doesNotContainPattern("(?m)^ADD ").doesNotContainPattern("(?m)^FROM \\S+:latest");
    }
}
