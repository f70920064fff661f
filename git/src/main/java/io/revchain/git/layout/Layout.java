package io.revchain.git.layout;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.discovery.TreeRules;
import io.revchain.core.model.Finding;
import io.revchain.core.tree.SourceTree;
import io.revchain.event.ChainSpec;
import io.revchain.event.FileChanged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a commit keeps its migrations: its chains as {@code ChainResolver} resolved them (the resolution
 * {@code revchain check} runs), each with the folders whose files Alembic loads, and how they were found, which
 * decides which commits can change them.
 *
 * <p>A file belongs to the first chain whose folders hold it ({@link #chainOf}): a file two chains load is
 * published once.
 *
 * @param chains the chains, in the order {@code revchain check} lists them, each name once
 * @param source how the chains were found
 */
public record Layout(List<Chain> chains, Source source) {

    /** How the chains were found. */
    public enum Source {
        /** {@code paths} in {@code revchain.yaml} named folders only: they never move. */
        EXPLICIT,
        /** resolved from the tree: ini files, {@code pyproject.toml}, {@code .revchain.yaml}, probing. */
        RESOLVED
    }

    /**
     * One chain.
     *
     * @param name             its name, unique in the layout: the ini section ({@code core}), the stated chain, the
     *                         sub-folder chain ({@code alembic/postgresql}), the probed folder; the name qualified
     *                         with its configuration file when two files configure chains of the same name
     * @param folders          every folder whose direct migration files are loaded, in load order
     * @param versionLocations the version locations as configured (sub-folders of these may join the chain)
     * @param fileTemplate     the chain's {@code file_template}, {@code null} when unset
     * @param release          the Alembic release whose rules apply
     * @param findings         what resolving the chain found (a chain that could not be resolved has no folders)
     */
    public record Chain(
            String name,
            List<String> folders,
            List<String> versionLocations,
            String fileTemplate,
            AlembicRelease release,
            List<Finding> findings) {
        public Chain {
            Objects.requireNonNull(name, "name");
            folders = List.copyOf(folders);
            versionLocations = List.copyOf(versionLocations);
            findings = findings == null ? List.of() : List.copyOf(findings);
        }

        public Chain(
                String name,
                List<String> folders,
                List<String> versionLocations,
                String fileTemplate,
                AlembicRelease release) {
            this(name, folders, versionLocations, fileTemplate, release, List.of());
        }

        /** What the analyzer needs to grade this chain. */
        public ChainSpec spec() {
            return ChainSpec.of(name, fileTemplate, release, findings);
        }
    }

    public Layout {
        chains = List.copyOf(chains);
        Objects.requireNonNull(source, "source");
        Set<String> names = new HashSet<>();
        for (Chain c : chains) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two chains named " + c.name());
            }
        }
    }

    /** One chain named {@value FileChanged#DEFAULT_CHAIN} loading {@code folders}, under Alembic's defaults. */
    public static Layout of(List<String> folders, Source source) {
        return new Layout(List.of(new Chain(FileChanged.DEFAULT_CHAIN, folders, folders, null, null)), source);
    }

    /** Every folder any chain loads, each once, in load order (chain after chain). */
    public List<String> folders() {
        Set<String> out = new LinkedHashSet<>();
        for (Chain c : chains) {
            out.addAll(c.folders());
        }
        return List.copyOf(out);
    }

    /** Whether {@code path} is a file Alembic would load: a migration name directly in a chain's folder. */
    public boolean isMigration(String path) {
        return chainOf(path) != null;
    }

    /** The first chain that loads {@code path}, {@code null} when none does. */
    public String chainOf(String path) {
        String folder = TreeRules.parent(path);
        if (!TreeRules.isMigrationName(SourceTree.name(path))) {
            return null;
        }
        for (Chain c : chains) {
            if (c.folders().contains(folder)) {
                return c.name();
            }
        }
        return null;
    }

    /** The chains as the marker names them. */
    public List<ChainSpec> specs() {
        List<ChainSpec> out = new ArrayList<>(chains.size());
        for (Chain c : chains) {
            out.add(c.spec());
        }
        return out;
    }

    /**
     * Whether {@code other} puts every file in the same chain as this layout does (same chain names, same folders
     * in the same order): when not, a commit's delta is not enough and it is scanned in full. A changed
     * {@code file_template} or release alone moves no file: the marker carries it.
     */
    public boolean sameFiles(Layout other) {
        if (other.chains.size() != chains.size()) {
            return false;
        }
        for (int i = 0; i < chains.size(); i++) {
            Chain a = chains.get(i);
            Chain b = other.chains.get(i);
            if (!a.name().equals(b.name()) || !a.folders().equals(b.folders())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a commit touching {@code changedPaths} may have changed the chains, so the layout must be read again
     * at that commit. Always: {@code .revchain.yaml} and the dependency files the Alembic release is read from
     * (requirements, lock files, {@code pyproject.toml}, {@code setup.cfg}, {@code setup.py}, {@code Pipfile}).
     * Unless the folders were named in {@code revchain.yaml}: any {@code *.ini} and {@code env.py}; a {@code .py}
     * file at the root or in a folder named {@code versions} that no chain loads (a chain found by probing may
     * appear); a {@code .py} file under a chain's version location but outside its folders (a new or changed
     * sub-folder may change how sub-folders are grouped into chains).
     */
    public boolean mayChange(Collection<String> changedPaths) {
        List<String> loaded = null;
        for (String p : changedPaths) {
            String name = SourceTree.name(p);
            if (p.equals(".revchain.yaml") || isDependencyFile(p, name)) {
                return true;
            }
            if (source == Source.EXPLICIT) {
                continue;
            }
            if (name.endsWith(".ini") || name.equals("env.py")) {
                return true;
            }
            if (!name.endsWith(".py")) {
                continue;
            }
            String folder = TreeRules.parent(p);
            if (folder.isEmpty() || SourceTree.name(folder).equals("versions")) {
                loaded = loaded == null ? folders() : loaded;
                if (!loaded.contains(folder)) {
                    return true;
                }
            }
            for (Chain c : chains) {
                for (String loc : c.versionLocations()) {
                    boolean under = loc.isEmpty() || folder.equals(loc) || folder.startsWith(loc + "/");
                    if (under && !c.folders().contains(folder)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A file {@code AlembicPin} may read a pinned release from (requirements files may include any other). */
    private static boolean isDependencyFile(String path, String name) {
        if (name.endsWith(".lock")
                || name.equals("Pipfile")
                || name.equals("pyproject.toml")
                || name.equals("setup.cfg")
                || name.equals("setup.py")) {
            return true;
        }
        boolean text = name.endsWith(".txt") || name.endsWith(".in");
        return text
                && (name.startsWith("requirements")
                        || name.startsWith("constraints")
                        || path.contains("requirements/"));
    }
}
