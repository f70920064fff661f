package io.revchain.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Alembic (Debian's {@code python3-alembic} under {@code /usr/bin/python3}) as a test oracle. It decides how
 * an oracle process runs: in a given folder, without writing bytecode, bounded by a timeout (a process still running
 * then is killed and reported as exit -1, "timeout"), its output kept whole; and that a machine without python3 or
 * its alembic package fails the test saying what to install, never passes it by comparing against nothing.
 */
public final class AlembicOracle {
    private AlembicOracle() {}

    public static final String PYTHON = "/usr/bin/python3";
    /** What a test prints when the oracle is not installed. */
    static final String MISSING = "real Alembic is required: apt-get install -y python3-alembic";

    /** How one process ended: its exit status (-1 after a timeout) and what it printed. */
    public record Run(int exit, String out, String err) {
        public boolean timedOut() {
            return exit == -1 && "timeout".equals(err);
        }
    }

    /**
     * One run of {@code python3 args...}.
     *
     * @param args    the arguments after {@code python3} (a script and its arguments, or {@code -m alembic ...})
     * @param dir     the working folder, or the test's own when {@link #of} leaves it unset
     * @param env     variables added to the environment
     * @param stdin   bytes written to the process's standard input (empty: none)
     * @param timeout how long it may run
     */
    public record Invocation(List<String> args, Path dir, Map<String, String> env, byte[] stdin, Duration timeout) {
        public Invocation {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        /** {@code python3 args...} in the current folder, no input, one minute. */
        public static Invocation of(String... args) {
            return new Invocation(List.of(args), null, Map.of(), new byte[0], Duration.ofSeconds(60));
        }

        public Invocation in(Path folder) {
            return new Invocation(args, folder, env, stdin, timeout);
        }

        public Invocation with(String name, String value) {
            Map<String, String> e = new HashMap<>(env);
            e.put(name, value);
            return new Invocation(args, dir, e, stdin, timeout);
        }

        public Invocation input(byte[] bytes) {
            return new Invocation(args, dir, env, bytes.clone(), timeout);
        }

        public Invocation timeout(Duration d) {
            return new Invocation(args, dir, env, stdin, d);
        }
    }

    /** {@code python3 -m alembic -c <ini> <args>} in the ini's folder: what one real Alembic command prints. */
    public static Run command(Path ini, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("-m", "alembic", "-c", ini.toString()));
        cmd.addAll(List.of(args));
        return run(Invocation.of(cmd.toArray(String[]::new)).in(ini.getParent()));
    }

    /** Runs {@code inv}; an {@link AssertionError} names what to install when python3 or alembic is missing. */
    public static Run run(Invocation inv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON));
        cmd.addAll(inv.args());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (inv.dir() != null) {
            pb.directory(inv.dir().toFile());
        }
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().putAll(inv.env());
        // files, not pipes: a chatty oracle never blocks on a full pipe while we wait for it
        Path out = Files.createTempFile("oracle", ".out");
        Path err = Files.createTempFile("oracle", ".err");
        try {
            Process p;
            try {
                p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError(PYTHON + " cannot be started (" + e.getMessage() + "); " + MISSING, e);
            }
            try (OutputStream in = p.getOutputStream()) {
                in.write(inv.stdin());
            }
            if (!p.waitFor(inv.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Run(-1, Files.readString(out, StandardCharsets.UTF_8), "timeout");
            }
            Run r = new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (r.exit() != 0 && r.err().matches("(?s).*No module named '?alembic'?\\b.*")) {
                throw new AssertionError(MISSING + "\n" + r.err());
            }
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
