package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.app.Main;
import io.revchain.core.config.RepositorySpec;
import io.revchain.git.GitMirror;
import io.revchain.git.GitUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: a hostile repository yields findings or one clear error, in bounded time and memory, and nothing is
 * read or written outside the repository (and, for ingest, its work directory). Each case runs the real CLI (or
 * the real git mirror) against a folder built to attack it; the folders next to the repository are snapshotted
 * before and after.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileRepositoryIT {

    private static final String INI = "[alembic]\nscript_location = migrations\n";
    private static final String V = "migrations/versions/";

    @TempDir
    Path tmp;

    private Path repo() throws IOException {
        Path repo = tmp.resolve("repo");
        write(repo, "alembic.ini", INI);
        write(repo, V + "001_base.py", Sandbox.migration("001", null));
        write(repo, V + "002_next.py", Sandbox.migration("002", "001"));
        return repo;
    }

    private static void write(Path root, String path, String content) throws IOException {
        write(root, path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path root, String path, byte[] content) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
    }

    /** Runs {@code args} (PATH last) and checks that nothing under {@code tmp} changed, the repository included. */
    private Sandbox.Run readOnly(String... args) throws IOException {
        var before = Sandbox.snapshot(tmp);
        Sandbox.Run r = Sandbox.cli(args);
        assertThat(Sandbox.snapshot(tmp))
                .as("files changed by " + String.join(" ", args))
                .isEqualTo(before);
        assertThat(r.err()).as(r.all()).doesNotContain("internal error");
        return r;
    }

    @Test
    void symlinksAndLocationsOutsideTheRepositoryAreNeverFollowed() throws IOException {
        // Given a secret outside the repository, linked from its versions folder and named by a version location
        Path outside = tmp.resolve("outside");
        write(outside, "secret.py", "revision = 'SECRET_OUTSIDE'\ndown_revision = None\n");
        write(outside, "versions/other.py", "revision = 'SECRET_DIR'\ndown_revision = None\n");
        Path repo = repo();
        Files.createSymbolicLink(repo.resolve(V + "003_link.py"), outside.resolve("secret.py"));
        Path second = repo.resolve("second");
        write(
                second,
                "alembic.ini",
                "[alembic]\nscript_location = .\nversion_locations = ../../outside/versions "
                        + "%(here)s/../../outside\n");

        // When every reading command runs on it
        for (String cmd : List.of("check", "heads", "history", "branches")) {
            Sandbox.Run r = readOnly(cmd, repo.toString());
            // Then the secret's content never shows, in any format
            assertThat(r.all()).as(cmd).doesNotContain("SECRET_OUTSIDE").doesNotContain("SECRET_DIR");
        }
        Sandbox.Run json = readOnly("check", "--format", "json", repo.toString());
        assertThat(json.all()).doesNotContain("SECRET_OUTSIDE").doesNotContain("SECRET_DIR");
        // and each escape is an unsafe-path error naming the file or the setting
        Sandbox.Run check = readOnly("check", repo.toString());
        assertThat(check.exit()).isEqualTo(Main.FINDINGS);
        assertThat(check.out()).contains("unsafe-path").contains("003_link.py").contains("second/alembic.ini");
    }

    @Test
    void namesWithDotsStayInsideAndRepairWritesNothingOutside() throws IOException {
        // Given file names made of dots and a version location climbing out with ..
        Path repo = repo();
        write(repo, V + "...py", "revision = 'dots'\ndown_revision = '002'\n");
        write(repo, V + "..%2f..%2fescape.py", "revision = 'esc'\ndown_revision = '002'\n");
        write(repo, V + "a..b.py", "revision = 'ab'\ndown_revision = '002'\n");
        Path nested = repo.resolve("svc");
        write(nested, "alembic.ini", "[alembic]\nscript_location = ../../../../../../../tmp\n");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside, "keep.txt", "untouched");

        // When check reads it
        Sandbox.Run check = readOnly("check", repo.toString());
        // Then the dotted files are read as ordinary migrations (three heads) and the climb is refused
        assertThat(check.out())
                .contains("multiple-heads")
                .contains("...py")
                .contains("a..b.py")
                .contains("unsafe-path");

        // When repair --write fixes the heads
        var outsideBefore = Sandbox.snapshot(outside);
        Sandbox.Run repair = Sandbox.cli("repair", repo.toString(), "--write");
        assertThat(repair.err()).doesNotContain("internal error");
        // Then whatever it wrote is inside the versions folder, and nothing outside changed
        assertThat(Sandbox.snapshot(outside)).isEqualTo(outsideBefore);
        try (var files = Files.walk(repo)) {
            List<Path> py = files.filter(p -> p.toString().endsWith(".py")).toList();
            assertThat(py).allMatch(p -> p.startsWith(repo.resolve(V)), "every .py file inside " + V);
        }
    }

    @Test
    void binaryInvalidUtf8AndAFiftyMegabyteFileAreFindingsInBoundedMemory() throws Exception {
        // Given binary content, invalid UTF-8, a NUL byte and a 50 MB file among good migrations
        Path repo = repo();
        byte[] junk = new byte[200_000];
        new Random(8).nextBytes(junk);
        write(repo, V + "003_binary.py", junk);
        write(repo, V + "004_utf8.py", new byte[] {
            'r', 'e', 'v', 'i', 's', 'i', 'o', 'n', '=', '1', '\n', '#', (byte) 0xC3, (byte) 0x28, '\n'
        });
        write(repo, V + "005_nul.py", "revision = 'n'\0\n");
        Path big = repo.resolve(V + "006_big.py");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] line = "op.execute('select 1')  # padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 50L << 20; written += line.length) {
                out.write(line);
            }
        }

        // When check runs in a JVM with a 64 MB heap (smaller than the big file)
        Path log = tmp.resolve("check.log");
        long t = System.nanoTime();
        Process p = ChildJvm.start(log, List.of("-Xmx64m"), Main.class, "check", repo.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("check finished within 60 s")
                .isTrue();
        long ms = (System.nanoTime() - t) / 1_000_000;
        String out = Files.readString(log);
        System.out.printf("hostile: check of a repository with a 50 MB file in a 64 MB heap: %d ms%n", ms);

        // Then it ends normally with each file's finding, naming the file (and the line where there is one)
        assertThat(p.exitValue()).as(out).isEqualTo(Main.FINDINGS);
        assertThat(out)
                .doesNotContain("OutOfMemoryError")
                .doesNotContain("internal error")
                .contains("006_big.py")
                .contains("byte limit")
                .contains("003_binary.py")
                .contains("004_utf8.py")
                .contains("005_nul.py")
                .contains("unparseable-file");
        assertThat(out).containsPattern("004_utf8.py:2");
    }

    @Test
    void aHundredThousandFilesAreReadInBoundedTimeAndMemory() throws Exception {
        // Given one chain of 100,000 migrations in one folder
        Path repo = tmp.resolve("big-repo");
        write(repo, "alembic.ini", INI);
        Path versions = Files.createDirectories(repo.resolve(V));
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Files.writeString(
                    versions.resolve(String.format("%06d_m.py", i)),
                    "revision = 'r" + i + "'\ndown_revision = " + (i == 0 ? "None" : "'r" + (i - 1) + "'") + "\n");
        }

        // When check runs in a JVM with a 512 MB heap
        Path log = tmp.resolve("check.log");
        long t = System.nanoTime();
        Process p = ChildJvm.start(log, List.of("-Xmx512m"), Main.class, "check", "--format", "json", repo.toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("check finished within 120 s")
                .isTrue();
        long ms = (System.nanoTime() - t) / 1_000_000;
        System.out.printf("hostile: check of 100,000 files in a 512 MB heap: %d ms%n", ms);

        // Then it reads them all: one healthy chain
        String out = Files.readString(log);
        assertThat(p.exitValue())
                .as(out.length() > 2000 ? out.substring(0, 2000) : out)
                .isEqualTo(Main.OK);
        assertThat(out).contains("\"r99999\"").doesNotContain("OutOfMemoryError");
    }

    @Test
    void aBadConfigurationIsOneClearErrorNamingFileAndLine() throws IOException {
        // Given an organisation file with an unknown key, and one with a wrong type
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "interval: 5\nrepositories:\n  - id: a\n    url: /nowhere\n    colour: red\n");
        Path wrongType = tmp.resolve("wrong.yaml");
        Files.writeString(wrongType, "interval: soon\nrepositories:\n  - id: a\n    url: /nowhere\n");
        Path notYaml = tmp.resolve("binary.yaml");
        Files.write(notYaml, new byte[] {0, 1, 2, (byte) 0xFF, '{', '['});

        for (Path bad : List.of(unknown, wrongType, notYaml)) {
            // When ingest is started with it (no broker is started for a bad file)
            Sandbox.Run r = Sandbox.cli(
                    "ingest",
                    "--once",
                    "--config",
                    bad.toString(),
                    "--work-dir",
                    tmp.resolve("work").toString());
            // Then it exits 2 with one line naming the file
            assertThat(r.exit()).as(r.all()).isEqualTo(Main.USAGE);
            assertThat(r.err())
                    .contains(bad.getFileName().toString())
                    .doesNotContain("internal error")
                    .doesNotContain("Exception");
        }
        assertThat(Sandbox.cli("ingest", "--once", "--config", unknown.toString())
                        .err())
                .contains("colour")
                .contains(":5:");
        assertThat(Sandbox.cli("ingest", "--once", "--config", wrongType.toString())
                        .err())
                .contains("interval")
                .contains(":1:");

        // And a repository's own .revchain.yaml with an unknown key or a wrong type is a clear error too
        Path repo = repo();
        Files.writeString(repo.resolve(".revchain.yaml"), "policy: acgs2\nsurprise: true\n");
        Sandbox.Run r = readOnly("check", repo.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains(".revchain.yaml").contains("surprise");
        Files.writeString(repo.resolve(".revchain.yaml"), "policy: [acgs2]\n");
        Sandbox.Run typed = readOnly("check", repo.toString());
        assertThat(typed.exit()).as(typed.all()).isEqualTo(Main.USAGE);
        assertThat(typed.err()).contains(".revchain.yaml").contains("policy");
    }

    @Test
    void aMissingOrHangingRemoteFailsWithinItsTimeoutAndWritesOnlyInTheWorkDirectory() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        var outsideBefore = Sandbox.snapshot(outside);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            // a remote that accepts connections and never says a word
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> urls = Map.of(
                    "missing-path",
                    tmp.resolve("no-such-repo.git").toString(),
                    "missing-host",
                    "https://no-such-host.invalid/org/repo.git",
                    "hanging-http",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/org/repo.git",
                    "hanging-git",
                    "git://127.0.0.1:" + silent.getLocalPort() + "/org/repo.git");
            for (Map.Entry<String, String> e : urls.entrySet()) {
                long t = System.nanoTime();
                // When ingest's mirror syncs it with a 2 s timeout
                assertThatThrownBy(() -> GitMirror.sync(
                                        RepositorySpec.of(e.getKey(), e.getValue()),
                                        work,
                                        Duration.ofSeconds(2),
                                        Map.of(),
                                        pool)
                                .close())
                        // Then it fails with a reason, within the timeout and a margin
                        .as(e.getKey())
                        .isInstanceOf(GitUnavailableException.class)
                        .satisfies(x -> assertThat(x.getMessage()).isNotBlank());
                long ms = (System.nanoTime() - t) / 1_000_000;
                System.out.printf("hostile: %s fails in %d ms%n", e.getKey(), ms);
                assertThat(ms).as(e.getKey()).isLessThan(10_000);
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
            pool.shutdownNow();
        }
        // and nothing was written outside the work directory
        assertThat(Sandbox.snapshot(outside)).isEqualTo(outsideBefore);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("work", "outside");
        }
    }
}
