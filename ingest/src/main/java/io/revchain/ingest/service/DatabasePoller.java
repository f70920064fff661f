package io.revchain.ingest.service;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.database.Credentials;
import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.VersionTable;
import io.revchain.deployments.VersionRead;
import io.revchain.event.DeploymentObserved;
import io.revchain.ingest.plan.CodeVersionTables;
import io.revchain.ingest.plan.DatabaseSchedule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the version table of every environment of the repositories this ingest instance owns, on the database
 * interval, and hands each read to a sink as a {@link DeploymentObserved} ({@code source=poll}). The timing is
 * {@link DatabaseSchedule}'s (one read at a time per database); the reads run on threads of their own, so a slow or
 * down database holds one of them for at most its timeouts and never a git poll. Whatever a read gives, the
 * observation says it: a URL that does not parse, a credentials variable not set, a database down or denying
 * access is that environment's {@code problem}, never an exception, and never with the password.
 */
public final class DatabasePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabasePoller.class);

    /** Databases read at once by one instance (different databases: the schedule never gives one twice). */
    static final int READ_THREADS = 2;

    /** Reads one version table (the deployments module's {@code VersionTableReader::read}). */
    @FunctionalInterface
    public interface Reader {
        VersionRead read(DatabaseUrl url, Credentials credentials, VersionTable table);
    }

    /** What an environment that states its table and schema needs of its repository's code: nothing. */
    private static final CodeVersionTables NO_CODE = new CodeVersionTables("", Map.of());

    private final Supplier<Collection<RepositorySpec>> owned;
    private final Function<String, Optional<CodeVersionTables>> code;
    private final DatabaseSchedule schedule;
    private final Reader reader;
    private final Function<String, String> env;
    private final Path base;
    private final Consumer<DeploymentObserved> sink;
    private final Clock clock;
    private final Duration tick;
    private final Object lock = new Object();
    private ExecutorService reads;
    private ScheduledExecutorService ticker;
    private volatile boolean closed;
    /** Per {@code repo@environment}, the problem of its last read ({@code ""} when read): a log line per change. */
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    /**
     * @param owned    the repositories owned now (read at every tick)
     * @param code     per repository, what its code says of its version tables ({@link CodeVersionTables}); empty
     *                 until its code was read, and until then its environments that do not state both their table
     *                 and its schema are not read (a read at a guessed table would report a database wrongly)
     * @param interval time from the end of one read of a database to the next
     * @param reader   what reads a version table
     * @param env      where a credentials variable is looked up
     * @param base     what a relative SQLite path is relative to
     * @param sink     where each observation goes (the producer); called on a read thread
     * @param clock    the observations' time
     */
    public DatabasePoller(
            Supplier<Collection<RepositorySpec>> owned,
            Function<String, Optional<CodeVersionTables>> code,
            Duration interval,
            Reader reader,
            Function<String, String> env,
            Path base,
            Consumer<DeploymentObserved> sink,
            Clock clock) {
        this.owned = Objects.requireNonNull(owned, "owned");
        this.code = Objects.requireNonNull(code, "code");
        this.schedule = new DatabaseSchedule(interval);
        this.reader = Objects.requireNonNull(reader, "reader");
        this.env = Objects.requireNonNull(env, "env");
        this.base = Objects.requireNonNull(base, "base");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        // often enough that a database is read close to its due time, never more often than needed
        this.tick = interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1);
    }

    /** Starts reading on the schedule, until {@link #close()}. */
    public void start() {
        synchronized (lock) {
            if (ticker != null || closed) {
                return;
            }
            reads = Executors.newFixedThreadPool(READ_THREADS, r -> {
                Thread t = new Thread(r, "revchain-ingest-db-read");
                t.setDaemon(true);
                return t;
            });
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "revchain-ingest-db-poll");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::dispatch, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void dispatch() {
        try {
            List<DatabaseSchedule.Target> due;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                schedule.owned(owned.get(), clock.instant());
                // one whose repository's code is not read yet stays due, and is read at the first tick after it is
                due = schedule.dueAt(clock.instant(), t -> ready(t.repo(), t.environment()));
                due.forEach(schedule::started);
            }
            for (DatabaseSchedule.Target t : due) {
                try {
                    reads.execute(() -> {
                        try {
                            sink.accept(observe(t.repo(), t.environment()));
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "{}: environment {}: not published: {}",
                                    t.repo(),
                                    t.environment().name(),
                                    e.toString());
                        } finally {
                            synchronized (lock) {
                                schedule.finished(t, clock.instant());
                            }
                        }
                    });
                } catch (RejectedExecutionException e) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the next tick tries again: one bad tick never stops the databases' polling
            LOG.warn("database poll: {}", e.toString());
        }
    }

    /**
     * Reads every environment of {@code repositories} once, one after the other, and returns the observations
     * (also given to the sink). What {@code pollOnce} and the demo use.
     */
    public List<DeploymentObserved> readAll(Collection<RepositorySpec> repositories) {
        List<DeploymentObserved> out = new ArrayList<>();
        for (RepositorySpec r : repositories) {
            for (EnvironmentSpec e : r.environments()) {
                if (!ready(r.id(), e)) {
                    LOG.info("{}: environment {}: not read: the repository's code was not read", r.id(), e.name());
                    continue;
                }
                DeploymentObserved o = observe(r.id(), e);
                sink.accept(o);
                out.add(o);
            }
        }
        return out;
    }

    /** Whether {@code e}'s table is known: it states it, or its repository's code was read. */
    private boolean ready(String repo, EnvironmentSpec e) {
        return CodeVersionTables.stated(e) || code.apply(repo).isPresent();
    }

    /** One read of {@code e}'s version table, as an observation; never throws for the database's sake. */
    DeploymentObserved observe(String repo, EnvironmentSpec e) {
        String chain = e.chain();
        DatabaseUrl url;
        VersionTable table;
        Credentials credentials = null;
        try {
            url = DatabaseUrl.parse(e.url(), base);
            table = code.apply(repo).orElse(NO_CODE).tableFor(e);
            if (e.credentials() != null) {
                credentials = Credentials.fromEnvironment(e.credentials(), env);
            }
        } catch (IllegalArgumentException problem) {
            // the messages of these never quote a password or a variable's value
            return log(DeploymentObserved.failed(
                    repo,
                    e.name(),
                    chain,
                    VersionRead.Problem.CONFIGURATION.wireName(),
                    problem.getMessage(),
                    clock.instant()));
        }
        VersionRead read;
        try {
            read = reader.read(url, credentials, table);
        } catch (RuntimeException unexpected) {
            String m = unexpected.toString();
            read = VersionRead.failed(VersionRead.Problem.ERROR, credentials == null ? m : credentials.scrub(m));
        }
        if (read.ok()) {
            return log(DeploymentObserved.read(
                    repo, e.name(), chain, read.rows(), DeploymentObserved.POLL, clock.instant()));
        }
        String message = credentials == null ? read.message() : credentials.scrub(read.message());
        return log(
                DeploymentObserved.failed(repo, e.name(), chain, read.problem().wireName(), message, clock.instant()));
    }

    private DeploymentObserved log(DeploymentObserved o) {
        String problem = o.readable() ? "" : o.problem();
        // a database down for a day is one line when it goes down and one when it is back, not one per read
        boolean changed = !problem.equals(lastProblem.put(o.key(), problem));
        if (o.readable()) {
            if (changed) {
                LOG.info("{}: environment {}: read, applied {}", o.repo(), o.environment(), o.applied());
            } else {
                LOG.debug("{}: environment {}: applied {}", o.repo(), o.environment(), o.applied());
            }
        } else if (changed) {
            LOG.info("{}: environment {}: {}: {}", o.repo(), o.environment(), o.problem(), o.message());
        } else {
            LOG.debug("{}: environment {}: {}: {}", o.repo(), o.environment(), o.problem(), o.message());
        }
        return o;
    }

    /** Stops the schedule; a read in flight ends within its timeouts, unwaited. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (ticker != null) {
                ticker.shutdownNow();
                reads.shutdownNow();
            }
        }
    }
}
