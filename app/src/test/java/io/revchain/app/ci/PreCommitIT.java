package io.revchain.app.ci;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks of {@code .pre-commit-hooks.yaml} under the real {@code pre-commit} tool (Debian's package, which
 * {@code .ci/run} installs): a hooks repository holding this checkout's hook file, a project that uses it, and real
 * {@code git commit}s through the installed hook, with revchain on {@code PATH} from this build's class path.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PreCommitIT {

    @TempDir
    Path tmp;

    private Path bin;
    private Path hooks;
    private String hooksRev;
    private Path project;

    record Result(int exit, String output) {}

    private Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PRE_COMMIT_HOME", tmp.resolve("pre-commit-cache").toString());
        env.put("HOME", tmp.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Dev");
        env.put("GIT_AUTHOR_EMAIL", "dev@example.org");
        env.put("GIT_COMMITTER_NAME", "Dev");
        env.put("GIT_COMMITTER_EMAIL", "dev@example.org");
        env.remove("GIT_DIR");
        Path log = Files.createTempFile(tmp, "out", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    private Result ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
        return r;
    }

    @BeforeEach
    void hooksRepositoryAndRevchainOnPath() throws Exception {
        Result version = run(tmp, "pre-commit", "--version");
        assertThat(version.exit())
                .as("the pre-commit tool (apt-get install pre-commit; .ci/run installs it): " + version.output())
                .isZero();
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path revchain = bin.resolve("revchain");
        Files.writeString(
                revchain,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xshare:auto "
                        + "-XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' "
                        + Main.class.getName() + " \"$@\"\n");
        assertThat(revchain.toFile().setExecutable(true)).isTrue();

        // a hooks repository with this checkout's hook definitions, as pre-commit clones it from GitHub
        hooks = Files.createDirectories(tmp.resolve("hooks-repo"));
        Files.copy(
                GitHubActionIT.projectRoot().resolve(".pre-commit-hooks.yaml"),
                hooks.resolve(".pre-commit-hooks.yaml"));
        ok(hooks, "git", "init", "-q", "-b", "main");
        ok(hooks, "git", "add", ".");
        ok(hooks, "git", "commit", "-q", "-m", "hooks");
        hooksRev = ok(hooks, "git", "rev-parse", "HEAD").output().strip();

        // a project with one linear chain, committed before any hook is installed
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Path versions = Files.createDirectories(project.resolve("migrations/versions"));
        Files.writeString(versions.resolve("001_base.py"), migration("001", null));
        Files.writeString(versions.resolve("002_users.py"), migration("002", "001"));
        Files.writeString(project.resolve("app.py"), "print('hello')\n");
        ok(project, "git", "init", "-q", "-b", "main");
        ok(project, "git", "add", ".");
        ok(project, "git", "commit", "-q", "-m", "base");
    }

    private void useHooks(String... ids) throws Exception {
        List<String> lines =
                new ArrayList<>(List.of("repos:", "  - repo: " + hooks, "    rev: " + hooksRev, "    hooks:"));
        Stream.of(ids).forEach(id -> lines.add("      - id: " + id));
        Files.write(project.resolve(".pre-commit-config.yaml"), lines);
        ok(project, "git", "add", ".pre-commit-config.yaml");
        ok(project, "git", "commit", "-q", "--no-verify", "-m", "pre-commit");
        ok(project, "pre-commit", "install");
    }

    @Test
    void aCommitThatAddsASecondHeadIsRefusedWithTheFinding() throws Exception {
        useHooks("revchain-check");

        // When a developer commits a migration on the same parent as an existing one
        Files.writeString(project.resolve("migrations/versions/003_orders.py"), migration("003", "001"));
        ok(project, "git", "add", ".");
        Result commit = run(project, "git", "commit", "-m", "orders");

        // Then the commit is refused, naming the two heads
        assertThat(commit.exit()).as(commit.output()).isNotZero();
        assertThat(commit.output()).contains("revchain check", "Failed", "multiple-heads", "002", "003");
        assertThat(run(project, "git", "log", "--oneline").output().lines()).hasSize(2);
    }

    @Test
    void aCommitWhoseMigrationRevisesAFileNotYetAddedIsRefused() throws Exception {
        useHooks("revchain-check");

        // When a developer writes two migrations but adds only the second, which revises the first
        Files.writeString(project.resolve("migrations/versions/003_orders.py"), migration("003", "002"));
        Files.writeString(project.resolve("migrations/versions/004_items.py"), migration("004", "003"));
        ok(project, "git", "add", "migrations/versions/004_items.py");
        Result commit = run(project, "git", "commit", "-m", "items");

        // Then the commit is refused as CI would refuse it: the commit's chain names a revision it does not hold,
        // and the untracked file is named
        assertThat(commit.exit()).as(commit.output()).isNotZero();
        assertThat(commit.output())
                .contains("revchain check", "Failed", "'003'", "not tracked by git")
                .contains("migrations/versions/003_orders.py");
        assertThat(run(project, "git", "log", "--oneline").output().lines()).hasSize(2);

        // And once it is added, the commit passes
        ok(project, "git", "add", ".");
        Result both = ok(project, "git", "commit", "-m", "orders and items");
        assertThat(both.output()).contains("revchain check").contains("Passed");
    }

    @Test
    void aCommitTouchingNoMigrationDoesNotRunTheHookAndAHealthyOnePasses() throws Exception {
        useHooks("revchain-check");

        Files.writeString(project.resolve("app.py"), "print('hello, world')\n");
        ok(project, "git", "add", ".");
        Result unrelated = ok(project, "git", "commit", "-m", "greeting");
        assertThat(unrelated.output()).contains("(no files to check)Skipped");

        Files.writeString(project.resolve("migrations/versions/003_orders.py"), migration("003", "002"));
        ok(project, "git", "add", ".");
        Result healthy = ok(project, "git", "commit", "-m", "orders");
        assertThat(healthy.output()).contains("revchain check").contains("Passed");
    }

    @Test
    void theFixerWritesTheMergeRevisionFailsOnceAndTheNextCommitPasses() throws Exception {
        useHooks("revchain-repair", "revchain-check");

        // When a commit adds a second head
        Files.writeString(project.resolve("migrations/versions/003_orders.py"), migration("003", "001"));
        ok(project, "git", "add", ".");
        Result first = run(project, "git", "commit", "-m", "orders");

        // Then the fixer writes the verified merge revision and fails, so the developer sees and stages it
        assertThat(first.exit()).as(first.output()).isNotZero();
        assertThat(first.output()).contains("revchain repair", "Failed");
        List<Path> merges;
        try (Stream<Path> files = Files.list(project.resolve("migrations/versions"))) {
            merges = files.filter(f -> f.getFileName().toString().endsWith("_merge_heads.py"))
                    .toList();
        }
        assertThat(merges).hasSize(1);
        assertThat(Files.readString(merges.get(0))).contains("down_revision = ('002', '003')");

        // And once staged, the commit passes both hooks
        ok(project, "git", "add", ".");
        Result second = ok(project, "git", "commit", "-m", "orders");
        assertThat(second.output()).doesNotContain("Failed");
        assertThat(run(project, "git", "log", "--oneline").output().lines()).hasSize(3);
    }
}
