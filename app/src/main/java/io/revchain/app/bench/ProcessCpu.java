package io.revchain.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's CPU time so far, in seconds, from {@code /proc/PID/stat}, and that of its JIT compiler threads
 * ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) and garbage collector threads ({@code GC Thread#…},
 * {@code G1 …}, {@code VM Thread}) from {@code /proc/PID/task/TID/stat}. A compiler thread that has exited
 * (HotSpot starts and stops them as the queue grows and shrinks) takes its time with it, so the compilers' part
 * is a lower bound.
 */
public record ProcessCpu(double cpuSeconds, double compileSeconds, double gcSeconds) {

    /** Linux's clock ticks per second for {@code /proc} times ({@code getconf CLK_TCK}). */
    private static final double TICKS = 100.0;

    /** What the process spent since {@code before}. */
    public Use since(String process, ProcessCpu before) {
        return new Use(
                process,
                cpuSeconds - before.cpuSeconds,
                // a thread that exited took its time with it: never less than nothing
                Math.max(0, compileSeconds - before.compileSeconds),
                Math.max(0, gcSeconds - before.gcSeconds));
    }

    /**
     * A process's CPU time over an interval, and the part of it its JIT compiler threads and its garbage collector's
     * threads took (NaN where {@code /proc} cannot say).
     */
    public record Use(String process, double cpuSeconds, double compileSeconds, double gcSeconds) {}

    /** Process {@code pid}'s times so far (NaN where {@code /proc} cannot say: not Linux, or the process is gone). */
    public static ProcessCpu of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        double cpu = ticks(proc.resolve("stat"));
        double compile = 0;
        double gc = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                } catch (IOException gone) {
                    // a thread that ended since the listing
                    continue;
                }
                double t = ticks(task.resolve("stat"));
                if (Double.isNaN(t)) {
                    continue;
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    compile += t;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    gc += t;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(cpu, Double.NaN, Double.NaN);
        }
        return new ProcessCpu(cpu, compile, gc);
    }

    /** utime + stime (fields 14 and 15, counted after the command name's closing parenthesis), in seconds. */
    private static double ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
