package io.revchain.analyzer.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per group of JVM threads (the analyzer's stream threads, its producer, the in-JVM broker, the rest), so
 * that a benchmark sharing 2 cores with its broker can still say what the analyzer itself costs per event.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The key of the whole process's CPU time (GC and JIT threads included) in a snapshot. */
    private static final String PROCESS = "0 process";

    /** CPU nanoseconds per live thread id, named, and of the whole process. */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            out.put(PROCESS, os.getProcessCpuTime());
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = THREADS.getThreadCpuTime(t.getId());
            if (ns >= 0) {
                out.put(t.getId() + " " + t.getName(), ns);
            }
        }
        return out;
    }

    /** CPU nanoseconds per group since {@code before}. */
    static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : new String[] {"stream threads", "analyzer producer", "analyzer other", "broker", "other"}) {
            groups.put(g, 0L);
        }
        Map<String, Long> now = snapshot();
        Long process = now.remove(PROCESS);
        now.forEach((thread, ns) -> groups.merge(group(thread), ns - before.getOrDefault(thread, 0L), Long::sum));
        if (process != null && before.containsKey(PROCESS)) {
            groups.put(PROCESS, process - before.get(PROCESS));
        }
        return groups;
    }

    private static String group(String thread) {
        if (thread.contains("StreamThread") && !thread.contains("producer") && !thread.contains("consumer")) {
            return "stream threads";
        }
        if (thread.contains("revchain-bench") && thread.contains("producer")) {
            return "analyzer producer";
        }
        if (thread.contains("revchain-bench")) {
            return "analyzer other";
        }
        if (thread.contains("kafka")
                || thread.contains("data-plane")
                || thread.contains("controller")
                || thread.contains("raft")
                || thread.contains("broker")) {
            return "broker";
        }
        return "other";
    }

    /** "group 1.23 s (4.5 µs/event)" for each group. */
    static String describe(Map<String, Long> cpu, long events) {
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (var e : cpu.entrySet()) {
            if (e.getKey().equals(PROCESS)) {
                continue;
            }
            total += e.getValue();
            b.append(String.format(
                    "%s %.2f s (%.1f µs/event), ",
                    e.getKey(), e.getValue() / 1e9, e.getValue() / 1e3 / Math.max(1, events)));
        }
        b.append(String.format(
                "all Java threads %.2f s (%.1f µs/event)", total / 1e9, total / 1e3 / Math.max(1, events)));
        Long process = cpu.get(PROCESS);
        if (process != null) {
            // the rest is the JVM's own threads: GC and the JIT compilers
            b.append(String.format(
                    ", whole process %.2f s (%.1f µs/event)", process / 1e9, process / 1e3 / Math.max(1, events)));
        }
        return b.toString();
    }
}
