package io.revchain.core.discovery;

import io.revchain.core.model.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link Discovery}'s rules for a tree that is not on disk (a git commit's tree): the same file-name filter, the
 * same Python ordering, and the same reading of {@code alembic.ini} into version folders, with paths relative to
 * the repository root ('/' separators, {@code ""} for the root itself). Pure: the caller supplies the ini text and
 * answers whether a file exists.
 */
public final class TreeRules {
    private TreeRules() {}

    /** A virtual absolute root, so that {@code %(here)s} and {@code ..} resolve as they do on disk. */
    private static final Path ROOT = Path.of("/.revchain-tree-root");

    /** Folders {@link Discovery} never enters ({@code .git}, {@code node_modules}, virtualenvs, ...). */
    public static final Set<String> SKIPPED_DIRS = Discovery.SKIPPED_DIRS;

    /** How deep {@link Discovery} looks for {@code alembic.ini}. */
    public static final int MAX_DEPTH = Discovery.MAX_DEPTH;

    /** How many bytes of a file {@link Discovery} probes for {@code down_revision} when there is no ini. */
    public static final int PROBE_BYTES = Discovery.PROBE_BYTES;

    /**
     * The version folders an {@code alembic.ini} names, as Alembic 1.8.1 reads it.
     *
     * @param folders  repository-relative folders, in configuration order, each once; a location that leaves the
     *                 repository or is a package resource is not listed
     * @param findings what is wrong with the ini (the same findings {@link Discovery} gives)
     */
    public record IniFolders(List<String> folders, List<Finding> findings) {
        public IniFolders {
            folders = List.copyOf(folders);
            findings = List.copyOf(findings);
        }
    }

    /** Alembic's {@code _only_source_rev_file} on a bare file name. */
    public static boolean isMigrationName(String fileName) {
        return PyNames.isSource(fileName);
    }

    /** Python's {@code str} ordering (code points), the order {@link Discovery} lists files in. */
    public static Comparator<String> pythonOrder() {
        return PyNames.PYTHON_ORDER;
    }

    /**
     * Reads an {@code alembic.ini} found in a tree.
     *
     * @param iniPath repository-relative path of the ini, e.g. {@code services/api/alembic.ini}
     * @param text    its content
     * @param isFile  whether a repository-relative path is a file in the same tree (for the Flask-Migrate layout:
     *                no {@code script_location}, {@code env.py} next to the ini)
     */
    public static IniFolders iniFolders(String iniPath, String text, Predicate<String> isFile) {
        Objects.requireNonNull(iniPath, "iniPath");
        String iniDir = parent(iniPath);
        Path here = iniDir.isEmpty() ? ROOT : ROOT.resolve(iniDir);
        IniFile parsed = IniFile.parse("alembic.ini", text == null ? "" : text, Map.of("here", here.toString()));
        AlembicIni.Settings s = AlembicIni.read(parsed, iniPath);
        List<Finding> findings = new ArrayList<>(s.findings());
        Set<String> folders = new LinkedHashSet<>();
        if (s.usable()) {
            if (s.versionLocations() == null) {
                String sl = s.scriptLocation();
                if (sl == null && s.scriptLocationMissing()) {
                    if (isFile.test(iniDir.isEmpty() ? "env.py" : iniDir + "/env.py")) {
                        add(folders, here.resolve("versions"));
                    } else {
                        findings.add(AlembicIni.missingScriptLocation(iniPath, AlembicIni.SECTION,
                                parsed.sectionLine(AlembicIni.SECTION)));
                    }
                } else if (sl != null && !isPackageResource(sl)) {
                    add(folders, here.resolve(sl).resolve("versions"));
                }
            } else {
                for (String loc : s.versionLocations()) {
                    if (!isPackageResource(loc)) {
                        add(folders, here.resolve(loc));
                    }
                }
            }
        }
        return new IniFolders(List.copyOf(folders), findings);
    }

    private static void add(Set<String> folders, Path p) {
        Path n = p.normalize();
        if (n.startsWith(ROOT)) {
            folders.add(ROOT.relativize(n).toString().replace('\\', '/'));
        }
    }

    private static boolean isPackageResource(String loc) {
        return !loc.startsWith("/") && loc.contains(":");
    }

    /** The folder part of a repository-relative path ({@code ""} at the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Whether the first bytes of a file mention {@code down_revision} (the probe for a versions folder). */
    public static boolean mentionsDownRevision(byte[] head) {
        return Discovery.mentionsDownRevision(head);
    }
}
