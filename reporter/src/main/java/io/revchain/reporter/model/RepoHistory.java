package io.revchain.reporter.model;

import io.revchain.event.HealthStatus;
import java.util.List;
import java.util.Objects;

/**
 * A branch's status history and its fix proposals, newest first, as far as {@link StatusHistory} keeps them.
 *
 * @param key         {@code repo@branch}
 * @param repo        repository id
 * @param branch      branch
 * @param status      its latest status ({@code null} when only proposals were seen)
 * @param commit      the commit of its latest report
 * @param transitions its status changes, newest first (at most {@link StatusHistory#MAX_TRANSITIONS})
 * @param fixes       its fix proposals, the live or latest one first (at most {@link StatusHistory#MAX_FIXES})
 * @param truncated   older transitions were dropped to bound memory
 */
public record RepoHistory(
        String key,
        String repo,
        String branch,
        HealthStatus status,
        String commit,
        List<StatusTransition> transitions,
        List<FixBranchView> fixes,
        boolean truncated) {

    public RepoHistory {
        Objects.requireNonNull(key, "key");
        transitions = List.copyOf(transitions);
        fixes = List.copyOf(fixes);
    }
}
