package io.revchain.core.event;

import io.revchain.core.model.MigrationScript;
import java.time.Instant;
import java.util.Objects;

/**
 * One migration file added, modified, deleted or renamed in a commit, with what the static parser read from it.
 *
 * @param schema      wire-format version ({@link EventSchema#CURRENT})
 * @param repo        repository id (the record key)
 * @param branch      the branch scanned
 * @param commit      the commit id (40 hex digits)
 * @param path        the file's path in the repository after the change ('/' separators)
 * @param change      how it changed
 * @param oldPath     the path before a {@link ChangeKind#RENAMED rename}, else {@code null}
 * @param blob        git blob id of the new content; {@code null} for {@link ChangeKind#DELETED}
 * @param script      the parsed file (parse problems are findings inside it); {@code null} only for
 *                    {@link ChangeKind#DELETED}
 * @param committedAt the commit's committer time
 * @param publishedAt when the ingest service published the event (start of the end-to-end latency)
 */
public record FileChanged(int schema, String repo, String branch, String commit, String path, ChangeKind change,
                          String oldPath, String blob, MigrationScript script, Instant committedAt,
                          Instant publishedAt) implements MigrationEvent {

    /** The {@code type} property's value for this variant. */
    public static final String TYPE = "file-changed";

    public FileChanged {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (change != ChangeKind.DELETED && script == null) {
            throw new IllegalArgumentException("a " + change + " file needs its parsed script: " + path);
        }
        if (change == ChangeKind.RENAMED && oldPath == null) {
            throw new IllegalArgumentException("a renamed file needs its oldPath: " + path);
        }
    }

    /** The same event at the current schema version. */
    public FileChanged(String repo, String branch, String commit, String path, ChangeKind change, String oldPath,
                       String blob, MigrationScript script, Instant committedAt, Instant publishedAt) {
        this(EventSchema.CURRENT, repo, branch, commit, path, change, oldPath, blob, script, committedAt,
                publishedAt);
    }
}
