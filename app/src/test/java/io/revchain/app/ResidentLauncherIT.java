package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.core.tree.FileTrees;
import io.revchain.testkit.TestTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./revchain}) with its resident server, run as users run it: from a copy of the launcher next
 * to this build's jars, in a working directory of its own. What the server answers must be what the JVM run for the
 * one command says, byte for byte on each stream, with the same exit code.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResidentLauncherIT {

    private static final String LANG = "C.UTF-8";

    @TempDir
    Path tmp;

    private Path launcher;
    private Path xdg;
    private final List<Long> servers = new ArrayList<>();

    record Run(int code, String out, String err) {}

    @BeforeEach
    void install() throws IOException {
        // the launcher beside this build's jars, with a build list that says nothing changed and start options
        // without an archive (recording one is the launcher's other job, not this test's)
        Path install = Files.createDirectories(tmp.resolve("install"));
        launcher = Files.copy(Path.of("..", "revchain"), install.resolve("revchain"));
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Path target = Files.createDirectories(install.resolve("app/target"));
        Files.createSymbolicLink(target.resolve("revchain.jar"), SlimJarIT.FULL);
        Files.createSymbolicLink(target.resolve("revchain-slim.jar"), SlimJarIT.SLIM);
        Files.writeString(target.resolve("revchain.sources"), "");
        Files.writeString(
                target.resolve("revchain-slim.start"),
                String.join("\n", java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1") + "\n");
        xdg = Files.createDirectory(
                tmp.resolve("xdg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void stopServers() {
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void theSecondCommandIsAnsweredByTheServerAsTheJvmWouldAnswerIt() throws Exception {
        // Given a repository with a healthy chain, and a broken one beside it
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        chain("broken", "revision = 'b1'\ndown_revision = 'nowhere'\n");
        // When a first command runs (here, in its own JVM) with the server on
        Run first = launch(repo, "1", "check", ".");
        assertThat(first.code()).as(first.err()).isZero();
        // Then it started this directory's server, whose state file only this user can read
        Path state = awaitState(repo);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rw-------");

        // And every later command line is answered by it exactly as a JVM of its own answers it
        for (List<String> line : List.of(
                List.of("check", "."),
                List.of("check", "../broken"),
                List.of("check", "../broken", "--format", "json"),
                List.of("check", "--policy", "nope", "."),
                List.of("check", "missing"),
                List.of("heads", "."),
                List.of("history", "."),
                List.of("--version"))) {
            Run served = launch(repo, "require", line.toArray(String[]::new));
            Run alone = launch(repo, "0", line.toArray(String[]::new));
            assertThat(served).as(String.join(" ", line)).isEqualTo(alone);
        }
        assertThat(launch(repo, "require", "check", "../broken").code()).isEqualTo(Main.FINDINGS);
    }

    @Test
    void aServerOlderThanTheBuildIsNotAskedAndIsReplaced() throws Exception {
        // Given a running server for a repository
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        launch(repo, "1", "check", ".");
        Path state = awaitState(repo);
        long old = pid(state);
        // When the jars are newer than it (a rebuild)
        Files.setLastModifiedTime(state, FileTime.fromMillis(0));
        // Then it is not asked
        Run refused = launch(repo, "require", "check", ".");
        assertThat(refused.code()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).contains("no resident server answered");
        // and the next command starts a new one, which the old one gives way to
        assertThat(launch(repo, "1", "check", ".").code()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(state) && pid(state) != old);
        servers.add(pid(state));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(old).map(p -> !p.isAlive()).orElse(true));
        assertThat(launch(repo, "require", "check", ".").code()).isZero();
    }

    @Test
    void aServerWhoseDirectoryWasMadeAgainGivesWay() throws Exception {
        // Given a server for a repository
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        launch(repo, "1", "check", ".");
        Path state = awaitState(repo);
        long old = pid(state);
        // When the repository is removed and cloned again at the same path, now broken
        FileTrees.delete(repo);
        chain("repo", "revision = 'a1'\ndown_revision = 'gone'\n");
        // Then the old server does not answer (its relative paths would mean the removed folder) and stops
        Run refused = launch(repo, "require", "check", ".");
        assertThat(refused.code()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).isEqualTo("revchain: no resident server answered (REVCHAIN_SERVER=require)\n");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(old).map(p -> !p.isAlive()).orElse(true));
        // and the command run here sees the new folder
        Run here = launch(repo, "1", "check", ".");
        assertThat(here.code()).as(here.out()).isEqualTo(Main.FINDINGS);
        assertThat(here.out()).contains("gone");
    }

    @Test
    void aServerAnswersOnlyCallersOfItsLocaleAndTimeZone() throws Exception {
        // Given a server started by a caller in one locale
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        launch(repo, "1", "check", ".");
        awaitState(repo);
        assertThat(launch(repo, "require", "check", ".").code()).isZero();
        // Then a caller in another locale or time zone is not answered by it: a JVM of its own would decode file
        // names and format numbers and times its way
        for (Map<String, String> other : List.of(Map.of("LANG", "C"), Map.of("LC_ALL", "C"), Map.of("TZ", "UTC"))) {
            Run refused = launch(repo, "require", other, "check", ".");
            assertThat(refused.code()).as(other.toString()).isEqualTo(Main.USAGE);
            assertThat(refused.err()).contains("no resident server answered");
        }
    }

    @Test
    void offWhereCiIsSetOrWhenTurnedOff() throws Exception {
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        assertThat(launch(repo, null, Map.of("CI", "true"), "check", ".").code())
                .isZero();
        assertThat(launch(repo, "0", "check", ".").code()).isZero();
        // nothing was started: no state file appears
        Thread.sleep(2_000);
        try (var files = Files.list(xdg)) {
            assertThat(files.flatMap(ResidentLauncherIT::listed).toList()).isEmpty();
        }
    }

    @Test
    void aFileNamedInAnotherScriptIsReadUnderTheCLocaleAsAlembicReadsIt() throws Exception {
        // Given a chain whose second file's name is not ASCII
        Path repo = chain("repo", "revision = 'a1'\ndown_revision = None\n");
        Files.writeString(repo.resolve("migrations/versions/b2_café.py"), "revision = 'b2'\ndown_revision = 'a1'\n");
        // When it is checked in the C locale (as Python does, the launcher reads file names as UTF-8)
        for (Map<String, String> c : List.of(Map.of("LANG", "C"), Map.of("LC_ALL", "C"), Map.of("LC_ALL", "POSIX"))) {
            Run heads = launch(repo, "0", c, "heads", ".");
            assertThat(heads.code()).as(c + heads.err()).isZero();
            assertThat(heads.out()).as(c.toString()).isEqualTo("b2 (head)\n");
        }
        // And a JVM started without the launcher in that locale says what to do, not an internal error
        ProcessBuilder pb =
                new ProcessBuilder(java(), "-jar", SlimJarIT.SLIM.toString(), "heads", ".").directory(repo.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String err = read(p.getErrorStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.USAGE);
        assertThat(err)
                .startsWith("revchain: a file name cannot be read in this locale: ")
                .contains("LC_ALL=C.UTF-8")
                .doesNotContain("internal error");
    }

    private static Stream<Path> listed(Path p) {
        try {
            return Files.isDirectory(p) ? Files.list(p).toList().stream() : Stream.of(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path awaitState(Path repo) throws IOException {
        Path dir = xdg.resolve("revchain");
        // the launcher's key: the directory, then the locale and time zone variables this test sets
        String key = (repo + " ::::" + LANG + ":").replace("_", "_u").replace("/", "_s");
        Path state = dir.resolve(key + ".server");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(state));
        servers.add(pid(state));
        return state;
    }

    private static long pid(Path state) throws IOException {
        return Long.parseLong(Files.readString(state).strip().split(" ")[2]);
    }

    private Path chain(String name, String script) throws IOException {
        return TestTrees.oneFileChain(tmp.resolve(name), script);
    }

    private Run launch(Path cwd, String server, String... args) throws Exception {
        return launch(cwd, server, Map.of(), args);
    }

    private Run launch(Path cwd, String server, Map<String, String> extra, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.equals("CI")
                        || k.startsWith("REVCHAIN_")
                        || k.equals("JAVA_HOME")
                        || k.startsWith("LC_")
                        || k.equals("LANG")
                        || k.equals("TZ"));
        env.put("LANG", LANG);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("XDG_RUNTIME_DIR", xdg.toString());
        env.put("HOME", tmp.toString());
        if (server != null) {
            env.put("REVCHAIN_SERVER", server);
        }
        env.putAll(extra);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
