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
 */
public record IngestSettings(
        Duration remoteTimeout,
        Backoff backoff,
        int maxDeltaCommits,
        long cacheEntries,
        Map<String, String> env,
        boolean createTopics) {

    public IngestSettings {
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        Objects.requireNonNull(backoff, "backoff");
        env = Map.copyOf(env);
        if (maxDeltaCommits < 1 || cacheEntries < 1) {
            throw new IllegalArgumentException("maxDeltaCommits and cacheEntries must be positive");
        }
    }

    /** 60 s remote timeout, 5 s..10 min backoff, 1000 commits, 100,000 scripts, the process environment. */
    public static IngestSettings defaults() {
        return new IngestSettings(Duration.ofSeconds(60), Backoff.DEFAULT, 1000, 100_000, System.getenv(), true);
    }

    public IngestSettings withRemoteTimeout(Duration t) {
        return new IngestSettings(t, backoff, maxDeltaCommits, cacheEntries, env, createTopics);
    }

    public IngestSettings withBackoff(Backoff b) {
        return new IngestSettings(remoteTimeout, b, maxDeltaCommits, cacheEntries, env, createTopics);
    }

    public IngestSettings withEnv(Map<String, String> e) {
        return new IngestSettings(remoteTimeout, backoff, maxDeltaCommits, cacheEntries, e, createTopics);
    }

    public IngestSettings withMaxDeltaCommits(int n) {
        return new IngestSettings(remoteTimeout, backoff, n, cacheEntries, env, createTopics);
    }
}
