package io.revchain.reporter.model;

import io.revchain.core.model.Finding;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One open collision: a candidate branch whose merge into its target would break the chain (its merge-preview
 * report has findings), joined with the repairer's proposal for the candidate, if any.
 *
 * @param key             {@code repo@candidate}, the record key both topics use
 * @param repo            repository id
 * @param candidate       the candidate branch
 * @param target          the branch it would merge into
 * @param candidateCommit the candidate's commit previewed
 * @param targetCommit    the target's commit it was merged with
 * @param status          the preview's verdict
 * @param revisions       the colliding revisions the findings name (the candidate's and the target's), in order
 * @param findings        the findings the merge would bring
 * @param proposal        the repairer's proposal for the candidate (a rebase, or a merge revision), or {@code null}
 * @param analyzedAt      when the analyzer produced the preview
 */
public record CollisionView(
        String key,
        String repo,
        String candidate,
        String target,
        String candidateCommit,
        String targetCommit,
        HealthStatus status,
        List<String> revisions,
        List<Finding> findings,
        FixProposal proposal,
        Instant analyzedAt) {

    public CollisionView {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        revisions = List.copyOf(revisions);
        findings = List.copyOf(findings);
    }

    /** The branch the proposed fix was pushed to ({@code revchain/rebase-...}), or {@code null}. */
    public String fixBranch() {
        return proposal == null ? null : proposal.fixBranch();
    }
}
