package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.Main;
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
 * Guarantee: a report's size costs no memory of its own (JSON and SARIF are streamed, one finding at a time), and a
 * failure that is not a finding (out of memory, a bug) is one line on stderr and exit 2, never a stack trace and
 * never exit 1, which a CI gate would read as "findings". Each case runs the CLI in a child JVM with a small heap.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileReportIT {

    private static final String V = "migrations/versions/";

    @TempDir
    Path tmp;

    /** One chain of {@code n} files; under {@code acgs2} each is a finding (no constitutional hash). */
    private Path chain(int n) throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve(V));
        Files.writeString(repo.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        for (int i = 0; i < n; i++) {
            Files.writeString(
                    repo.resolve(V + String.format("%06d_m.py", i)),
                    "\"\"\"m " + i + "\n\nRevision ID: r"
                            + i + "\nRevises: " + (i == 0 ? "" : "r" + (i - 1)) + "\n\"\"\"\nrevision = 'r" + i
                            + "'\ndown_revision = " + (i == 0 ? "None" : "'r" + (i - 1) + "'") + "\n");
        }
        return repo;
    }

    private record Child(int exit, String out, String err) {}

    private Child run(String heap, String... args) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished within 180 s").isTrue();
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void jsonAndSarifOfManyFindingsAreStreamed() throws Exception {
        // Given 30,000 files, each a finding under acgs2
        int n = 30_000;
        Path repo = chain(n);

        for (String format : List.of("json", "sarif")) {
            // When the report is written by a JVM whose heap cannot hold it as one tree and one string
            long t = System.nanoTime();
            // (ids such as r11111 are also placeholder-like: only the marker findings are counted)
            Child c = run(
                    "-Xmx" + HEAP_MB + "m",
                    "check",
                    "--policy",
                    "acgs2",
                    "--ignore",
                    "placeholder-revision-id",
                    "--format",
                    format,
                    repo.toString());
            System.out.printf(
                    "hostile: %s of %,d findings in a %d MB heap: %d ms, %,d bytes%n",
                    format,
                    n,
                    HEAP_MB,
                    (System.nanoTime() - t) / 1_000_000,
                    c.out().length());

            // Then it is whole, valid, and the exit code says "findings"
            assertThat(c.err()).as(format).isEmpty();
            assertThat(c.exit()).as(format + ": " + c.err()).isEqualTo(Main.FINDINGS);
            JsonNode root = new ObjectMapper().readTree(c.out());
            int findings = format.equals("json")
                    ? root.get("chains").get(0).get("findings").size()
                    : root.get("runs").get(0).get("results").size();
            assertThat(findings).as(format).isEqualTo(n);
        }
    }

    /** Enough for the analysis of {@link #jsonAndSarifOfManyFindingsAreStreamed}'s files, not for its report. */
    static final int HEAP_MB = 96;

    @Test
    void runningOutOfMemoryIsOneLineAndExit2() throws Exception {
        // Given a repository too large for the heap
        Path repo = chain(20_000);

        for (String format : List.of("text", "json", "sarif")) {
            // When check runs in a 16 MB heap
            Child c = run("-Xmx16m", "check", "--format", format, repo.toString());

            // Then it says so in one line, exits 2 (not 1: that would read as "findings"), and prints no trace
            assertThat(c.exit()).as(format + ": " + c.err()).isEqualTo(Main.USAGE);
            assertThat(c.err().strip().lines().toList())
                    .as(format)
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("revchain: out of memory"));
            assertThat(c.err() + c.out()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        }
    }
}
