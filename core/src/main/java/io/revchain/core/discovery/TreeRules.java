package io.revchain.core.discovery;

import java.util.Comparator;
import java.util.Set;

/**
 * {@link Discovery}'s naming rules for paths that are not on disk (a git commit's tree, a diff): the same
 * file-name filter, the same Python ordering, the same skipped folders, with paths relative to the repository root
 * ('/' separators, {@code ""} for the root itself). Which folders a chain loads is {@link ChainResolver}'s
 * decision over a {@link io.revchain.core.tree.SourceTree}, for a checkout and a commit alike; nothing here reads a
 * configuration file.
 */
public final class TreeRules {
    private TreeRules() {}

    /** Folders {@link Discovery} never enters ({@code .git}, {@code node_modules}, virtualenvs, ...). */
    public static final Set<String> SKIPPED_DIRS = Discovery.SKIPPED_DIRS;

    /** How deep {@link Discovery} looks for {@code alembic.ini}. */
    public static final int MAX_DEPTH = Discovery.MAX_DEPTH;

    /** Alembic's {@code _only_source_rev_file} on a bare file name. */
    public static boolean isMigrationName(String fileName) {
        return PyNames.isSource(fileName);
    }

    /** Python's {@code str} ordering (code points), the order {@link Discovery} lists files in. */
    public static Comparator<String> pythonOrder() {
        return PyNames.PYTHON_ORDER;
    }

    /** The folder part of a repository-relative path ({@code ""} at the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
