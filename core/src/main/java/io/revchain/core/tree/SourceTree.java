package io.revchain.core.tree;

import java.util.List;
import java.util.Optional;

/**
 * A repository's files as revchain's static resolution reads them, whether they are on disk (a checkout) or in a
 * git commit's tree. Paths are relative to the repository root, with '/' separators; {@code ""} is the root.
 *
 * <p>Implementations never lead outside the repository: a symbolic link whose target leaves it is
 * {@link Kind#OTHER}, never followed. Nothing here executes or imports a file.
 */
public interface SourceTree {

    /** What a path is. */
    enum Kind {
        /** A regular file (or a link to one inside the repository). */
        FILE,
        /** A folder (or a link to one inside the repository). */
        FOLDER,
        /** Nothing is there. */
        MISSING,
        /** Something that is neither (a link leaving the repository, a FIFO, a submodule, a broken link). */
        OTHER
    }

    /** What {@code path} is. */
    Kind kind(String path);

    /**
     * The names directly in {@code folder}, sorted as Python sorts {@code str}; empty when it is not a folder or
     * cannot be listed.
     */
    List<String> list(String folder);

    /**
     * The bytes of a regular file, empty when it is missing, not a regular file, unreadable, or larger than
     * {@code limit} bytes (a hostile repository's 2 GB "alembic.ini" is never read).
     */
    Optional<byte[]> read(String path, int limit);

    /**
     * At most the first {@code n} bytes of a regular file (for a cheap look at what it holds), empty when it is
     * missing, not a regular file or unreadable.
     */
    Optional<byte[]> head(String path, int n);

    /**
     * Why {@code path} is not read as a regular file of the repository, in words that never include its content or
     * a path outside the repository.
     *
     * @param outside whether the path leads outside the repository (a symbolic link, {@code ..}, an absolute path)
     * @param reason  what it is, e.g. "is a FIFO, not a regular file"
     */
    record Refusal(boolean outside, String reason) {}

    /** Why {@code path} is not a regular file inside the repository (call it when {@link #kind} is not FILE). */
    default Refusal refusal(String path) {
        return switch (kind(path)) {
            case MISSING -> new Refusal(false, "does not exist");
            case FOLDER -> new Refusal(false, "is a folder, not a regular file");
            case FILE -> new Refusal(false, "is a regular file");
            case OTHER ->
                new Refusal(
                        false,
                        "is not a regular file inside the repository (a symbolic link leading "
                                + "out of it, a broken link or a submodule)");
        };
    }

    /** Whether {@code path} is a regular file. */
    default boolean isFile(String path) {
        return kind(path) == Kind.FILE;
    }

    /** Whether {@code path} is a folder ({@code ""} always is). */
    default boolean isFolder(String path) {
        return kind(path) == Kind.FOLDER;
    }

    /** {@code parent + "/" + name}, or {@code name} at the root. */
    static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** The folder part of a path ({@code ""} at the root). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of a path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
