package io.revchain.ingest.plan;

import io.revchain.core.discovery.TreeRules;
import io.revchain.core.model.Finding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides a commit's {@link Layout} with the rules of {@code revchain check}'s discovery: configured {@code paths}
 * first ({@code *.ini} entries are read as {@code alembic.ini}, anything else is a version folder); otherwise every
 * {@code alembic.ini} in the tree; otherwise the root and the {@code versions} folders whose files mention
 * {@code down_revision}. Pure over a {@link TreeView}.
 */
public final class LayoutResolver {
    private LayoutResolver() {}

    /**
     * The layout and the ini findings met while reading it.
     *
     * @param layout   where the migrations are
     * @param findings problems of the {@code alembic.ini} files (informational for ingest)
     */
    public record Resolved(Layout layout, List<Finding> findings) {
        public Resolved {
            findings = List.copyOf(findings);
        }
    }

    public static Resolved resolve(List<String> configuredPaths, TreeView tree) {
        if (!configuredPaths.isEmpty()) {
            List<String> inis = configuredPaths.stream().filter(p -> p.endsWith(".ini")).toList();
            List<String> folders = configuredPaths.stream().filter(p -> !p.endsWith(".ini"))
                    .map(LayoutResolver::trimSlashes).toList();
            if (inis.isEmpty()) {
                return new Resolved(new Layout(new LinkedHashSet<>(folders).stream().toList(),
                        Layout.Source.EXPLICIT, List.of()), List.of());
            }
            return fromInis(inis, folders, tree);
        }
        List<String> found = new ArrayList<>(tree.alembicInis());
        if (!found.isEmpty()) {
            found.sort(TreeRules.pythonOrder());
            return fromInis(found, List.of(), tree);
        }
        Set<String> folders = new LinkedHashSet<>();
        if (tree.mentionsDownRevision("")) {
            folders.add("");
        }
        List<String> versions = new ArrayList<>(tree.versionsFolders());
        versions.sort(TreeRules.pythonOrder());
        for (String v : versions) {
            if (tree.mentionsDownRevision(v)) {
                folders.add(v);
            }
        }
        return new Resolved(new Layout(List.copyOf(folders), Layout.Source.PROBED, List.of()), List.of());
    }

    private static Resolved fromInis(List<String> inis, List<String> extraFolders, TreeView tree) {
        Set<String> folders = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (String ini : inis) {
            var text = tree.text(ini);
            if (text.isEmpty()) {
                continue;
            }
            TreeRules.IniFolders r = TreeRules.iniFolders(ini, text.get(), tree::isFile);
            findings.addAll(r.findings());
            for (String f : r.folders()) {
                if (tree.isFolder(f)) {
                    folders.add(f);
                }
            }
        }
        folders.addAll(extraFolders);
        return new Resolved(new Layout(List.copyOf(folders), Layout.Source.INI, inis), findings);
    }

    private static String trimSlashes(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s.equals(".") ? "" : s;
    }
}
