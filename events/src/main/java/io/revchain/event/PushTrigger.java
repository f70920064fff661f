package io.revchain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A forge announced a push to a watched repository (a verified webhook), on {@code revchain.ingest-triggers} keyed
 * by repository id: the instance that owns the repository fetches it at once instead of at its next poll.
 *
 * @param schema   wire-format version ({@link EventSchema#CURRENT})
 * @param repo     repository id (the record key)
 * @param branch   the branch pushed
 * @param commit   the commit the forge says the branch now points at (informative: the fetch decides)
 * @param forge    {@code github}, {@code gitlab} or {@code gitea}
 * @param delivery the forge's delivery id, or {@code null} when it sent none
 * @param at       when the webhook was received
 */
public record PushTrigger(
        int schema, String repo, String branch, String commit, String forge, String delivery, Instant at) {

    public PushTrigger {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(forge, "forge");
        Objects.requireNonNull(at, "at");
    }

    /** The same trigger at the current schema version. */
    public PushTrigger(String repo, String branch, String commit, String forge, String delivery, Instant at) {
        this(EventSchema.CURRENT, repo, branch, commit, forge, delivery, at);
    }
}
