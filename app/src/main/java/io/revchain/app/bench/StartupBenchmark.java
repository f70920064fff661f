package io.revchain.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times the short commands' start against the JVM's floor and against {@code alembic heads}, all in one run: every
 * round starts each command once, in a rotated order, so a machine that slows down mid-run (other builds on the
 * same cores) slows every command alike and the ratios of medians stay comparable. Besides what a user runs (the
 * launcher), it times the steps apart: the full jar with picocli's reflective scan of every command (the start
 * before the slim jar), the full jar entered through {@code SlimMain} (programmatic top command, one command
 * built), the slim jar, and the launcher's old staleness check ({@code find} over the source tree).
 */
public final class StartupBenchmark {

    /** The short commands' JVM flags, as the launcher gives them; the floor runs with the same. */
    static final List<String> FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xlog:cds=off");

    private StartupBenchmark() {}

    /** One command's times; milliseconds. */
    public record Row(String name, double medianMs, double minMs) {}

    /** The rows, the floor's and {@code alembic heads}'s among them (the first and last). */
    public record Result(List<Row> rows, int files, int rounds) {
        Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        }

        /** A Markdown table: each command's median, its ratio to the floor and to {@code alembic heads}. */
        public String table() {
            double floor = row(FLOOR).medianMs();
            double alembic = row(ALEMBIC).medianMs();
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    "%d rounds, %d revisions; floor = a hello-world JVM with the short commands' flags%n%n",
                    rounds, files));
            b.append("| command | median | min | ÷ floor | ÷ `alembic heads` |\n|---|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                b.append(String.format(
                        "| %s | %.0f ms | %.0f ms | %.2f | %.2f |%n",
                        r.name(), r.medianMs(), r.minMs(), r.medianMs() / floor, r.medianMs() / alembic));
            }
            if (rows.stream().anyMatch(r -> r.name().equals(LAUNCHER_VERSION))) {
                b.append(goals("one JVM per command", LAUNCHER_VERSION, LAUNCHER_CHECK, floor, alembic));
            }
            if (rows.stream().anyMatch(r -> r.name().equals(SERVED_VERSION))) {
                b.append(goals("resident server", SERVED_VERSION, SERVED_CHECK, floor, alembic));
            }
            return b.toString();
        }

        private String goals(String how, String versionRow, String checkRow, double floor, double alembic) {
            double version = row(versionRow).medianMs() / floor;
            double check = row(checkRow).medianMs();
            return String.format(
                    "%nGoals (%s): `revchain --version` ≤ 1.5× floor: %.2f (%s); `revchain check` ≤ 2.5× floor: "
                            + "%.2f (%s); ≤ 0.45× `alembic heads`: %.2f (%s)%n",
                    how,
                    version,
                    version <= 1.5 ? "met" : "not met",
                    check / floor,
                    check / floor <= 2.5 ? "met" : "not met",
                    check / alembic,
                    check / alembic <= 0.45 ? "met" : "not met");
        }
    }

    /** A command line and the environment variables it runs with, over this JVM's. */
    record Cmd(List<String> argv, Map<String, String> env) {
        static Cmd of(List<String> argv) {
            return new Cmd(argv, Map.of());
        }
    }

    static final String FLOOR = "hello-world JVM (floor)";
    static final String ALEMBIC = "`alembic heads`";
    static final String LAUNCHER_VERSION = "`revchain --version` (launcher)";
    static final String LAUNCHER_CHECK = "`revchain check` (launcher)";
    static final String SERVED_VERSION = "`revchain --version` (launcher, resident server)";
    static final String SERVED_CHECK = "`revchain check` (launcher, resident server)";

    /**
     * Runs {@code rounds} rounds on a generated folder of {@code files} revisions in {@code work}; {@code fullJar}
     * is this build's full jar, with the slim one next to it, and {@code launcher} the {@code ./revchain} script
     * (null when unknown: its rows are left out).
     */
    public static Result run(int files, int rounds, Path fullJar, Path launcher, Path work, PrintWriter log)
            throws Exception {
        Path slimJar = fullJar.resolveSibling("revchain-slim.jar");
        Path dir = SyntheticChain.write(work.resolve("chain-" + files), files, files);
        Path hello = hello(work.resolve("hello"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        log.println("recording a start-up archive for each jar…");
        log.flush();
        List<String> fullStart = archive(java, fullJar, "io.revchain.app.Main", work.resolve("full"));
        List<String> slimStart = archive(java, slimJar, "io.revchain.app.SlimMain", work.resolve("slim"));
        String d = dir.toString();
        // the launcher's rows: one JVM per command (no resident server), and answered by a warm resident server of
        // the bench's own (its state in the work folder, started and warmed up before the rounds)
        Path runtime = Files.createDirectories(work.resolve("runtime"));
        Map<String, String> cold = Map.of("REVCHAIN_SERVER", "0");
        Map<String, String> served = Map.of("REVCHAIN_SERVER", "require", "XDG_RUNTIME_DIR", runtime.toString());
        if (launcher != null) {
            startServer(launcher, runtime, d, served, log);
        }

        Map<String, Cmd> commands = new LinkedHashMap<>();
        commands.put(FLOOR, Cmd.of(cmd(java, FLAGS, "-cp", hello.toString(), Hello.class.getName())));
        if (launcher != null) {
            commands.put(LAUNCHER_VERSION, new Cmd(List.of(launcher.toString(), "--version"), cold));
        }
        commands.put("`--version`: full jar, reflective picocli (before)", Cmd.of(cmd(java, fullStart, "--version")));
        commands.put("`--version`: full jar, SlimMain", Cmd.of(cmd(java, fullStart(fullStart), "--version")));
        commands.put("`--version`: slim jar", Cmd.of(cmd(java, slimStart, "--version")));
        if (launcher != null) {
            commands.put(LAUNCHER_CHECK, new Cmd(List.of(launcher.toString(), "check", d), cold));
        }
        commands.put("`check`: full jar, reflective picocli (before)", Cmd.of(cmd(java, fullStart, "check", d)));
        commands.put("`check`: full jar, SlimMain", Cmd.of(cmd(java, fullStart(fullStart), "check", d)));
        commands.put("`check`: slim jar", Cmd.of(cmd(java, slimStart, "check", d)));
        if (launcher != null) {
            commands.put(SERVED_VERSION, new Cmd(List.of(launcher.toString(), "--version"), served));
            commands.put(SERVED_CHECK, new Cmd(List.of(launcher.toString(), "check", d), served));
        }
        if (launcher != null) {
            Path root = launcher.toAbsolutePath().getParent();
            commands.put(
                    "the launcher's staleness check before (`find` over the tree)",
                    Cmd.of(List.of(
                            "find",
                            root.toString(),
                            "-path",
                            root.resolve(".git").toString(),
                            "-prune",
                            "-o",
                            "-path",
                            "*/target",
                            "-prune",
                            "-o",
                            "(",
                            "-name",
                            "*.java",
                            "-o",
                            "-name",
                            "pom.xml",
                            "-o",
                            "-path",
                            "*/src/main/resources/*",
                            ")",
                            "-newer",
                            fullJar.toString(),
                            "-print",
                            "-quit")));
        }
        commands.put(
                ALEMBIC,
                Cmd.of(List.of(
                        "/usr/bin/python3",
                        "-m",
                        "alembic",
                        "-c",
                        dir.resolve("alembic.ini").toString(),
                        "heads")));

        List<String> names = new ArrayList<>(commands.keySet());
        Map<String, double[]> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new double[rounds]));
        for (String n : names) {
            time(commands.get(n)); // warm: file caches, Python's bytecode caches
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get((i + round) % names.size());
                times.get(n)[round] = time(commands.get(n));
            }
            log.printf("round %d of %d%n", round + 1, rounds);
            log.flush();
        }
        if (launcher != null) {
            // a removed state file stops its server within half a second
            try (var states = Files.list(runtime.resolve("revchain"))) {
                for (Path f : states.toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String n : names) {
            double[] t = times.get(n);
            Arrays.sort(t);
            rows.add(new Row(n, t[t.length / 2], t[0]));
        }
        return new Result(rows, files, rounds);
    }

    /** The same JVM and archive with SlimMain as the class to run instead of the jar's Main-Class. */
    private static List<String> fullStart(List<String> start) {
        List<String> s = new ArrayList<>(start);
        int jar = s.indexOf("-jar");
        s.set(jar, "-cp");
        s.add("io.revchain.app.SlimMain");
        return s;
    }

    /**
     * Records a start-up archive of {@code jar} as the launcher does (a static archive from the warm-up's class
     * list; an AOT cache on JDK 25+) and returns the flags and jar that start from it.
     */
    private static List<String> archive(String java, Path jar, String main, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> flags = new ArrayList<>(FLAGS);
        if (Runtime.version().feature() >= 25) {
            Path cache = dir.resolve("start.aot");
            flags.remove("-Xshare:auto");
            check(cmd(java, flags, "-XX:AOTCacheOutput=" + cache, "-cp", jar.toString(), main, "warmup"));
            flags.add("-XX:AOTCache=" + cache);
        } else {
            Path classes = dir.resolve("start.classes");
            Path jsa = dir.resolve("start.jsa");
            check(cmd(java, flags, "-XX:DumpLoadedClassList=" + classes, "-cp", jar.toString(), main, "warmup"));
            check(cmd(
                    java,
                    flags,
                    "-Xshare:dump",
                    "-XX:SharedClassListFile=" + classes,
                    "-XX:SharedArchiveFile=" + jsa,
                    "-cp",
                    jar.toString()));
            flags.add("-XX:SharedArchiveFile=" + jsa);
        }
        flags.add("-jar");
        flags.add(jar.toString());
        return flags;
    }

    private static Path hello(Path dir) throws IOException {
        String name = Hello.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = StartupBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing " + name);
            }
            Files.write(file, in.readAllBytes());
        }
        return dir;
    }

    private static List<String> cmd(String java, List<String> flags, String... args) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(flags);
        c.addAll(List.of(args));
        return c;
    }

    /** Starts the bench's resident server with the launcher, then lets it warm up on the command it will time. */
    private static void startServer(
            Path launcher, Path runtime, String dir, Map<String, String> served, PrintWriter log) throws Exception {
        log.println("starting and warming a resident server…");
        log.flush();
        Map<String, String> start = Map.of("REVCHAIN_SERVER", "1", "XDG_RUNTIME_DIR", runtime.toString());
        time(new Cmd(List.of(launcher.toString(), "check", dir), start));
        Path states = runtime.resolve("revchain");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!(Files.isDirectory(states) && hasState(states))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the launcher started no resident server in " + states);
            }
            Thread.sleep(100);
        }
        for (int i = 0; i < 30; i++) {
            time(new Cmd(List.of(launcher.toString(), "check", dir), served));
        }
    }

    private static boolean hasState(Path states) throws IOException {
        try (var files = Files.list(states)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".server"));
        }
    }

    private static void check(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }

    /**
     * Wall time of one run, in milliseconds; output discarded, exit code ignored (check may find something) except
     * the launcher's "no resident server answered", which would time the wrong thing.
     */
    private static double time(Cmd cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd.argv()).redirectErrorStream(true);
        pb.environment().remove("CI");
        pb.environment().putAll(cmd.env());
        long t = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd.argv()));
        }
        double ms = (System.nanoTime() - t) / 1e6;
        if (new String(out, StandardCharsets.UTF_8).contains("no resident server answered")) {
            throw new IOException("the resident server did not answer: " + String.join(" ", cmd.argv()));
        }
        return ms;
    }
}
