package io.revchain.core.event;

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
 * @param revisions   how many revisions the chain holds
 * @param heads       head revision ids, as {@code alembic heads} orders them
 * @param bases       base revision ids
 * @param findings    every finding, graded by the repository's policy
 * @param status      the verdict
 * @param scannedAt   when ingest scanned the commit ({@code null} when unknown)
 * @param publishedAt when ingest published the commit's marker ({@code null} when unknown): with
 *                    {@code analyzedAt} it gives the end-to-end latency
 * @param analyzedAt  when the analyzer produced this report
 */
public record HealthReport(int schema, String repo, String branch, String commit, int revisions, List<String> heads,
                           List<String> bases, List<Finding> findings, HealthStatus status, Instant scannedAt,
                           Instant publishedAt, Instant analyzedAt) {

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
    }

    /** The same report at the current schema version. */
    public HealthReport(String repo, String branch, String commit, int revisions, List<String> heads,
                        List<String> bases, List<Finding> findings, HealthStatus status, Instant scannedAt,
                        Instant publishedAt, Instant analyzedAt) {
        this(EventSchema.CURRENT, repo, branch, commit, revisions, heads, bases, findings, status, scannedAt,
                publishedAt, analyzedAt);
    }

    /** The record key: {@code repo@branch}. */
    public String key() {
        return BranchKey.of(repo, branch);
    }
}
