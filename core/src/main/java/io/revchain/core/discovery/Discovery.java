package io.revchain.core.discovery;

import io.revchain.core.model.Checks;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the migration chains under a folder and, for each, the files Alembic 1.8.1 would load, without ever
 * importing or executing them.
 *
 * <p>It decides, in order:
 * <ol>
 *   <li>every {@code alembic.ini} under the root (depth ≤ {@value #MAX_DEPTH}, skipping {@code .git},
 *       {@code node_modules}, virtualenvs, {@code site-packages}, {@code __pycache__}) is a chain, read as
 *       Alembic's {@code ScriptDirectory.from_config} reads it (see {@link AlembicIni}); relative locations are
 *       resolved against the ini's folder, where Alembic is normally run;</li>
 *   <li>without any ini: the root itself when its {@code .py} files mention {@code down_revision}, and every folder
 *       named {@code versions} whose {@code .py} files mention it (a byte search of at most
 *       {@value #PROBE_BYTES} bytes per file, never a parse).</li>
 * </ol>
 * In each version location the files are those whose name matches {@code (?!\.#|__init__)(.*\.py)$}, top level
 * only (1.8.1 has no {@code recursive_version_locations}), sorted as Python sorts {@code str} (1.8.1 itself uses
 * the unspecified {@code os.listdir} order), the same real file counted once.
 *
 * <p>Safety: a symlink (file or folder) whose real path leaves the root, and a version location outside the root,
 * are never followed; each is an {@code unsafe-path} ERROR. Discovery reads no file contents except the
 * {@code down_revision} probe above and {@code alembic.ini} itself.
 */
public final class Discovery {
    private Discovery() {}

    static final int MAX_DEPTH = 6;
    static final int PROBE_BYTES = 64 * 1024;
    /** Folders probed per location before giving up: a real versions folder mentions down_revision early. */
    static final int MAX_PROBES = 1000;
    static final long MAX_INI_BYTES = 1024 * 1024;
    static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", "node_modules", ".venv", "venv",
            "site-packages", "__pycache__", ".tox");
    private static final byte[] DOWN_REVISION = "down_revision".getBytes(StandardCharsets.US_ASCII);

    /**
     * Finds every chain under {@code root}.
     *
     * @throws IOException when {@code root} does not exist or is not a folder (the message names it), or the root
     *                     itself cannot be listed
     */
    public static List<ChainSource> discover(Path root) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new NoSuchFileException(abs.toString(), null, "the folder to analyse does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new NotDirectoryException(abs + ": the path to analyse is not a folder");
        }
        Root r = new Root(abs, abs.toRealPath());
        Walk walk = walk(r);
        List<ChainSource> chains = new ArrayList<>();
        if (!walk.inis.isEmpty()) {
            for (Path ini : walk.inis) {
                chains.add(fromIni(r, ini));
            }
            return List.copyOf(chains);
        }
        if (mentionsDownRevision(abs)) {
            chains.add(fromFolder(r, abs));
        }
        for (Path versions : walk.versionDirs) {
            if (!versions.equals(abs) && mentionsDownRevision(versions)) {
                chains.add(fromFolder(r, versions));
            }
        }
        return List.copyOf(chains);
    }

    /** The analysed root: lexical (for relative names) and real (for containment checks). */
    record Root(Path abs, Path real) {
        String rel(Path p) {
            String s = abs.relativize(p).toString().replace('\\', '/');
            return s.isEmpty() ? "." : s;
        }

        boolean containsReal(Path real) {
            return real.startsWith(this.real);
        }
    }

    private record Walk(List<Path> inis, List<Path> versionDirs) {}

    private static Walk walk(Root r) throws IOException {
        List<Path> inis = new ArrayList<>();
        List<Path> versionDirs = new ArrayList<>();
        Files.walkFileTree(r.abs(), EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(r.abs())) {
                    String name = dir.getFileName().toString();
                    if (SKIPPED_DIRS.contains(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (name.equals("versions")) {
                        versionDirs.add(dir);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isDirectory() && name.equals("versions")) {
                    versionDirs.add(file);
                } else if (name.equals("alembic.ini") && isRegularInside(r, file, attrs)) {
                    inis.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                // an unreadable sub-folder holds nothing we can analyse; the root itself was checked above
                return FileVisitResult.CONTINUE;
            }
        });
        inis.sort((a, b) -> PyNames.compare(r.rel(a), r.rel(b)));
        versionDirs.sort((a, b) -> PyNames.compare(r.rel(a), r.rel(b)));
        return new Walk(inis, versionDirs);
    }

    private static boolean isRegularInside(Root r, Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
            return true;
        }
        if (!attrs.isSymbolicLink()) {
            return false;
        }
        try {
            Path real = file.toRealPath();
            return r.containsReal(real) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }

    private static ChainSource fromFolder(Root r, Path dir) {
        Scan scan = new Scan(r);
        scan.subfolders(scan.location(dir, r.rel(dir), null, 0, false), false);
        return new ChainSource(r.rel(dir), null, List.of(r.rel(dir)), scan.files, scan.findings);
    }

    private static ChainSource fromIni(Root r, Path ini) {
        Path iniDir = ini.getParent();
        String iniRel = r.rel(ini);
        String location = r.rel(iniDir);
        Scan scan = new Scan(r);
        String text;
        try {
            text = readIni(ini);
        } catch (IOException e) {
            scan.findings.add(AlembicIni.error(iniRel, 0, "alembic.ini cannot be read: " + describe(e),
                    "Alembic cannot read its configuration"));
            return new ChainSource(location, ini, List.of(), List.of(), scan.findings);
        }
        IniFile parsed = IniFile.parse("alembic.ini", text, Map.of("here", iniDir.toString()));
        AlembicIni.Settings s = AlembicIni.read(parsed, iniRel);
        scan.findings.addAll(s.findings());
        if (!s.usable()) {
            return new ChainSource(location, ini, List.of(), List.of(), scan.findings);
        }

        Path scriptDir = scriptDir(scan, iniDir, iniRel, s, parsed.sectionLine(AlembicIni.SECTION));
        List<String> scanned = new ArrayList<>();
        if (s.versionLocations() == null) {
            if (scriptDir != null) {
                Path versions = scriptDir.resolve("versions").normalize();
                if (scan.safeLocation(versions, s.scriptLocation() + "/versions", iniRel,
                        s.scriptLocationLine(), true) != null) {
                    scanned.add(r.rel(versions));
                    scan.subfolders(scan.location(versions, r.rel(versions), iniRel, s.scriptLocationLine(),
                            s.sourceless()), s.recursive());
                }
            }
        } else {
            Set<Path> seen = new LinkedHashSet<>();
            for (String loc : s.versionLocations()) {
                if (loc.isEmpty()) {
                    scan.findings.add(AlembicIni.finding(Checks.INVALID_CONFIG, Severity.WARNING, iniRel,
                            s.versionLocationsLine(), "version_locations has an empty entry (a stray comma or "
                                    + "space): Alembic resolves it to the folder it runs in, " + location,
                            "scans the current directory as a version location"));
                }
                if (isPackageResource(loc)) {
                    scan.findings.add(AlembicIni.finding(Checks.INVALID_CONFIG, Severity.WARNING, iniRel,
                            s.versionLocationsLine(), "version location " + PyRepr.of(loc) + " is a package "
                                    + "resource (package:path); revchain does not import packages, so it is not "
                                    + "scanned", "resolves it with importlib.resources"));
                    continue;
                }
                Path p = resolve(iniDir, loc);
                if (scan.safeLocation(p, loc, iniRel, s.versionLocationsLine(), false) == null) {
                    continue;
                }
                if (seen.add(p)) {
                    scanned.add(r.rel(p));
                }
                scan.subfolders(scan.location(p, r.rel(p), iniRel, s.versionLocationsLine(), s.sourceless()),
                        s.recursive());
            }
        }
        if (s.recursive()) {
            scan.findings.add(AlembicIni.finding(Checks.UNLOADED_FILE, Severity.INFO, iniRel, s.recursiveLine(),
                    "recursive_version_locations is set, but Alembic 1.8.1 does not know it (added in 1.10): "
                            + "only the top level of each version location is loaded",
                    "ignores the option"));
        }
        if (s.sourceless()) {
            scan.sourcelessFinding(iniRel, s.sourcelessLine());
        }
        return new ChainSource(location, ini, scanned, scan.files, scan.findings);
    }

    /** The script folder, or null when unknown; reports what Alembic reports about it. */
    private static Path scriptDir(Scan scan, Path iniDir, String iniRel, AlembicIni.Settings s,
                                  int sectionLine) {
        String sl = s.scriptLocation();
        if (sl == null) {
            if (!s.scriptLocationMissing()) {
                return null;
            }
            if (Files.isRegularFile(iniDir.resolve("env.py"), LinkOption.NOFOLLOW_LINKS)) {
                // Flask-Migrate keeps alembic.ini next to env.py and passes script_location at run time
                scan.findings.add(AlembicIni.finding(Checks.INVALID_CONFIG, Severity.INFO, iniRel, sectionLine,
                        "alembic.ini has no script_location but sits next to env.py (Flask-Migrate layout): "
                                + "its own folder is taken as the script location",
                        "the plain alembic command fails with: No 'script_location' key found in configuration."));
                return iniDir;
            }
            scan.findings.add(AlembicIni.missingScriptLocation(iniRel, sectionLine));
            return null;
        }
        if (isPackageResource(sl)) {
            scan.findings.add(AlembicIni.finding(Checks.INVALID_CONFIG, Severity.WARNING, iniRel,
                    s.scriptLocationLine(), "script_location " + PyRepr.of(sl) + " is a package resource "
                            + "(package:path); revchain does not import packages, so "
                            + (s.versionLocations() == null ? "no version folder is scanned"
                                                            : "only the explicit version_locations are scanned"),
                    "resolves it with importlib.resources"));
            return null;
        }
        Path dir = resolve(iniDir, sl);
        if (!Files.exists(dir)) {
            scan.findings.add(AlembicIni.error(iniRel, s.scriptLocationLine(),
                    "script_location " + PyRepr.of(sl) + " does not exist",
                    "FAILED: Path doesn't exist: " + PyRepr.of(dir.toString()) + ".  Please use the 'init' command "
                            + "to create a new scripts folder."));
            return null;
        }
        return dir;
    }

    /** Non-absolute names containing ':' are package resources for {@code coerce_resource_to_filename}. */
    private static boolean isPackageResource(String loc) {
        return !loc.startsWith("/") && loc.contains(":");
    }

    private static Path resolve(Path base, String loc) {
        return base.resolve(loc).normalize();
    }

    private static String readIni(Path ini) throws IOException {
        Path real = ini.toRealPath();
        long size = Files.size(real);
        if (size > MAX_INI_BYTES) {
            throw new IOException("file is " + size + " bytes, over the " + MAX_INI_BYTES + " byte limit");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_INI_BYTES + 1);
        }
        if (bytes.length > MAX_INI_BYTES) {
            throw new IOException("file is over the " + MAX_INI_BYTES + " byte limit");
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Whether a folder's top-level migration-named files mention {@code down_revision} (cheap byte probe). */
    static boolean mentionsDownRevision(Path dir) {
        int probes = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!PyNames.isSource(p.getFileName().toString())
                        || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (probe(p)) {
                    return true;
                }
                if (++probes >= MAX_PROBES) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Reads at most {@value #PROBE_BYTES} bytes, never through a symlink, looking for {@code down_revision}. */
    static boolean probe(Path file) {
        try (SeekableByteChannel ch = Files.newByteChannel(file,
                Set.<java.nio.file.OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             InputStream in = Channels.newInputStream(ch)) {
            byte[] buf = in.readNBytes(PROBE_BYTES);
            return mentionsDownRevision(buf);
        } catch (IOException e) {
            return false;
        }
    }

    /** The cheap probe both discovery and git-tree scans use: do these bytes mention {@code down_revision}? */
    static boolean mentionsDownRevision(byte[] head) {
        outer:
        for (int i = 0; i + DOWN_REVISION.length <= head.length; i++) {
            for (int j = 0; j < DOWN_REVISION.length; j++) {
                if (head[i + j] != DOWN_REVISION[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Accumulates the files and findings of one chain. */
    private static final class Scan {
        final Root root;
        final List<SourceFile> files = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        final Set<Path> seenReal = new HashSet<>();
        int compiledOnly;
        String firstCompiled;

        Scan(Root root) {
            this.root = root;
        }

        /**
         * Checks that a version location stays inside the root; returns its real path, or null when it is unsafe
         * or (for the default location, which Alembic lists without checking) missing.
         */
        Path safeLocation(Path p, String configured, String iniRel, int line, boolean isDefault) {
            if (!p.startsWith(root.abs())) {
                findings.add(AlembicIni.finding(Checks.UNSAFE_PATH, Severity.ERROR, iniRel, line,
                        "version location " + PyRepr.of(configured) + " resolves to " + p
                                + ", outside the analysed folder; it is not scanned",
                        "scans it"));
                return null;
            }
            if (!Files.exists(p)) {
                if (isDefault) {
                    findings.add(AlembicIni.error(iniRel, line, "the versions folder " + root.rel(p)
                                    + " does not exist",
                            "FileNotFoundError: [Errno 2] No such file or directory: " + PyRepr.of(p.toString())));
                } else {
                    findings.add(AlembicIni.finding(Checks.INVALID_CONFIG, Severity.INFO, iniRel, line,
                            "version location " + root.rel(p) + " does not exist", "skips it silently"));
                }
                return null;
            }
            Path real;
            try {
                real = p.toRealPath();
            } catch (IOException e) {
                findings.add(AlembicIni.error(iniRel, line, "version location " + root.rel(p)
                        + " cannot be resolved: " + describe(e), "fails listing it"));
                return null;
            }
            if (!root.containsReal(real)) {
                findings.add(AlembicIni.finding(Checks.UNSAFE_PATH, Severity.ERROR, iniRel, line,
                        "version location " + root.rel(p) + " is a symlink to " + real
                                + ", outside the analysed folder; it is not scanned", "follows the symlink"));
                return null;
            }
            if (!Files.isDirectory(real)) {
                findings.add(AlembicIni.error(iniRel, line, "version location " + root.rel(p) + " is not a folder",
                        "NotADirectoryError: [Errno 20] Not a directory: " + PyRepr.of(p.toString())));
                return null;
            }
            return real;
        }

        /**
         * Lists one version location's top level like 1.8.1's {@code _load_revisions}; returns its sub-folders
         * (not symlinks, not skipped names) for {@link #subfolders}.
         */
        List<Path> location(Path dir, String rel, String iniRel, int line, boolean sourceless) {
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                return List.of();
            }
            if (!root.containsReal(real)) {
                findings.add(AlembicIni.finding(Checks.UNSAFE_PATH, Severity.ERROR, iniRel, line,
                        "version location " + rel + " leads outside the analysed folder", "follows it"));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    names.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                findings.add(AlembicIni.finding(Checks.UNPARSEABLE_FILE, Severity.ERROR, rel, 0,
                        "version location " + rel + " cannot be listed: " + describe(e), "fails listing it"));
                return List.of();
            }
            names.sort(PyNames.PYTHON_ORDER);
            String prefix = rel.equals(".") ? "" : rel + "/";
            List<Path> subdirs = new ArrayList<>();
            for (String name : names) {
                if (!PyNames.isSource(name)) {
                    if (!SKIPPED_DIRS.contains(name) && Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        subdirs.add(dir.resolve(name));
                    }
                    continue;
                }
                Path entry = dir.resolve(name);
                String path = prefix + name;
                accept(entry, real.resolve(name), path);
            }
            if (sourceless) {
                countCompiledOnly(dir, names, prefix);
            }
            return subdirs;
        }

        private void accept(Path entry, Path realIfPlain, String path) {
            BasicFileAttributes attrs;
            Path realFile = realIfPlain;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    try {
                        realFile = entry.toRealPath();
                    } catch (NoSuchFileException e) {
                        findings.add(AlembicIni.finding(Checks.UNPARSEABLE_FILE, Severity.ERROR, path, 0,
                                path + " is a broken symlink", "ImportError: Can't find Python file " + entry));
                        return;
                    }
                    if (!root.containsReal(realFile)) {
                        findings.add(AlembicIni.finding(Checks.UNSAFE_PATH, Severity.ERROR, path, 0,
                                path + " is a symlink to " + realFile + ", outside the analysed folder; it is not read",
                                "follows the symlink and executes the target"));
                        return;
                    }
                    attrs = Files.readAttributes(realFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
            } catch (IOException e) {
                findings.add(AlembicIni.finding(Checks.UNPARSEABLE_FILE, Severity.ERROR, path, 0,
                        path + " cannot be inspected: " + describe(e), "fails loading it"));
                return;
            }
            if (!attrs.isRegularFile()) {
                String what = attrs.isDirectory() ? "a folder" : "not a regular file";
                findings.add(AlembicIni.finding(Checks.UNPARSEABLE_FILE, Severity.ERROR, path, 0,
                        path + " is " + what + " but its name ends in .py, so Alembic tries to load it",
                        attrs.isDirectory() ? "IsADirectoryError while loading it: every command fails"
                                            : "fails or blocks while loading it"));
                return;
            }
            if (!seenReal.add(realFile)) {
                findings.add(AlembicIni.finding(Checks.DUPLICATE_FILE, Severity.WARNING, path, 0,
                        path + " is the same file as one already loaded (" + root.rel(realFileLexical(realFile))
                                + "); it is counted once",
                        "UserWarning: File " + realFile + " loaded twice! ignoring. Please ensure "
                                + "version_locations is unique."));
                return;
            }
            files.add(new SourceFile(path, realFile));
        }

        private Path realFileLexical(Path realFile) {
            return root.abs().resolve(root.real().relativize(realFile));
        }

        /** 1.8.1 with {@code sourceless = true} also loads .pyc/.pyo files that have no source next to them. */
        private void countCompiledOnly(Path dir, List<String> names, String prefix) {
            Set<String> present = new HashSet<>(names);
            Set<String> stems = new HashSet<>();
            for (String n : names) {
                stems.add(n.split("\\.", -1)[0]);
            }
            for (String n : names) {
                var m = PyNames.SOURCELESS.matcher(n);
                if (m.lookingAt() && m.group(2) != null) {
                    String py = m.group(1);
                    boolean isO = "o".equals(m.group(2));
                    if (!present.contains(py) && !(isO && present.contains(py + "c"))) {
                        noteCompiled(prefix + n);
                    }
                }
            }
            Path cache = dir.resolve("__pycache__");
            if (Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(cache)) {
                    for (Path p : ds) {
                        String n = p.getFileName().toString();
                        var m = PyNames.SOURCELESS.matcher("__pycache__/" + n);
                        if (!stems.contains(n.split("\\.", -1)[0]) && m.lookingAt() && m.group(2) != null) {
                            noteCompiled(prefix + "__pycache__/" + n);
                        }
                    }
                } catch (IOException e) {
                    // an unreadable __pycache__ only means fewer compiled files are reported
                }
            }
        }

        private void noteCompiled(String path) {
            if (compiledOnly++ == 0) {
                firstCompiled = path;
            }
        }

        void sourcelessFinding(String iniRel, int line) {
            if (compiledOnly > 0) {
                findings.add(AlembicIni.finding(Checks.UNLOADED_FILE, Severity.WARNING, iniRel, line,
                        "sourceless = true: Alembic also loads " + compiledOnly + " compiled file(s) without "
                                + "source (first: " + firstCompiled + "); revchain reads .py sources only, so "
                                + "they are not analysed", "loads the .pyc/.pyo files"));
            } else {
                findings.add(AlembicIni.finding(Checks.UNLOADED_FILE, Severity.INFO, iniRel, line,
                        "sourceless = true: revchain reads .py sources only; no compiled-only migration was found",
                        "would also load .pyc/.pyo files without source"));
            }
        }

        /**
         * Reports migrations in sub-folders of a version location: 1.8.1 never loads them (WARNING when the ini
         * asks for recursion, INFO otherwise since no Alembic release loads them then).
         */
        void subfolders(List<Path> subdirs, boolean recursive) {
            for (Path sub : subdirs) {
                List<String> found = migrationsUnder(sub);
                if (found.isEmpty()) {
                    continue;
                }
                String first = root.rel(sub.resolve(found.get(0)));
                findings.add(AlembicIni.finding(Checks.UNLOADED_FILE,
                        recursive ? Severity.WARNING : Severity.INFO, first, 0,
                        found.size() + " migration file(s) in sub-folder " + root.rel(sub) + " (first: " + first
                                + ") are not loaded by Alembic 1.8.1, which reads only the top level of a version "
                                + "location" + (recursive ? " even though recursive_version_locations is set"
                                                          : ""),
                        "silently ignores them"));
            }
        }

        private List<String> migrationsUnder(Path sub) {
            List<String> found = new ArrayList<>();
            int[] probes = {0};
            try {
                Files.walkFileTree(sub, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        return SKIPPED_DIRS.contains(d.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && PyNames.isSource(f.getFileName().toString())) {
                            if (probe(f)) {
                                found.add(sub.relativize(f).toString().replace('\\', '/'));
                            }
                            if (++probes[0] >= MAX_PROBES) {
                                return FileVisitResult.TERMINATE;
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                return found;
            }
            found.sort(PyNames.PYTHON_ORDER);
            return found;
        }
    }
}
