package io.revchain.git.layout;

import io.revchain.event.ChangeKind;
import java.util.Objects;

/**
 * One migration file's change in one commit, before it is parsed and published.
 *
 * @param change  how it changed
 * @param path    the path after the change (for {@link ChangeKind#DELETED}, the path that disappeared)
 * @param oldPath the path before a {@link ChangeKind#RENAMED rename}, else {@code null}
 * @param blob    the git blob id of the new content, {@code null} for {@link ChangeKind#DELETED}
 */
public record FileDelta(ChangeKind change, String path, String oldPath, String blob) {
    public FileDelta {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(path, "path");
        if ((change == ChangeKind.DELETED) != (blob == null)) {
            throw new IllegalArgumentException("a blob id is needed unless the file was deleted: " + path);
        }
        if ((change == ChangeKind.RENAMED) != (oldPath != null)) {
            throw new IllegalArgumentException("oldPath is set exactly for renames: " + path);
        }
    }

    public static FileDelta added(String path, String blob) {
        return new FileDelta(ChangeKind.ADDED, path, null, blob);
    }

    public static FileDelta modified(String path, String blob) {
        return new FileDelta(ChangeKind.MODIFIED, path, null, blob);
    }

    public static FileDelta deleted(String path) {
        return new FileDelta(ChangeKind.DELETED, path, null, null);
    }

    public static FileDelta renamed(String oldPath, String path, String blob) {
        return new FileDelta(ChangeKind.RENAMED, path, oldPath, blob);
    }
}
