package io.revchain.ingest.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When each owned repository is polled next. It decides that a repository is never polled twice at once (one
 * already in flight is not due), that a new or edited repository and a pushed one ({@link #trigger}) are due at
 * once, that a trigger arriving while a poll is in flight makes the repository due again as soon as that poll ends
 * (the push may not be in the fetch already under way), and that otherwise a repository is due one interval after
 * its last poll ended.
 *
 * <p>Not thread-safe: the caller serialises its calls. Time is passed in, never read.
 */
public final class PollSchedule {

    private final Duration interval;
    private final Map<String, Instant> next = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<String> triggered = new HashSet<>();

    /** @param interval time from the end of one poll of a repository to the next one */
    public PollSchedule(Duration interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    /** A repository added or edited: due at {@code now}. */
    public void due(String repo, Instant now) {
        next.put(repo, now);
    }

    /** A repository no longer owned: never due again (a poll in flight is the caller's to stop). */
    public void remove(String repo) {
        next.remove(repo);
        triggered.remove(repo);
    }

    /** Whether {@code repo} is scheduled (owned). */
    public boolean contains(String repo) {
        return next.containsKey(repo);
    }

    /**
     * A push was announced for {@code repo}: due at once, or right after the poll in flight. Returns false (and
     * changes nothing) for a repository not scheduled here.
     */
    public boolean trigger(String repo, Instant now) {
        if (!next.containsKey(repo)) {
            return false;
        }
        if (inFlight.contains(repo)) {
            triggered.add(repo);
        } else {
            next.put(repo, now);
        }
        return true;
    }

    /** The repositories due at {@code now} and not in flight, the longest-waiting first. */
    public List<String> dueAt(Instant now) {
        List<String> due = new ArrayList<>();
        next.forEach((repo, at) -> {
            if (!at.isAfter(now) && !inFlight.contains(repo)) {
                due.add(repo);
            }
        });
        due.sort(Comparator.comparing((String r) -> next.get(r)).thenComparing(r -> r));
        return due;
    }

    /** A poll of {@code repo} begins. */
    public void started(String repo) {
        if (!inFlight.add(repo)) {
            throw new IllegalStateException(repo + " is already being polled");
        }
    }

    /** The poll of {@code repo} ended at {@code now}: due again one interval later, or at once after a trigger. */
    public void finished(String repo, Instant now) {
        inFlight.remove(repo);
        if (next.containsKey(repo)) {
            next.put(repo, triggered.remove(repo) ? now : now.plus(interval));
        }
    }

    /** Whether a poll of {@code repo} is in flight. */
    public boolean inFlight(String repo) {
        return inFlight.contains(repo);
    }
}
