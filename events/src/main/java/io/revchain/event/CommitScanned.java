package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The marker that closes one commit's batch of {@link FileChanged} events: the analyzer reports only here.
 *
 * @param schema      wire-format version ({@link EventSchema#CURRENT})
 * @param repo        repository id (the record key)
 * @param branch      the branch scanned
 * @param commit      the commit the repository's state now reflects
 * @param files       how many {@link FileChanged} events this commit produced before the marker
 * @param fullScan    {@code true} when the batch lists every migration file (a first or forced scan), so the
 *                    analyzer replaces its state instead of applying a delta
 * @param scannedAt   when the scan of this commit finished
 * @param publishedAt when the marker was published
 * @param target      for a candidate branch: the branch it would merge into; else {@code null}
 * @param mergeBase   for a candidate branch: the merge base of this commit and the target's head; else {@code null}
 * @param baseFiles   for a candidate branch: the merge base's migration files, path → blob id; else {@code null}
 * @param chains      the commit's migration chains as ingest resolved them, in the order {@code revchain check}
 *                    lists them (name, {@code file_template}, Alembic release), so the analyzer grades each chain
 *                    by its own rules and reports a chain that has no file yet; {@code null} in markers written
 *                    before chains existed (the analyzer then knows only the chains its files name)
 */
public record CommitScanned(
        int schema,
        String repo,
        String branch,
        String commit,
        int files,
        boolean fullScan,
        Instant scannedAt,
        Instant publishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mergeBase,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> baseFiles,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ChainSpec> chains)
        implements MigrationEvent {

    /** The {@code type} property's value for this variant. */
    public static final String TYPE = "commit-scanned";

    public CommitScanned {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(scannedAt, "scannedAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
        baseFiles = baseFiles == null ? null : Collections.unmodifiableMap(new TreeMap<>(baseFiles));
        if ((target == null) != (mergeBase == null) || (target == null) != (baseFiles == null)) {
            throw new IllegalArgumentException("a candidate's marker needs its target, merge base and base files");
        }
        if (files < 0) {
            throw new IllegalArgumentException("files must not be negative: " + files);
        }
        chains = chains == null ? null : List.copyOf(chains);
    }

    /** The same marker at the current schema version. */
    public CommitScanned(
            String repo,
            String branch,
            String commit,
            int files,
            boolean fullScan,
            Instant scannedAt,
            Instant publishedAt) {
        this(
                EventSchema.CURRENT,
                repo,
                branch,
                commit,
                files,
                fullScan,
                scannedAt,
                publishedAt,
                null,
                null,
                null,
                null);
    }

    /** The same marker for a candidate branch that would merge into {@code target}. */
    public CommitScanned asCandidate(String target, String mergeBase, Map<String, String> baseFiles) {
        return new CommitScanned(
                schema,
                repo,
                branch,
                commit,
                files,
                fullScan,
                scannedAt,
                publishedAt,
                target,
                mergeBase,
                baseFiles,
                chains);
    }

    /** The same marker naming the commit's chains. */
    public CommitScanned withChains(List<ChainSpec> chains) {
        return new CommitScanned(
                schema,
                repo,
                branch,
                commit,
                files,
                fullScan,
                scannedAt,
                publishedAt,
                target,
                mergeBase,
                baseFiles,
                chains);
    }

    /** Whether this marker is a candidate branch's. */
    public boolean isCandidate() {
        return target != null;
    }
}
