package io.revchain.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * What one environment's database had applied when it was last looked at, on the compacted
 * {@code revchain.deployments} topic: the rows of its Alembic version table, or why they could not be read. Ingest's
 * poller publishes one per database poll ({@link #POLL}); {@code revchain deployed} publishes one from a CD
 * pipeline ({@link #PUSH}).
 *
 * <p>The record key is {@link #key() repo@environment}, so compaction keeps each environment's last observation;
 * the record is written to the partition of its <em>repository</em> ({@link #partition(String, int)}), the one
 * Kafka's default partitioner gives the repository id: one repository's observations stay in order and are read by
 * the analyzer task that reads its migration events. Never carries a URL, a user or a password; {@code message} is
 * the reader's one line with the password already removed.
 *
 * @param schema      wire-format version ({@link EventSchema#CURRENT})
 * @param repo        repository id
 * @param environment environment name ({@code prod}): letters, digits, {@code . _ -}
 * @param chain       the chain the database runs, {@code null} = the repository's only (default) chain
 * @param applied     the version table's {@code version_num} rows (the applied heads), in the order read; empty when
 *                    {@code problem} is set, or when the table is empty
 * @param problem     why the table could not be read (the reader's wire name: {@code unreachable}, {@code timeout},
 *                    {@code no-version-table}, {@code access-denied}, {@code configuration}, {@code error}), or
 *                    {@code null} when it was read
 * @param message     one line saying what went wrong (no password), {@code null} when read
 * @param source      {@link #POLL} or {@link #PUSH}
 * @param observedAt  when the table was read, or when the pipeline reported the deployment
 */
public record DeploymentObserved(
        int schema,
        String repo,
        String environment,
        String chain,
        List<String> applied,
        String problem,
        String message,
        String source,
        Instant observedAt) {

    /** {@link #source()} of an observation by ingest's poller. */
    public static final String POLL = "poll";

    /** {@link #source()} of a deployment reported by {@code revchain deployed}. */
    public static final String PUSH = "push";

    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeploymentObserved {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        if (repo.isEmpty() || repo.indexOf(BranchKey.SEPARATOR) >= 0) {
            throw new IllegalArgumentException("not a repository id: '" + repo + "'");
        }
        if (!validEnvironment(environment)) {
            throw new IllegalArgumentException(
                    "not an environment name (letters, digits, . _ -): '" + environment + "'");
        }
        if (!POLL.equals(source) && !PUSH.equals(source)) {
            throw new IllegalArgumentException("source is poll or push: '" + source + "'");
        }
        if ((problem == null) != (message == null)) {
            throw new IllegalArgumentException("a problem comes with its message");
        }
        applied = applied == null ? List.of() : List.copyOf(applied);
        if (problem != null && !applied.isEmpty()) {
            throw new IllegalArgumentException("an observation with a problem has no rows");
        }
    }

    /** An observation at the current schema version. */
    public DeploymentObserved(
            String repo,
            String environment,
            String chain,
            List<String> applied,
            String problem,
            String message,
            String source,
            Instant observedAt) {
        this(EventSchema.CURRENT, repo, environment, chain, applied, problem, message, source, observedAt);
    }

    /** The version table was read: its rows. */
    public static DeploymentObserved read(
            String repo, String environment, String chain, List<String> applied, String source, Instant at) {
        return new DeploymentObserved(repo, environment, chain, applied, null, null, source, at);
    }

    /** The version table could not be read: why ({@code problem}'s wire name) and the scrubbed message. */
    public static DeploymentObserved failed(
            String repo, String environment, String chain, String problem, String message, Instant at) {
        return new DeploymentObserved(
                repo,
                environment,
                chain,
                List.of(),
                Objects.requireNonNull(problem, "problem"),
                Objects.requireNonNull(message, "message"),
                POLL,
                at);
    }

    /** Whether {@code name} is a valid environment name. */
    public static boolean validEnvironment(String name) {
        return name != null && ENVIRONMENT.matcher(name).matches();
    }

    /** Whether the version table was read ({@link #applied()} is what the database has applied). */
    public boolean readable() {
        return problem == null;
    }

    /** The record key: {@code repo@environment}, so that compaction keeps one observation per environment. */
    public String key() {
        return repo + BranchKey.SEPARATOR + environment;
    }

    /** The partition this observation is written to: its repository's ({@link #partition(String, int)}). */
    public int partition(int partitions) {
        return partition(repo, partitions);
    }

    /**
     * The partition Kafka's default partitioner gives the key {@code repo} among {@code partitions}: where the
     * repository's migration events are, so the analyzer task that owns the repository reads its deployments too.
     */
    public static int partition(String repo, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(repo.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
