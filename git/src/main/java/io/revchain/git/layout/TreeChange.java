package io.revchain.git.layout;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a git diff between two trees, as the scanner saw it (renames already detected), independent of
 * JGit.
 *
 * @param kind       git's change type
 * @param oldPath    path before ({@code null} for {@link Kind#ADD})
 * @param newPath    path after ({@code null} for {@link Kind#DELETE})
 * @param newBlob    blob id after ({@code null} for {@link Kind#DELETE})
 * @param oldRegular the old entry was a regular file (not a symlink or submodule)
 * @param newRegular the new entry is a regular file
 */
public record TreeChange(
        Kind kind, String oldPath, String newPath, String newBlob, boolean oldRegular, boolean newRegular) {

    /** Git's diff status. */
    public enum Kind {
        ADD,
        MODIFY,
        DELETE,
        RENAME,
        COPY
    }

    public TreeChange {
        Objects.requireNonNull(kind, "kind");
    }

    public static TreeChange add(String path, String blob) {
        return new TreeChange(Kind.ADD, null, path, blob, false, true);
    }

    public static TreeChange modify(String path, String blob) {
        return new TreeChange(Kind.MODIFY, path, path, blob, true, true);
    }

    public static TreeChange delete(String path) {
        return new TreeChange(Kind.DELETE, path, null, null, true, false);
    }

    public static TreeChange rename(String oldPath, String newPath, String blob) {
        return new TreeChange(Kind.RENAME, oldPath, newPath, blob, true, true);
    }

    /** Every path this entry touches. */
    public List<String> paths() {
        if (oldPath == null) {
            return List.of(newPath);
        }
        if (newPath == null || newPath.equals(oldPath)) {
            return List.of(oldPath);
        }
        return List.of(oldPath, newPath);
    }
}
