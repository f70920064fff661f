package io.revchain.ingest.plan;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When each environment's database is read next, for the repositories an instance owns. It decides that the
 * databases polled are exactly the environments of the repositories owned (whoever polls a repository polls its
 * databases), that a new or edited environment is due at once and one no longer owned never again, that an
 * environment is due one interval after its last read ended, and that one database is never read twice at once:
 * neither the same environment, nor two environments naming the same database URL.
 *
 * <p>Not thread-safe: the caller serialises its calls. Time is passed in, never read.
 */
public final class DatabaseSchedule {

    /**
     * One environment of one repository.
     *
     * @param repo        repository id
     * @param environment its settings
     */
    public record Target(String repo, EnvironmentSpec environment) {
        public Target {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(environment, "environment");
        }

        /** {@code repo@environment}: the schedule's key and the record key of its observations. */
        public String key() {
            return repo + "@" + environment.name();
        }

        /** What makes two environments one database: the URL as configured. */
        public String database() {
            return environment.url();
        }
    }

    private final PollSchedule timing;
    private final Map<String, Target> targets = new HashMap<>();
    private final Set<String> busy = new HashSet<>();

    /** @param interval time from the end of one read of a database to the next one */
    public DatabaseSchedule(Duration interval) {
        this.timing = new PollSchedule(interval);
    }

    /**
     * The repositories owned now: their environments are scheduled, new or changed ones due at {@code now}, those of
     * repositories no longer owned (or environments no longer listed) removed.
     */
    public void owned(Collection<RepositorySpec> repositories, Instant now) {
        Map<String, Target> wanted = new HashMap<>();
        for (RepositorySpec r : repositories) {
            for (EnvironmentSpec e : r.environments()) {
                Target t = new Target(r.id(), e);
                wanted.put(t.key(), t);
            }
        }
        for (String key : List.copyOf(targets.keySet())) {
            if (!wanted.containsKey(key)) {
                targets.remove(key);
                timing.remove(key);
            }
        }
        wanted.forEach((key, t) -> {
            if (!t.equals(targets.put(key, t))) {
                timing.due(key, now);
            }
        });
    }

    /**
     * The environments to read at {@code now}, the longest-waiting first: due, not being read, and with their
     * database not being read for another environment (nor for an earlier one of this list).
     */
    public List<Target> dueAt(Instant now) {
        return dueAt(now, t -> true);
    }

    /**
     * {@link #dueAt(Instant)} among the environments {@code ready} accepts: one it refuses stays due and does not
     * hold its database from another environment.
     */
    public List<Target> dueAt(Instant now, Predicate<Target> ready) {
        List<Target> due = new ArrayList<>();
        Set<String> taken = new HashSet<>(busy);
        for (String key : timing.dueAt(now)) {
            Target t = targets.get(key);
            if (t != null && ready.test(t) && taken.add(t.database())) {
                due.add(t);
            }
        }
        return due;
    }

    /** A read of {@code t} begins: neither it nor its database is due until it {@link #finished finishes}. */
    public void started(Target t) {
        timing.started(t.key());
        busy.add(t.database());
    }

    /** The read of {@code t} ended at {@code now}: due again one interval later. */
    public void finished(Target t, Instant now) {
        busy.remove(t.database());
        timing.finished(t.key(), now);
    }

    /** Every environment scheduled. */
    public List<Target> targets() {
        return List.copyOf(targets.values());
    }
}
