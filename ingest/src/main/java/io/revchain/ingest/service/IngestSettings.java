package io.revchain.ingest.service;

import io.revchain.ingest.plan.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the ingest service behaves apart from what {@code revchain.yaml} says.
 *
 * @param remoteTimeout   the longest a clone or fetch may take before the repository counts as unavailable
 * @param backoff         when an unavailable repository is tried again
 * @param maxDeltaCommits above this many new commits on a branch, one full scan replaces the replay
 * @param cacheEntries    how many parsed scripts the cache keeps
 * @param env             where credentials variables are read ({@code System.getenv()} in production)
 * @param createTopics    create the revchain topics at start when they are missing
 * @param instanceId      this instance's stable name ({@code REVCHAIN_INSTANCE_ID}): its static membership of the
 *                        ingest group ({@code group.instance.id}), so a restart within the session timeout keeps its
 *                        repositories; {@code null} = a dynamic member, named after the host and the work
 *                        directory (its producers' ids, so one transactional id per host and work directory)
 * @param groupId         the consumer group every ingest instance of the organisation joins on
 *                        {@code revchain.repositories}
 * @param localInPlace    a repository on this machine (a path or {@code file:} URL) is read where it is instead of
 *                        cloned into the work directory ({@code GitMirror.Options#localInPlace})
 */
public record IngestSettings(
        Duration remoteTimeout,
        Backoff backoff,
        int maxDeltaCommits,
        long cacheEntries,
        Map<String, String> env,
        boolean createTopics,
        String instanceId,
        String groupId,
        boolean localInPlace) {

    /** The environment variable naming an instance ({@link #instanceId}). */
    public static final String INSTANCE_ID_ENV = "REVCHAIN_INSTANCE_ID";

    /** {@code false} in this variable clones local repositories instead of reading them in place. */
    public static final String LOCAL_IN_PLACE_ENV = "REVCHAIN_LOCAL_IN_PLACE";

    /** The ingest instances' consumer group. */
    public static final String DEFAULT_GROUP = "revchain-ingest";

    public IngestSettings {
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(groupId, "groupId");
        env = Map.copyOf(env);
        if (maxDeltaCommits < 1 || cacheEntries < 1) {
            throw new IllegalArgumentException("maxDeltaCommits and cacheEntries must be positive");
        }
        if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(INSTANCE_ID_ENV
                    + " must be 1 to 100 letters, digits, '.', '_' or '-' (it names a group member and a client)");
        }
    }

    /**
     * 60 s remote timeout, 5 s..10 min backoff, 1000 commits, 100,000 scripts, the process environment, the
     * instance named by {@code REVCHAIN_INSTANCE_ID} (a blank one is none), local repositories read in place unless
     * {@code REVCHAIN_LOCAL_IN_PLACE=false}.
     */
    public static IngestSettings defaults() {
        String id = System.getenv(INSTANCE_ID_ENV);
        return new IngestSettings(
                Duration.ofSeconds(60),
                Backoff.DEFAULT,
                1000,
                100_000,
                System.getenv(),
                true,
                id == null || id.isBlank() ? null : id.strip(),
                DEFAULT_GROUP,
                !"false"
                        .equalsIgnoreCase(String.valueOf(System.getenv(LOCAL_IN_PLACE_ENV))
                                .strip()));
    }

    public IngestSettings withRemoteTimeout(Duration t) {
        return new IngestSettings(
                t, backoff, maxDeltaCommits, cacheEntries, env, createTopics, instanceId, groupId, localInPlace);
    }

    public IngestSettings withBackoff(Backoff b) {
        return new IngestSettings(
                remoteTimeout, b, maxDeltaCommits, cacheEntries, env, createTopics, instanceId, groupId, localInPlace);
    }

    public IngestSettings withEnv(Map<String, String> e) {
        return new IngestSettings(
                remoteTimeout,
                backoff,
                maxDeltaCommits,
                cacheEntries,
                e,
                createTopics,
                instanceId,
                groupId,
                localInPlace);
    }

    public IngestSettings withMaxDeltaCommits(int n) {
        return new IngestSettings(
                remoteTimeout, backoff, n, cacheEntries, env, createTopics, instanceId, groupId, localInPlace);
    }

    /** The same settings for the instance {@code id} ({@code null} = a dynamic member). */
    public IngestSettings withInstanceId(String id) {
        return new IngestSettings(
                remoteTimeout, backoff, maxDeltaCommits, cacheEntries, env, createTopics, id, groupId, localInPlace);
    }

    /** The same settings in the consumer group {@code id}. */
    public IngestSettings withGroupId(String id) {
        return new IngestSettings(
                remoteTimeout, backoff, maxDeltaCommits, cacheEntries, env, createTopics, instanceId, id, localInPlace);
    }

    /** The same settings, reading local repositories in place ({@code true}) or cloning them. */
    public IngestSettings withLocalInPlace(boolean inPlace) {
        return new IngestSettings(
                remoteTimeout, backoff, maxDeltaCommits, cacheEntries, env, createTopics, instanceId, groupId, inPlace);
    }
}
