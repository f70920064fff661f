package io.revchain.event;

import java.util.Objects;

/**
 * The record key of the per-branch compacted topics ({@code revchain.health}, {@code revchain.fix-proposals},
 * {@code revchain.ingest-state}): {@code <repo>@<branch>}, for example {@code acgs2/core@main}.
 *
 * <p>The split is at the first {@code @}: a repository id may not contain one, a branch name may (git allows
 * {@code feature@x}). Both parts must be non-empty.
 *
 * @param repo   repository id
 * @param branch branch name
 */
public record BranchKey(String repo, String branch) {

    /** Separates the repository id from the branch name. */
    public static final char SEPARATOR = '@';

    public BranchKey {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        if (repo.isEmpty() || branch.isEmpty()) {
            throw new IllegalArgumentException(
                    "repository id and branch must not be empty: '" + repo + "', '" + branch + "'");
        }
        if (repo.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a repository id may not contain '" + SEPARATOR + "': " + repo);
        }
    }

    /** The key string for a repository and branch. */
    public static String of(String repo, String branch) {
        return new BranchKey(repo, branch).value();
    }

    /** Splits a key built by {@link #of}; a string without {@code @} or with an empty part is refused. */
    public static BranchKey parse(String key) {
        Objects.requireNonNull(key, "key");
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a repo@branch key: '" + key + "'");
        }
        return new BranchKey(key.substring(0, at), key.substring(at + 1));
    }

    /** {@code repo@branch}. */
    public String value() {
        return repo + SEPARATOR + branch;
    }

    @Override
    public String toString() {
        return value();
    }
}
