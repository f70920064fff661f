package io.revchain.core.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a dotted Python name lives in a repository, decided from the tree alone (never by importing): the folder of
 * a package ({@code myapp.db} → {@code src/myapp/db}) and the file of a module ({@code myapp.cli} →
 * {@code myapp/cli.py} or {@code myapp/cli/__init__.py}).
 *
 * <p>Source roots are tried in this order: the caller's preferred roots (the folder Alembic is run from, its
 * {@code prepend_sys_path}, the root a file's own package hangs from), the repository root, {@code src/}, then every
 * other folder holding a folder of that name, shallowest first (at most {@link #MAX_DEPTH} deep, skipping
 * {@link #SKIPPED}). The first root where the whole name resolves wins; the others are reported as alternatives.
 */
public final class PythonModules {
    private PythonModules() {}

    /** How deep a source root is searched for. */
    public static final int MAX_DEPTH = 6;
    /** Folders never searched: version control, dependencies, virtual environments, caches. */
    public static final Set<String> SKIPPED = Set.of(
            ".git",
            ".hg",
            "node_modules",
            ".venv",
            "venv",
            "site-packages",
            "__pycache__",
            ".tox",
            "build",
            "dist",
            ".eggs");
    /** Folders visited per search before giving up (a hostile tree cannot make it run for ever). */
    static final int MAX_VISITS = 20_000;

    /**
     * Where a dotted name was found.
     *
     * @param path         the folder (package) or file (module) found
     * @param root         the source root it hangs from ({@code ""} = the repository root)
     * @param alternatives other places the same name resolves to, under other roots
     */
    public record Found(String path, String root, List<String> alternatives) {
        public Found {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** The folder of package {@code dotted} (every segment a folder; {@code __init__.py} is not required). */
    public static Optional<Found> packageFolder(SourceTree tree, String dotted, List<String> preferredRoots) {
        if (!isDotted(dotted)) {
            return Optional.empty();
        }
        String rel = dotted.replace('.', '/');
        return search(tree, dotted, preferredRoots, root -> {
            String p = SourceTree.join(root, rel);
            return tree.isFolder(p) ? p : null;
        });
    }

    /** The file of module {@code dotted}: the package's {@code a/b/__init__.py}, which Python prefers, else {@code a/b.py}. */
    public static Optional<Found> moduleFile(SourceTree tree, String dotted, List<String> preferredRoots) {
        if (!isDotted(dotted)) {
            return Optional.empty();
        }
        String rel = dotted.replace('.', '/');
        return search(tree, dotted, preferredRoots, root -> {
            String init = SourceTree.join(root, rel + "/__init__.py");
            if (tree.isFile(init)) {
                return init;
            }
            String file = SourceTree.join(root, rel + ".py");
            return tree.isFile(file) ? file : null;
        });
    }

    /**
     * The source root a file's package hangs from: the folder above the topmost package on its way up (a folder is
     * a package while it holds {@code __init__.py}). For {@code app/db/x.py} with {@code app/__init__.py} and
     * {@code app/db/__init__.py} it is {@code ""}; without {@code app/db/__init__.py} it is {@code app/db}.
     */
    public static String rootOf(SourceTree tree, String file) {
        String folder = SourceTree.parent(file);
        while (!folder.isEmpty() && tree.isFile(SourceTree.join(folder, "__init__.py"))) {
            folder = SourceTree.parent(folder);
        }
        return folder;
    }

    /** The dotted package a file belongs to (the folders between {@link #rootOf} and the file), or "". */
    public static String packageOf(SourceTree tree, String file) {
        String root = rootOf(tree, file);
        String folder = SourceTree.parent(file);
        String rel =
                root.isEmpty() ? folder : folder.length() > root.length() ? folder.substring(root.length() + 1) : "";
        return rel.replace('/', '.');
    }

    private interface Probe {
        String at(String root);
    }

    private static Optional<Found> search(SourceTree tree, String dotted, List<String> preferred, Probe probe) {
        Set<String> roots = new LinkedHashSet<>(preferred);
        roots.add("");
        roots.add("src");
        List<String> hits = new ArrayList<>();
        List<String> hitRoots = new ArrayList<>();
        for (String root : roots) {
            String p = probe.at(root);
            if (p != null && !hits.contains(p)) {
                hits.add(p);
                hitRoots.add(root);
            }
        }
        String first = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
        for (String root : foldersHolding(tree, first)) {
            if (roots.contains(root)) {
                continue;
            }
            String p = probe.at(root);
            if (p != null && !hits.contains(p)) {
                hits.add(p);
                hitRoots.add(root);
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Found(hits.get(0), hitRoots.get(0), hits.subList(1, hits.size())));
    }

    /** Every folder (breadth first, so shallowest first) that directly holds an entry called {@code name}. */
    private static List<String> foldersHolding(SourceTree tree, String name) {
        List<String> out = new ArrayList<>();
        Deque<String[]> queue = new ArrayDeque<>();
        queue.add(new String[] {"", "0"});
        int visits = 0;
        while (!queue.isEmpty() && visits++ < MAX_VISITS) {
            String[] next = queue.poll();
            String folder = next[0];
            int depth = Integer.parseInt(next[1]);
            for (String child : tree.list(folder)) {
                String path = SourceTree.join(folder, child);
                if (child.equals(name) && !folder.isEmpty()) {
                    out.add(folder);
                }
                if (depth + 1 < MAX_DEPTH
                        && !SKIPPED.contains(child)
                        && !child.startsWith(".")
                        && tree.isFolder(path)) {
                    queue.add(new String[] {path, Integer.toString(depth + 1)});
                }
            }
        }
        return out;
    }

    private static boolean isDotted(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String part : s.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }
}
