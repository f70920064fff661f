package io.revchain.core.event;

import java.time.Instant;
import java.util.Objects;

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
 */
public record CommitScanned(int schema, String repo, String branch, String commit, int files, boolean fullScan,
                            Instant scannedAt, Instant publishedAt) implements MigrationEvent {

    /** The {@code type} property's value for this variant. */
    public static final String TYPE = "commit-scanned";

    public CommitScanned {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(scannedAt, "scannedAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (files < 0) {
            throw new IllegalArgumentException("files must not be negative: " + files);
        }
    }

    /** The same marker at the current schema version. */
    public CommitScanned(String repo, String branch, String commit, int files, boolean fullScan, Instant scannedAt,
                         Instant publishedAt) {
        this(EventSchema.CURRENT, repo, branch, commit, files, fullScan, scannedAt, publishedAt);
    }
}
