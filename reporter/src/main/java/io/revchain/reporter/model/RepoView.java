package io.revchain.reporter.model;

import io.revchain.core.model.Finding;
import io.revchain.event.ChainHealth;
import io.revchain.event.EnvironmentHealth;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One row of the organisation picture: the latest health report of one branch of one repository, joined with its
 * open fix proposal.
 *
 * @param key              {@code repo@branch}, the record key both topics use
 * @param repo             repository id
 * @param branch           branch name
 * @param status           the analyzer's verdict
 * @param commit           the commit analysed ({@code null} for a repository that was never readable)
 * @param revisions        revisions in the chain
 * @param heads            head revision ids
 * @param bases            base revision ids
 * @param findings         every finding of the report
 * @param findingsByCheck  how many findings per check name (sorted by name)
 * @param missingHashFiles how many distinct files lack the constitutional hash
 * @param proposal         the open fix proposal for this branch, or {@code null}
 * @param analyzedAt       when the analyzer produced the report
 * @param chains           each chain's name, heads, bases, status and finding counts when the branch has more than
 *                         one chain (several ini sections, several {@code alembic.ini}, a dialect sub-folder), as
 *                         {@code revchain check} lists them; {@code null} for one chain, whose heads are the row's
 * @param fix              where the branch's live or latest fix proposal stands (proposed, merged, stale, replaced),
 *                         or {@code null} when it never had one
 * @param environments     each environment's state against this branch (the report's), or {@code null} when the
 *                         repository reports none
 */
public record RepoView(
        String key,
        String repo,
        String branch,
        HealthStatus status,
        String commit,
        int revisions,
        List<String> heads,
        List<String> bases,
        List<Finding> findings,
        Map<String, Long> findingsByCheck,
        int missingHashFiles,
        FixProposal proposal,
        Instant analyzedAt,
        List<ChainHealth> chains,
        FixBranchView fix,
        List<EnvironmentHealth> environments) {

    public RepoView {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(status, "status");
        heads = List.copyOf(heads);
        bases = List.copyOf(bases);
        findings = List.copyOf(findings);
        findingsByCheck = Collections.unmodifiableMap(new TreeMap<>(findingsByCheck));
        chains = chains == null || chains.size() < 2 ? null : List.copyOf(chains);
        environments = environments == null || environments.isEmpty() ? null : List.copyOf(environments);
    }

    /** A row without environments. */
    public RepoView(
            String key,
            String repo,
            String branch,
            HealthStatus status,
            String commit,
            int revisions,
            List<String> heads,
            List<String> bases,
            List<Finding> findings,
            Map<String, Long> findingsByCheck,
            int missingHashFiles,
            FixProposal proposal,
            Instant analyzedAt,
            List<ChainHealth> chains,
            FixBranchView fix) {
        this(
                key,
                repo,
                branch,
                status,
                commit,
                revisions,
                heads,
                bases,
                findings,
                findingsByCheck,
                missingHashFiles,
                proposal,
                analyzedAt,
                chains,
                fix,
                null);
    }

    /** Revisions that carry the constitutional hash: revisions less files lacking it, never below zero. */
    public int carryingHash() {
        return Math.max(0, revisions - missingHashFiles);
    }
}
