package io.revchain.reporter.compliance;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells a repository's first full scan apart from steady operation. The first scan is a backlog (every file of
 * every branch at once, on a pipeline still warming up), so its latencies say nothing about a change pushed later.
 *
 * <p>Decision: a live report belongs to its repository's initial scan when its work started (the commit's marker
 * published) no later than the first report of that repository reached the reporter: it was already queued
 * behind the first scan. A repository the reporter knows from replayed history had its first scan before this
 * reporter started, so none of its live reports is initial. A report without a start time is initial only when it
 * is the repository's first.
 *
 * <p>Not thread-safe; the caller synchronises. Times are epoch milliseconds.
 */
public final class InitialScans {

    /** Arrival of each repository's first report; {@link Long#MIN_VALUE} for one known from history. */
    private final Map<String, Long> firstArrival = new HashMap<>();

    private long reports;
    private long files;
    private long earliestStart = Long.MAX_VALUE;
    private long lastArrival = Long.MIN_VALUE;

    /** A report of {@code repo} replayed from before the reporter started. */
    public void replayed(String repo) {
        firstArrival.put(repo, Long.MIN_VALUE);
    }

    /**
     * A live report of {@code repo} covering {@code files} migration files, whose work started at
     * {@code startMillis} ({@code null}: unknown), reaching the reporter at {@code arrivalMillis}. Returns whether
     * it belongs to the repository's initial scan (and counts it there when it does).
     */
    public boolean live(String repo, Long startMillis, long arrivalMillis, long files) {
        Long first = firstArrival.putIfAbsent(repo, arrivalMillis);
        boolean initial = first == null || (startMillis != null && first != Long.MIN_VALUE && startMillis <= first);
        if (initial) {
            reports++;
            this.files += files;
            earliestStart = Math.min(earliestStart, startMillis != null ? startMillis : arrivalMillis);
            lastArrival = Math.max(lastArrival, arrivalMillis);
        }
        return initial;
    }

    /** Reports that belonged to an initial scan. */
    public long reports() {
        return reports;
    }

    /** Migration files those reports covered. */
    public long files() {
        return files;
    }

    /** From the earliest initial-scan work started to the last initial-scan report received; 0 without any. */
    public double seconds() {
        return reports == 0 ? 0 : Math.max(0, lastArrival - earliestStart) / 1000.0;
    }
}
