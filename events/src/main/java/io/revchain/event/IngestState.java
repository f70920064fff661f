package io.revchain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The last commit the ingest service fully published for a branch, on the compacted
 * {@code revchain.ingest-state} topic under the key {@link BranchKey#of(String, String) repo@branch}: after a
 * restart, ingest resumes with an incremental scan from here.
 *
 * @param schema wire-format version ({@link EventSchema#CURRENT})
 * @param repo   repository id
 * @param branch branch
 * @param commit the last commit whose {@link CommitScanned} marker was acknowledged
 * @param at     when it was acknowledged
 */
public record IngestState(int schema, String repo, String branch, String commit, Instant at) {

    public IngestState {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(at, "at");
    }

    /** The same state at the current schema version. */
    public IngestState(String repo, String branch, String commit, Instant at) {
        this(EventSchema.CURRENT, repo, branch, commit, at);
    }

    /** The record key: {@code repo@branch}. */
    public String key() {
        return BranchKey.of(repo, branch);
    }
}
