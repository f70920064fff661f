package io.revchain.core.discovery;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.tree.DiskTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the migration chains under a folder on disk and, for each, the files Alembic would load, without ever
 * importing or executing them: {@link ChainResolver} decides the chains and their folders over a {@link DiskTree}
 * (the same decision ingest makes over a git tree), and this class lists each folder as Alembic lists it.
 *
 * <p>In each folder the files are those whose name matches {@code (?!\.#|__init__)(.*\.py)$}, sorted as Python
 * sorts {@code str}, the same real file counted once (Alembic's "loaded twice" warning).
 *
 * <p>Safety: a symlink whose real path leaves the root is never followed (an {@code unsafe-path} ERROR); a folder
 * or a non-regular file named {@code *.py}, a broken link and an unreadable folder are {@code unparseable-file}
 * ERRORs; with {@code sourceless = true} the compiled files without source are counted (revchain reads sources only).
 */
public final class Discovery {
    private Discovery() {}

    static final int MAX_DEPTH = 6;
    static final int PROBE_BYTES = 64 * 1024;
    /** Folders probed per location before giving up: a real versions folder mentions down_revision early. */
    static final int MAX_PROBES = 1000;

    static final Set<String> SKIPPED_DIRS =
            Set.of(".git", ".hg", "node_modules", ".venv", "venv", "site-packages", "__pycache__", ".tox");
    private static final byte[] DOWN_REVISION = "down_revision".getBytes(StandardCharsets.US_ASCII);

    /** Python's order on repository-relative paths. */
    static final Comparator<String> PATH_ORDER = PyNames.PYTHON_ORDER;

    /**
     * Finds every chain under {@code root} with the rules of the Alembic release each chain pins.
     *
     * @throws IOException when {@code root} does not exist or is not a folder (the message names it), or the root
     *                     itself cannot be listed
     */
    public static List<ChainSource> discover(Path root) throws IOException {
        return discover(root, ChainResolver.Options.DEFAULT);
    }

    /** Finds every chain under {@code root} as {@link ChainResolver} resolves them with {@code options}. */
    public static List<ChainSource> discover(Path root, ChainResolver.Options options) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new NoSuchFileException(abs.toString(), null, "the folder to analyse does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new NotDirectoryException(abs + ": the path to analyse is not a folder");
        }
        DiskTree tree = new DiskTree(abs);
        Root r = new Root(abs, abs.toRealPath());
        List<ChainSource> chains = new ArrayList<>();
        for (ChainPlan plan : ChainResolver.resolve(tree, options).chains()) {
            chains.add(scan(r, tree, plan));
        }
        return List.copyOf(chains);
    }

    /** Lists the files of one resolved chain, as Alembic lists each folder. */
    private static ChainSource scan(Root r, DiskTree tree, ChainPlan plan) {
        Scan scan = new Scan(r);
        for (String folder : plan.folders()) {
            scan.location(tree.resolve(folder), ChainResolver.display(folder), plan.ini(), 0, plan.sourceless());
        }
        if (plan.sourceless()) {
            scan.sourcelessFinding(plan.ini(), plan.sourcelessLine());
        }
        List<Finding> findings = new ArrayList<>(plan.findings());
        findings.addAll(scan.findings);
        return new ChainSource(
                plan.name(),
                ChainResolver.display(plan.location()),
                plan.ini() == null ? null : tree.resolve(plan.ini()),
                plan.versionLocations().stream().map(ChainResolver::display).toList(),
                scan.files,
                findings,
                plan);
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

    /** An ini file's text as configparser reads it (UTF-8, malformed bytes replaced). */
    static String decodeIni(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * An I/O failure in words fit for a finding: the exception's kind only, since its message is usually an absolute
     * path of the machine (and findings name paths relative to the analysed folder).
     */
    static String describe(IOException e) {
        return e.getClass().getSimpleName();
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
                findings.add(AlembicIni.finding(
                        Check.UNSAFE_PATH,
                        Severity.ERROR,
                        iniRel,
                        line,
                        "version location " + rel + " leads outside the analysed folder",
                        "follows it"));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    names.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                findings.add(AlembicIni.finding(
                        Check.UNPARSEABLE_FILE,
                        Severity.ERROR,
                        rel,
                        0,
                        "version location " + rel + " cannot be listed: " + describe(e),
                        "fails listing it"));
                return List.of();
            }
            names.sort(PyNames.PYTHON_ORDER);
            String prefix = rel.equals(".") ? "" : rel + "/";
            List<Path> subdirs = new ArrayList<>();
            for (String name : names) {
                if (!PyNames.isSource(name)) {
                    if (!SKIPPED_DIRS.contains(name)
                            && Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
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
                        findings.add(AlembicIni.finding(
                                Check.UNPARSEABLE_FILE,
                                Severity.ERROR,
                                path,
                                0,
                                path + " is a broken symlink",
                                "ImportError: Can't find Python file " + path));
                        return;
                    }
                    if (!root.containsReal(realFile)) {
                        findings.add(AlembicIni.finding(
                                Check.UNSAFE_PATH,
                                Severity.ERROR,
                                path,
                                0,
                                path + " is a symlink to a file outside the analysed folder; it is not read",
                                "follows the symlink and executes the target"));
                        return;
                    }
                    attrs = Files.readAttributes(realFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
            } catch (IOException e) {
                findings.add(AlembicIni.finding(
                        Check.UNPARSEABLE_FILE,
                        Severity.ERROR,
                        path,
                        0,
                        path + " cannot be inspected: " + describe(e),
                        "fails loading it"));
                return;
            }
            if (!attrs.isRegularFile()) {
                String what = attrs.isDirectory() ? "a folder" : "not a regular file";
                findings.add(AlembicIni.finding(
                        Check.UNPARSEABLE_FILE,
                        Severity.ERROR,
                        path,
                        0,
                        path + " is " + what + " but its name ends in .py, so Alembic tries to load it",
                        attrs.isDirectory()
                                ? "IsADirectoryError while loading it: every command fails"
                                : "fails or blocks while loading it"));
                return;
            }
            if (!seenReal.add(realFile)) {
                findings.add(AlembicIni.finding(
                        Check.DUPLICATE_FILE,
                        Severity.WARNING,
                        path,
                        0,
                        path + " is the same file as one already loaded (" + root.rel(realFileLexical(realFile))
                                + "); it is counted once",
                        "UserWarning: File " + root.rel(realFileLexical(realFile))
                                + " loaded twice! ignoring. Please ensure " + "version_locations is unique."));
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
                findings.add(AlembicIni.finding(
                        Check.UNLOADED_FILE,
                        Severity.WARNING,
                        iniRel,
                        line,
                        "sourceless = true: Alembic also loads " + compiledOnly + " compiled file(s) without "
                                + "source (first: " + firstCompiled + "); revchain reads .py sources only, so "
                                + "they are not analysed",
                        "loads the .pyc/.pyo files"));
            } else {
                findings.add(AlembicIni.finding(
                        Check.UNLOADED_FILE,
                        Severity.INFO,
                        iniRel,
                        line,
                        "sourceless = true: revchain reads .py sources only; no compiled-only migration was found",
                        "would also load .pyc/.pyo files without source"));
            }
        }
    }
}
