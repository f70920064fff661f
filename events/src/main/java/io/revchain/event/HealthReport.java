package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.model.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The analyzer's verdict on one branch of one repository at a commit, on the compacted {@code revchain.health}
 * topic under the key {@link BranchKey#of(String, String) repo@branch} (the latest report per branch survives).
 *
 * @param schema      wire-format version ({@link EventSchema#CURRENT})
 * @param repo        repository id
 * @param branch      branch analysed
 * @param commit      the commit analysed; {@code null} only when {@code status} is
 *                    {@link HealthStatus#UNAVAILABLE} and no commit was ever read
 * @param revisions   how many revisions the branch holds: the sum over its chains
 * @param heads       head revision ids, as {@code alembic heads} orders them; with several chains, each chain's
 *                    heads one chain after the other (so two chains with one head each give two heads here, which is
 *                    not {@code multiple-heads}: see {@code chains})
 * @param bases       base revision ids, chain after chain like {@code heads}
 * @param findings    every finding, graded by the policy of the chain it belongs to, chain after chain; each
 *                    finding's message is the chain's own
 * @param status      the verdict
 * @param scannedAt   when ingest scanned the commit ({@code null} when unknown)
 * @param publishedAt when ingest published the commit's marker ({@code null} when unknown): with
 *                    {@code analyzedAt} it gives the end-to-end latency
 * @param analyzedAt  when the analyzer produced this report
 * @param candidate       for a merge preview: the candidate branch (then {@code branch}); else {@code null}
 * @param target          for a merge preview: the branch it would merge into; else {@code null}
 * @param candidateCommit for a merge preview: the candidate's commit analysed; else {@code null}
 * @param targetCommit    for a merge preview: the target's commit it was merged with; else {@code null}
 * @param chains          each chain's own revisions, heads, bases, status and finding counts, in the order
 *                        {@code revchain check} lists them, when the branch has more than the one plain
 *                        {@code alembic} chain; {@code null} otherwise (and in reports written before chains
 *                        existed), when the top-level fields are that one chain's
 * @param environments    where each environment's database stands against this branch's chain (the last
 *                        observation on {@code revchain.deployments}, classified), by name; {@code null} when the
 *                        repository reports no environment (and in reports written before environments existed)
 *
 * <p>A merge preview (a candidate branch, see {@code revchain.yaml}'s {@code candidates}) reports the chain the
 * merge would give: its revisions, heads and bases, and only the findings the merge brings.
 *
 * <p>Build one with the current-schema constructor, then {@link #asMergePreview} or {@link #withChains}; an
 * unreached repository's with {@link #unreachable}.
 */
public record HealthReport(
        int schema,
        String repo,
        String branch,
        String commit,
        int revisions,
        List<String> heads,
        List<String> bases,
        List<Finding> findings,
        HealthStatus status,
        Instant scannedAt,
        Instant publishedAt,
        Instant analyzedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String candidate,
        @JsonInclude(JsonInclude.Include.NON_NULL) String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String candidateCommit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String targetCommit,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ChainHealth> chains,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<EnvironmentHealth> environments) {

    public HealthReport {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(analyzedAt, "analyzedAt");
        if (commit == null && status != HealthStatus.UNAVAILABLE) {
            throw new IllegalArgumentException("a " + status.label() + " report needs the commit it analysed");
        }
        heads = heads == null ? List.of() : List.copyOf(heads);
        bases = bases == null ? List.of() : List.copyOf(bases);
        findings = findings == null ? List.of() : List.copyOf(findings);
        chains = chains == null ? null : List.copyOf(chains);
        environments = environments == null || environments.isEmpty() ? null : List.copyOf(environments);
    }

    /** A report without environments. */
    public HealthReport(
            int schema,
            String repo,
            String branch,
            String commit,
            int revisions,
            List<String> heads,
            List<String> bases,
            List<Finding> findings,
            HealthStatus status,
            Instant scannedAt,
            Instant publishedAt,
            Instant analyzedAt,
            String candidate,
            String target,
            String candidateCommit,
            String targetCommit,
            List<ChainHealth> chains) {
        this(
                schema,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                status,
                scannedAt,
                publishedAt,
                analyzedAt,
                candidate,
                target,
                candidateCommit,
                targetCommit,
                chains,
                null);
    }

    /** The same report at the current schema version. */
    public HealthReport(
            String repo,
            String branch,
            String commit,
            int revisions,
            List<String> heads,
            List<String> bases,
            List<Finding> findings,
            HealthStatus status,
            Instant scannedAt,
            Instant publishedAt,
            Instant analyzedAt) {
        this(
                EventSchema.CURRENT,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                status,
                scannedAt,
                publishedAt,
                analyzedAt,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The report of a repository that was never reached on {@code branch}: {@link HealthStatus#UNAVAILABLE}, no
     * commit, nothing counted, at the current schema version.
     */
    public static HealthReport unreachable(String repo, String branch, Instant analyzedAt) {
        return new HealthReport(
                repo,
                branch,
                null,
                0,
                List.of(),
                List.of(),
                List.of(),
                HealthStatus.UNAVAILABLE,
                null,
                null,
                analyzedAt);
    }

    /** This report as the merge preview of {@code branch} into {@code target}. */
    public HealthReport asMergePreview(String target, String candidateCommit, String targetCommit) {
        return new HealthReport(
                schema,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                status,
                scannedAt,
                publishedAt,
                analyzedAt,
                branch,
                target,
                candidateCommit,
                targetCommit,
                chains,
                environments);
    }

    /** This report with its per-chain parts ({@code null}: none). */
    public HealthReport withChains(List<ChainHealth> chains) {
        return new HealthReport(
                schema,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                status,
                scannedAt,
                publishedAt,
                analyzedAt,
                candidate,
                target,
                candidateCommit,
                targetCommit,
                chains,
                environments);
    }

    /** This report with each environment's state ({@code null} or empty: none), analysed at {@code at}. */
    public HealthReport withEnvironments(List<EnvironmentHealth> environments, Instant at) {
        return new HealthReport(
                schema,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                status,
                scannedAt,
                publishedAt,
                at,
                candidate,
                target,
                candidateCommit,
                targetCommit,
                chains,
                environments);
    }

    /** This report with the repository unreachable: the same content, every status {@link HealthStatus#UNAVAILABLE}. */
    public HealthReport unavailable(Instant at) {
        return new HealthReport(
                schema,
                repo,
                branch,
                commit,
                revisions,
                heads,
                bases,
                findings,
                HealthStatus.UNAVAILABLE,
                scannedAt,
                publishedAt,
                at,
                candidate,
                target,
                candidateCommit,
                targetCommit,
                chains == null
                        ? null
                        : chains.stream().map(ChainHealth::unavailable).toList(),
                environments);
    }

    /** Whether this is a merge preview of a candidate branch. */
    public boolean isMergePreview() {
        return target != null;
    }

    /** The record key: {@code repo@branch}. */
    public String key() {
        return BranchKey.of(repo, branch);
    }
}
