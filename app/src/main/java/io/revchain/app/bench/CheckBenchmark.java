package io.revchain.app.bench;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.app.check.CheckRunner;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.discovery.SourceFile;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Times {@code revchain check} against {@code alembic heads} on the same generated folders: wall time of each
 * command as a user runs it (JVM and Python start included), and in-process parse + analyse against Alembic's
 * load + {@code get_heads()}.
 */
public final class CheckBenchmark {

    /** One folder size's numbers; times are medians. */
    public record Row(
            int revisions,
            double checkWallMs,
            double alembicHeadsWallMs,
            double javaInProcessMs,
            double alembicInProcessMs,
            double javaFromMemoryMs) {
        public double wallRatio() {
            return checkWallMs / alembicHeadsWallMs;
        }

        public double fromMemorySpeedup() {
            return alembicInProcessMs / javaFromMemoryMs;
        }

        public double inProcessSpeedup() {
            return alembicInProcessMs / javaInProcessMs;
        }
    }

    private static final String PY_TIMER = String.join(
            "\n",
            "import sys, time, warnings",
            "warnings.simplefilter('ignore')",
            "from alembic.script import ScriptDirectory",
            "d, runs = sys.argv[1], int(sys.argv[2])",
            "ScriptDirectory(d).get_heads()  # warm: imports, bytecode caches",
            "ts = []",
            "for _ in range(runs):",
            "    t = time.perf_counter(); ScriptDirectory(d).get_heads(); ts.append(time.perf_counter() - t)",
            "ts.sort(); print(ts[len(ts) // 2] * 1000)");

    private CheckBenchmark() {}

    public static List<Row> run(List<Integer> sizes, int runs, Path work, PrintWriter log) throws Exception {
        List<String> checkCmd = checkCommand();
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            Path dir = SyntheticChain.write(work.resolve("chain-" + n), n, n);
            log.printf("%d revisions: generated in %s%n", n, dir);
            List<String> check = new ArrayList<>(checkCmd);
            check.addAll(List.of("check", dir.toString()));
            List<String> heads = List.of(
                    "/usr/bin/python3",
                    "-m",
                    "alembic",
                    "-c",
                    dir.resolve("alembic.ini").toString(),
                    "heads");
            timeProcess(check, 1, 1);
            double checkMs = timeProcess(check, runs, 1);
            timeProcess(heads, 1, 0);
            double headsMs = timeProcess(heads, runs, 0);
            double javaMs = javaInProcess(dir, Math.max(runs, 10));
            double memoryMs = javaFromMemory(dir, Math.max(runs, 10));
            double pyMs = Double.parseDouble(run(
                            List.of(
                                    "/usr/bin/python3",
                                    "-c",
                                    PY_TIMER,
                                    dir.resolve("migrations").toString(),
                                    String.valueOf(runs)),
                            -1)
                    .trim());
            Row row = new Row(n, checkMs, headsMs, javaMs, pyMs, memoryMs);
            log.printf(
                    "  check %.0f ms, alembic heads %.0f ms (ratio %.2f); in-process %.2f ms vs %.1f ms (%.0fx); "
                            + "from memory %.2f ms (%.0fx)%n",
                    checkMs,
                    headsMs,
                    row.wallRatio(),
                    javaMs,
                    pyMs,
                    row.inProcessSpeedup(),
                    memoryMs,
                    row.fromMemorySpeedup());
            log.flush();
            rows.add(row);
        }
        return rows;
    }

    /** A Markdown table of the rows. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| revisions | `revchain check` wall | `alembic heads` wall | ratio (goal ≤ 0.33) "
                + "| discover + read + parse + analyse in-process | parse + analyse, files in memory "
                + "| Alembic load + get_heads in-process | speed-up with file I/O | speed-up without (goal ≥ 20×) |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(
                    "| %,d | %.0f ms | %.0f ms | %.2f %s | %.2f ms (%.1f µs/file) | %.2f ms (%.1f µs/file) "
                            + "| %.1f ms | %.0f× | %.0f× %s |%n",
                    r.revisions(),
                    r.checkWallMs(),
                    r.alembicHeadsWallMs(),
                    r.wallRatio(),
                    r.wallRatio() <= 1.0 / 3 ? "met" : "not met",
                    r.javaInProcessMs(),
                    r.javaInProcessMs() * 1000 / r.revisions(),
                    r.javaFromMemoryMs(),
                    r.javaFromMemoryMs() * 1000 / r.revisions(),
                    r.alembicInProcessMs(),
                    r.inProcessSpeedup(),
                    r.fromMemorySpeedup(),
                    r.fromMemorySpeedup() >= 20 ? "met" : "not met"));
        }
        return b.toString();
    }

    /**
     * Parse + analyse alone: the files discovered and read once, then (timed) parsed on every core as
     * {@link io.revchain.core.discovery.ChainLoader} does and analysed.
     */
    private static double javaFromMemory(Path dir, int runs) throws IOException {
        Policy policy = Policy.alembic();
        List<SourceFile> files = Discovery.discover(dir).get(0).files();
        List<byte[]> bytes = new ArrayList<>();
        for (SourceFile f : files) {
            bytes.add(Files.readAllBytes(f.file()));
        }
        MigrationParser parser = new MigrationParser(policy.marker());
        Runnable once = () -> {
            MigrationScript[] scripts = new MigrationScript[files.size()];
            IntStream.range(0, files.size())
                    .parallel()
                    .forEach(i -> scripts[i] = parser.parse(files.get(i).path(), bytes.get(i)));
            ChainAnalysis.of(Arrays.asList(scripts), policy);
        };
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 50 || System.nanoTime() < warmUntil; i++) {
            once.run();
        }
        double[] ts = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            once.run();
            ts[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ts);
        return ts[runs / 2];
    }

    private static double javaInProcess(Path dir, int runs) {
        CheckRunner runner = new CheckRunner();
        Policy policy = Policy.alembic();
        // Warm until the JIT has settled: at least 3 s and 50 runs.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 50 || System.nanoTime() < warmUntil; i++) {
            runner.analyse(dir, policy);
        }
        double[] ts = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            runner.analyse(dir, policy);
            ts[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ts);
        return ts[runs / 2];
    }

    private static double timeProcess(List<String> cmd, int runs, int okExit) throws Exception {
        double[] ts = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            run(cmd, okExit);
            ts[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ts);
        return ts[runs / 2];
    }

    private static String run(List<String> cmd, int okExit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("revchain-bench", ".out");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (okExit >= 0 && p.exitValue() != 0 && p.exitValue() != okExit) {
                throw new IOException(cmd.get(0) + " exited " + p.exitValue() + ": "
                        + text.lines().reduce((a, b) -> b).orElse(""));
            }
            if (okExit < 0 && p.exitValue() != 0) {
                throw new IOException("python exited " + p.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The command a user runs: the {@code ./revchain} launcher when known, else this JVM's jar. */
    private static List<String> checkCommand() throws Exception {
        String launcher = System.getenv("REVCHAIN_LAUNCHER");
        if (launcher != null && new File(launcher).canExecute()) {
            return new ArrayList<>(List.of(launcher));
        }
        String jar = Path.of(CheckBenchmark.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar));
    }
}
