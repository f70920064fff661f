package io.revchain.ingest.plan;

import io.revchain.core.discovery.TreeRules;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Where a commit keeps its migrations: the version folders Alembic would load, and how they were found, which
 * decides whether a commit can move them.
 *
 * @param folders repository-relative version folders ({@code ""} = the root), each once, in load order
 * @param source  how the folders were found
 * @param inis    the {@code alembic.ini} files read (empty unless {@link Source#INI})
 */
public record Layout(List<String> folders, Source source, List<String> inis) {

    /** How the version folders were found. */
    public enum Source {
        /** {@code paths} in {@code revchain.yaml} named folders only: they never move. */
        EXPLICIT,
        /** read from {@code alembic.ini} files (configured or discovered). */
        INI,
        /** no ini: {@code versions} folders (or the root) whose files mention {@code down_revision}. */
        PROBED
    }

    public Layout {
        folders = List.copyOf(folders);
        Objects.requireNonNull(source, "source");
        inis = List.copyOf(inis);
    }

    /** Whether {@code path} is a file Alembic would load: a migration name directly in a version folder. */
    public boolean isMigration(String path) {
        String folder = TreeRules.parent(path);
        String name = folder.isEmpty() ? path : path.substring(folder.length() + 1);
        return folders.contains(folder) && TreeRules.isMigrationName(name);
    }

    /**
     * Whether a commit touching {@code changedPaths} may have moved the version folders, so the layout must be read
     * again at that commit: an {@code alembic.ini} or {@code env.py} changed, or (without an ini) a {@code .py} file
     * at the root or directly in a folder named {@code versions}.
     */
    public boolean mayChange(Collection<String> changedPaths) {
        if (source == Source.EXPLICIT) {
            return false;
        }
        for (String p : changedPaths) {
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (name.equals("alembic.ini") || inis.contains(p)) {
                return true;
            }
            if (source == Source.INI && name.equals("env.py")) {
                return true;
            }
            if (source == Source.PROBED && name.endsWith(".py")) {
                String folder = TreeRules.parent(p);
                if (folder.isEmpty() || folder.equals("versions") || folder.endsWith("/versions")) {
                    return true;
                }
            }
        }
        return false;
    }
}
