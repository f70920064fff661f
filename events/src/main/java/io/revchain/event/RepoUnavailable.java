package io.revchain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The ingest service could not read a repository (clone or fetch failed); the analyzer marks it unavailable
 * instead of reporting stale health.
 *
 * @param schema  wire-format version ({@link EventSchema#CURRENT})
 * @param repo    repository id (the record key)
 * @param url     the remote that failed (credentials never included)
 * @param reason  what went wrong, for a human
 * @param attempt 1 for the first failure, counting up while it keeps failing
 * @param at      when the attempt failed
 */
public record RepoUnavailable(int schema, String repo, String url, String reason, int attempt, Instant at)
        implements MigrationEvent {

    /** The {@code type} property's value for this variant. */
    public static final String TYPE = "repo-unavailable";

    public RepoUnavailable {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1: " + attempt);
        }
    }

    /** The same event at the current schema version. */
    public RepoUnavailable(String repo, String url, String reason, int attempt, Instant at) {
        this(EventSchema.CURRENT, repo, url, reason, attempt, at);
    }
}
