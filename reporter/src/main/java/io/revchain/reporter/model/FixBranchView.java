package io.revchain.reporter.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One fix proposal of a branch and where it stands.
 *
 * @param state      proposed, merged, stale or replaced
 * @param fixBranch  the branch the fix was pushed to, or {@code null} when it was not pushed
 * @param commit     the commit the plan was made against
 * @param strategy   the repairer's strategy ({@code merge}, {@code linearize}, {@code rebase})
 * @param verified   the plan was verified by re-analysis
 * @param proposedAt when the reporter first read the proposal ({@code null} when unknown)
 * @param changedAt  when it reached its state ({@code null} when unknown)
 * @param detail     why it is in that state, for an operator (e.g. "healthy at 1a2b3c4d5e6f")
 */
public record FixBranchView(
        FixState state,
        String fixBranch,
        String commit,
        String strategy,
        boolean verified,
        Instant proposedAt,
        Instant changedAt,
        String detail) {

    public FixBranchView {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(detail, "detail");
    }
}
