package io.revchain.event;

import java.util.Objects;

/**
 * One file of one branch starts or stops declaring a revision id: the analyzer's repository-partitioned half writes
 * it at a commit boundary to {@code revchain.org-claims}, keyed by the revision id, so that every claim of one id
 * reaches the one task that owns that id whichever analyzer instance read the repository.
 *
 * @param schema   wire-format version ({@link EventSchema#CURRENT})
 * @param revision the revision id (the record key)
 * @param repo     repository id
 * @param branch   branch
 * @param path     the file's path
 * @param blob     the file's blob id when it declares the id; the blob it had when it stops
 * @param present  {@code true}: the file declares the id now; {@code false}: it no longer does
 */
public record RevisionClaim(
        int schema, String revision, String repo, String branch, String path, String blob, boolean present) {

    public RevisionClaim {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
    }

    /** The same claim at the current schema version. */
    public RevisionClaim(String revision, String repo, String branch, String path, String blob, boolean present) {
        this(EventSchema.CURRENT, revision, repo, branch, path, blob, present);
    }
}
