package io.revchain.core.discovery;

import io.revchain.core.alembic.AlembicPin;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.alembic.PyProject;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.parse.PyRepr;
import io.revchain.core.tree.PythonModules;
import io.revchain.core.tree.SourceTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which migration chains a repository has and where each one's files are, from what the repository itself
 * configures, without importing or executing anything. The one resolution used by {@code revchain check} on a
 * checkout ({@link io.revchain.core.tree.DiskTree}) and by ingest on a git commit's tree.
 *
 * <p>In order:
 * <ol>
 *   <li>{@code .revchain.yaml} may state the chains ({@code chains:} or {@code version_locations:}); then nothing is
 *       inferred.</li>
 *   <li>Every {@code alembic.ini}, and every other {@code *.ini} with a {@code script_location} (Pyramid's
 *       {@code development.ini}), within {@value #MAX_DEPTH} folders: each section with a {@code script_location}
 *       is a chain named by the section ({@code alembic -n NAME}); {@code [tool.alembic]} of the
 *       {@code pyproject.toml} beside it fills in what the ini leaves out, for releases that read it. A section
 *       without {@code script_location} is an error only where {@code alembic} would be run with it: {@code [alembic]}
 *       when no other section defines a chain.</li>
 *   <li>Without any ini: a {@code pyproject.toml} with {@code [tool.alembic] script_location}.</li>
 *   <li>Otherwise the root and every {@code versions} folder whose {@code .py} files mention {@code down_revision}.</li>
 * </ol>
 * A {@code package:path} location is the package's folder inside the repository ({@link PythonModules}). Migration
 * files in sub-folders of a version location are loaded when {@code recursive_version_locations} is on and the
 * release knows it; otherwise the project's own code must be adding them, and the sub-folders are grouped by what
 * their files refer to: folders whose files link to each other form one chain with the top level, and a group that
 * refers only to itself is a chain of its own (one per database dialect). Each such decision is a note on the chain.
 *
 * <p>An {@code alembic.ini} or {@code pyproject.toml} that is not a regular file of the repository (a link leading
 * out, a broken link, a FIFO) is never read and never skipped silently: it is a chain that cannot be resolved, with an
 * {@code unsafe-path} or {@code invalid-config} ERROR. Findings name paths relative to the repository: the virtual
 * root {@code %(here)s} expands to is written as the repository's own folder.
 */
public final class ChainResolver {
    private ChainResolver() {}

    static final int MAX_DEPTH = 6;
    static final int MAX_CONFIG_BYTES = 1024 * 1024;
    /** Files parsed to infer how sub-folders link; a larger tree is read as the top level only. */
    static final int MAX_INFERENCE_FILES = 20_000;

    static final int MAX_MIGRATION_BYTES = 8 * 1024 * 1024;
    /** Folders visited by one walk (a hostile tree cannot make it run for ever). */
    static final int MAX_VISITS = 50_000;

    private static final int PROBE_BYTES = Discovery.PROBE_BYTES;
    private static final int MAX_PROBES = Discovery.MAX_PROBES;
    /** A virtual absolute root, so that {@code %(here)s} and {@code ..} resolve as they do on disk. */
    private static final Path ROOT = Path.of("/.revchain-repository-root");

    /**
     * A chain stated in {@code .revchain.yaml}.
     *
     * @param name             its name
     * @param versionLocations repository-relative folders
     * @param recursive        whether their sub-folders are loaded too
     */
    public record ExplicitChain(String name, List<String> versionLocations, boolean recursive) {
        public ExplicitChain {
            versionLocations = List.copyOf(versionLocations);
        }
    }

    /**
     * What the caller decides.
     *
     * @param explicit  chains stated in {@code .revchain.yaml}, empty to resolve them from the repository
     * @param configFile the file that stated them (for findings)
     * @param release   the release whose rules apply ({@code --alembic-version}), {@code null} for the pinned one
     */
    public record Options(List<ExplicitChain> explicit, String configFile, AlembicRelease release) {
        public static final Options DEFAULT = new Options(List.of(), null, null);

        public Options {
            explicit = List.copyOf(explicit);
        }
    }

    /**
     * Every chain found.
     *
     * @param chains   the chains, in a stable order (configuration files sorted as Python sorts paths, sections in
     *                 file order)
     * @param lookedFor what was looked for, to say so when nothing was found
     */
    public record Resolution(List<ChainPlan> chains, String lookedFor) {
        public Resolution {
            chains = List.copyOf(chains);
        }
    }

    public static final String LOOKED_FOR = "alembic.ini (or another .ini with script_location), pyproject.toml with "
            + "[tool.alembic], and folders named versions whose .py files set down_revision";

    public static Resolution resolve(SourceTree tree, Options options) {
        Resolution r = resolveRooted(tree, options);
        return new Resolution(r.chains().stream().map(ChainResolver::unrooted).toList(), r.lookedFor());
    }

    /**
     * The plan with every mention of the virtual root ({@code %(here)s} resolved) made relative to the analysed
     * folder: a finding never names a path of the machine, real or virtual.
     */
    private static ChainPlan unrooted(ChainPlan p) {
        List<Finding> findings = new ArrayList<>(p.findings().size());
        for (Finding f : p.findings()) {
            findings.add(new Finding(
                    f.check(),
                    f.severity(),
                    f.revision(),
                    f.file(),
                    f.line(),
                    unrooted(f.message()),
                    unrooted(f.alembic()),
                    f.revisions()));
        }
        return new ChainPlan(
                p.name(),
                p.section(),
                p.ini(),
                p.location(),
                p.versionLocations(),
                p.folders(),
                p.resolved(),
                p.sourceless(),
                p.sourcelessLine(),
                p.fileTemplate(),
                p.release(),
                p.releaseSource(),
                p.notes().stream().map(ChainResolver::unrooted).toList(),
                findings);
    }

    private static final String ROOT_TEXT = ROOT.toString();

    /** {@code text} with the virtual root written as the analysed folder: "/root/a" as "a", "/root" as ".". */
    static String unrooted(String text) {
        if (text == null || !text.contains(ROOT_TEXT)) {
            return text;
        }
        return text.replace(ROOT_TEXT + "/", "").replace(ROOT_TEXT, ".");
    }

    private static Resolution resolveRooted(SourceTree tree, Options options) {
        if (!options.explicit().isEmpty()) {
            List<ChainPlan> out = new ArrayList<>();
            for (ExplicitChain e : options.explicit()) {
                out.addAll(explicit(tree, e, options));
            }
            return new Resolution(out, LOOKED_FOR);
        }
        Walk walk = walk(tree);
        List<ChainPlan> chains = new ArrayList<>();
        for (String refused : walk.refused) {
            chains.add(refusedConfig(tree, refused, options));
        }
        Set<String> iniFolders = new LinkedHashSet<>();
        for (String ini : walk.inis) {
            iniFolders.add(SourceTree.parent(ini));
            chains.addAll(fromIni(tree, ini, options));
        }
        for (String pyproject : walk.pyprojects) {
            if (!iniFolders.contains(SourceTree.parent(pyproject))) {
                chains.addAll(fromPyproject(tree, pyproject, options));
            }
        }
        if (chains.isEmpty()) {
            if (mentionsDownRevision(tree, "")) {
                chains.addAll(fromFolder(tree, "", options));
            }
            for (String versions : walk.versionDirs) {
                if (mentionsDownRevision(tree, versions)) {
                    chains.addAll(fromFolder(tree, versions, options));
                }
            }
        }
        return new Resolution(dedupe(chains), LOOKED_FOR);
    }

    // ---------------------------------------------------------------- finding configuration files

    /**
     * @param refused {@code alembic.ini} and {@code pyproject.toml} files that are not regular files of the
     *                repository (a link out of it, a FIFO): each is an ERROR, never silently skipped
     */
    private record Walk(List<String> inis, List<String> pyprojects, List<String> versionDirs, List<String> refused) {}

    private static Walk walk(SourceTree tree) {
        List<String> inis = new ArrayList<>();
        List<String> pyprojects = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>();
        Map<String, Integer> depth = new HashMap<>();
        queue.add("");
        depth.put("", 0);
        int visits = 0;
        while (!queue.isEmpty() && visits++ < MAX_VISITS) {
            String folder = queue.poll();
            int d = depth.get(folder);
            for (String name : tree.list(folder)) {
                String path = SourceTree.join(folder, name);
                SourceTree.Kind kind = tree.kind(path);
                if (kind == SourceTree.Kind.FOLDER) {
                    if (Discovery.SKIPPED_DIRS.contains(name)) {
                        continue;
                    }
                    if (name.equals("versions")) {
                        versions.add(path);
                    }
                    if (d + 1 >= MAX_DEPTH) {
                        continue;
                    }
                    depth.put(path, d + 1);
                    queue.add(path);
                } else if (kind == SourceTree.Kind.FILE) {
                    if (name.equals("alembic.ini") || (name.endsWith(".ini") && hasScriptLocation(tree, path))) {
                        inis.add(path);
                    } else if (name.equals("pyproject.toml")) {
                        pyprojects.add(path);
                    }
                } else if (kind == SourceTree.Kind.OTHER
                        && (name.equals("alembic.ini") || name.equals("pyproject.toml"))) {
                    refused.add(path);
                }
            }
        }
        inis.sort(Discovery.PATH_ORDER);
        pyprojects.sort(Discovery.PATH_ORDER);
        versions.sort(Discovery.PATH_ORDER);
        refused.sort(Discovery.PATH_ORDER);
        return new Walk(inis, pyprojects, versions, refused);
    }

    /** A cheap look at another {@code *.ini}: does a line start with {@code script_location}? */
    private static boolean hasScriptLocation(SourceTree tree, String path) {
        Optional<byte[]> bytes = tree.read(path, MAX_CONFIG_BYTES);
        if (bytes.isEmpty()) {
            return false;
        }
        for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("script_location")
                    && s.substring("script_location".length()).strip().matches("[=:].*")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- chains from configuration

    /** The release of a chain configured in {@code folder}, and why. */
    private record Release(AlembicRelease release, String source) {}

    private static Release release(SourceTree tree, String folder, Options options) {
        if (options.release() != null) {
            return new Release(options.release(), "--alembic-version " + options.release());
        }
        Optional<AlembicPin.Pin> pin = AlembicPin.find(tree, folder);
        if (pin.isPresent()) {
            AlembicPin.Pin p = pin.get();
            return new Release(
                    p.release(),
                    p.file() + (p.line() > 0 ? ":" + p.line() : "") + " " + p.spec()
                            + (p.how() == null ? "" : " (" + p.how() + ")"));
        }
        return new Release(AlembicRelease.CURRENT, "no pin found: the current release's rules");
    }

    private static Map<String, Object> toolAlembic(SourceTree tree, String pyproject, List<Finding> findings) {
        Optional<byte[]> bytes = tree.read(pyproject, MAX_CONFIG_BYTES);
        if (bytes.isEmpty()) {
            return Map.of();
        }
        PyProject p = PyProject.parse(pyproject, new String(bytes.get(), StandardCharsets.UTF_8));
        if (p.problem().isPresent()) {
            findings.add(AlembicIni.finding(
                    Check.INVALID_CONFIG,
                    Severity.WARNING,
                    pyproject,
                    0,
                    "pyproject.toml cannot be read as TOML: " + p.problem().get(),
                    "fails reading it"));
            return Map.of();
        }
        String here = here(SourceTree.parent(pyproject));
        Map<String, Object> out = new LinkedHashMap<>();
        p.toolAlembic().forEach((k, v) -> out.put(k, hereIn(v, here)));
        return out;
    }

    private static Object hereIn(Object v, String here) {
        if (v instanceof String s) {
            return s.replace("%(here)s", here);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(x -> hereIn(x, here)).toList();
        }
        return v;
    }

    private static String here(String folder) {
        return (folder.isEmpty() ? ROOT : ROOT.resolve(folder)).toString();
    }

    /**
     * A configuration file that is not read (a link leaving the repository, a FIFO, a broken link): a chain that
     * cannot be resolved, with an ERROR saying why in words, so the verdict is never healthy.
     */
    private static ChainPlan refusedConfig(SourceTree tree, String path, Options options) {
        String folder = SourceTree.parent(path);
        SourceTree.Refusal why = tree.refusal(path);
        String name = SourceTree.name(path);
        Finding f = why.outside()
                ? AlembicIni.finding(
                        Check.UNSAFE_PATH,
                        Severity.ERROR,
                        path,
                        0,
                        path + " " + why.reason() + "; it is not read, and the chains it configures are not checked",
                        "reads it")
                : AlembicIni.error(
                        path,
                        0,
                        path + " " + why.reason() + "; it is not read, and the chains it "
                                + "configures are not checked",
                        "fails or blocks reading " + name);
        return unresolved(
                AlembicIni.SECTION,
                AlembicIni.SECTION,
                path,
                folder,
                release(tree, folder, options),
                new ArrayList<>(List.of(f)),
                new ArrayList<>());
    }

    private static List<ChainPlan> fromIni(SourceTree tree, String ini, Options options) {
        String iniDir = SourceTree.parent(ini);
        String fileName = SourceTree.name(ini);
        Release release = release(tree, iniDir, options);
        List<Finding> common = new ArrayList<>();
        Optional<byte[]> bytes = tree.read(ini, MAX_CONFIG_BYTES);
        if (bytes.isEmpty()) {
            common.add(AlembicIni.error(
                    ini,
                    0,
                    fileName + " cannot be read (larger than " + MAX_CONFIG_BYTES + " bytes, or unreadable)",
                    "Alembic cannot read its configuration"));
            return List.of(unresolved(AlembicIni.SECTION, AlembicIni.SECTION, ini, iniDir, release, common, List.of()));
        }
        IniFile parsed = IniFile.parse(fileName, Discovery.decodeIni(bytes.get()), Map.of("here", here(iniDir)));
        String pyproject = SourceTree.join(iniDir, "pyproject.toml");
        Map<String, Object> toml = release.release().pyprojectConfig() && tree.isFile(pyproject)
                ? toolAlembic(tree, pyproject, common)
                : Map.of();

        List<String> sections = new ArrayList<>();
        for (String s : parsed.sections()) {
            // a script_location set in [DEFAULT] reaches every section: then a section that sets its own
            // version_locations is a chain too (the multi-database template's [forms], [test_forms])
            if (parsed.ownsOption(s, "script_location")
                    || parsed.ownsOption(s, "version_locations")
                            && parsed.option(s, "script_location").isPresent()) {
                sections.add(s);
            }
        }
        boolean alembicSection = parsed.hasSection(AlembicIni.SECTION);
        boolean alembicChain = alembicSection
                && (parsed.option(AlembicIni.SECTION, "script_location").isPresent()
                        || toml.containsKey("script_location"));
        if (alembicChain && !sections.contains(AlembicIni.SECTION)) {
            sections.add(0, AlembicIni.SECTION);
        }
        List<ChainPlan> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (sections.isEmpty() || (sections.size() == 1 && sections.contains(AlembicIni.SECTION))) {
            // the plain layout: [alembic] alone, or an ini Alembic cannot use (reported as Alembic reports it)
            return section(tree, ini, parsed, AlembicIni.SECTION, toml, release, common, notes, true);
        }
        if (alembicSection && !alembicChain) {
            notes.add("[alembic] in " + ini + " has no script_location; the chains are its sections "
                    + String.join(
                            ", ", sections.stream().map(s -> "[" + s + "]").toList())
                    + ", each run as alembic -n NAME");
        }
        boolean first = true;
        for (String s : sections) {
            // [tool.alembic] is read for every section: Alembic's Config falls back to it whatever -n says
            out.addAll(section(
                    tree, ini, parsed, s, toml, release, first ? common : List.of(), first ? notes : List.of(), false));
            first = false;
        }
        return out;
    }

    private static List<ChainPlan> fromPyproject(SourceTree tree, String pyproject, Options options) {
        String folder = SourceTree.parent(pyproject);
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> toml = toolAlembic(tree, pyproject, findings);
        if (!toml.containsKey("script_location")) {
            return List.of();
        }
        Release release = release(tree, folder, options);
        List<String> notes = new ArrayList<>();
        if (!release.release().pyprojectConfig()) {
            findings.add(AlembicIni.finding(
                    Check.INVALID_CONFIG,
                    Severity.ERROR,
                    pyproject,
                    0,
                    "[tool.alembic] in " + pyproject + " is read only by Alembic 1.16 and later, but the rules in "
                            + "force are " + release.release() + "'s (" + release.source() + ")",
                    "FAILED: No config file 'alembic.ini' found, or file has no '[alembic]' section"));
        }
        IniFile empty = IniFile.parse("pyproject.toml", "[alembic]\n", Map.of("here", here(folder)));
        return section(tree, pyproject, empty, AlembicIni.SECTION, toml, release, findings, notes, true);
    }

    /** One ini section (or {@code [tool.alembic]}) as a chain. */
    private static List<ChainPlan> section(
            SourceTree tree,
            String ini,
            IniFile parsed,
            String section,
            Map<String, Object> toml,
            Release release,
            List<Finding> common,
            List<String> notesIn,
            boolean plain) {
        String iniDir = SourceTree.parent(ini);
        List<Finding> findings = new ArrayList<>(common);
        List<String> notes = new ArrayList<>(notesIn);
        AlembicIni.Settings s = AlembicIni.read(parsed, ini, section, toml, release.release());
        findings.addAll(s.findings());
        if (!s.usable()) {
            return List.of(unresolved(section, section, ini, iniDir, release, findings, notes));
        }
        List<String> preferredRoots = new ArrayList<>();
        preferredRoots.add(iniDir);
        String script = scriptFolder(tree, ini, iniDir, s, findings, notes, preferredRoots);
        List<String> locations = new ArrayList<>();
        List<Boolean> defaults = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        if (s.versionLocations() == null) {
            if (script != null) {
                locations.add(SourceTree.join(script, "versions"));
                defaults.add(true);
                lines.add(s.scriptLocationLine());
            }
        } else {
            for (String loc : s.versionLocations()) {
                if (loc.isEmpty()) {
                    findings.add(AlembicIni.finding(
                            Check.INVALID_CONFIG,
                            Severity.WARNING,
                            ini,
                            s.versionLocationsLine(),
                            "version_locations has an empty entry (a stray comma or "
                                    + "space): Alembic resolves it to the folder it runs in, "
                                    + (iniDir.isEmpty() ? "." : iniDir),
                            "scans the current directory as a version location"));
                }
                String p = location(
                        tree,
                        ini,
                        iniDir,
                        loc,
                        s.versionLocationsLine(),
                        findings,
                        notes,
                        preferredRoots,
                        "version location");
                if (p != null) {
                    locations.add(p);
                    defaults.add(false);
                    lines.add(s.versionLocationsLine());
                }
            }
        }
        String name = plain ? AlembicIni.SECTION : section;
        if (script == null && s.versionLocations() == null) {
            return List.of(unresolved(name, section, ini, iniDir, release, findings, notes));
        }
        return layout(
                tree,
                name,
                section,
                ini,
                iniDir,
                locations,
                defaults,
                lines,
                s.recursive(),
                s.recursiveLine(),
                s.sourceless(),
                s.sourcelessLine(),
                s.fileTemplate(),
                release,
                findings,
                notes);
    }

    /** The script folder, or null when it cannot be resolved (with the finding that says why). */
    private static String scriptFolder(
            SourceTree tree,
            String ini,
            String iniDir,
            AlembicIni.Settings s,
            List<Finding> findings,
            List<String> notes,
            List<String> preferredRoots) {
        String sl = s.scriptLocation();
        if (sl == null) {
            if (!s.scriptLocationMissing()) {
                return null;
            }
            if (tree.isFile(SourceTree.join(iniDir, "env.py"))) {
                // Flask-Migrate keeps alembic.ini next to env.py and passes script_location at run time
                findings.add(AlembicIni.finding(
                        Check.INVALID_CONFIG,
                        Severity.INFO,
                        ini,
                        s.sectionLine(),
                        SourceTree.name(ini) + " has no script_location but sits next to env.py (Flask-Migrate "
                                + "layout): its own folder is taken as the script location",
                        "the plain alembic command fails with: No 'script_location' key found in configuration."));
                return iniDir;
            }
            findings.add(AlembicIni.missingScriptLocation(ini, s.section(), s.sectionLine()));
            return null;
        }
        String p = location(
                tree, ini, iniDir, sl, s.scriptLocationLine(), findings, notes, preferredRoots, "script_location");
        if (p == null) {
            return null;
        }
        if (!tree.isFolder(p) && !isPackageResource(sl)) {
            if (tree.kind(p) == SourceTree.Kind.MISSING) {
                findings.add(AlembicIni.error(
                        ini,
                        s.scriptLocationLine(),
                        "script_location " + PyRepr.of(sl) + " does not exist" + yamlHint(),
                        "FAILED: Path doesn't exist: " + PyRepr.of(sl) + ".  Please use the 'init' command "
                                + "to create a new scripts folder."));
                return null;
            }
        }
        return p;
    }

    /**
     * A configured location as a repository-relative path; {@code null} (with a finding) when it leaves the
     * repository or names a package that is not in it.
     */
    private static String location(
            SourceTree tree,
            String ini,
            String iniDir,
            String loc,
            int line,
            List<Finding> findings,
            List<String> notes,
            List<String> preferredRoots,
            String what) {
        if (loc.indexOf('\0') >= 0) {
            findings.add(notAPath(ini, line, what, loc));
            return null;
        }
        if (isPackageResource(loc)) {
            // importlib.resources.files(tokens[0]) / tokens[1] / ...: every further ':' is a path separator
            int colon = loc.indexOf(':');
            String pkg = loc.substring(0, colon).strip();
            String sub = loc.substring(colon + 1).replace(':', '/');
            Optional<PythonModules.Found> found = PythonModules.packageFolder(tree, pkg, preferredRoots);
            if (found.isEmpty()) {
                findings.add(AlembicIni.error(
                        ini,
                        line,
                        what + " " + PyRepr.of(loc) + " names package " + pkg
                                + ", which revchain cannot find in this repository (looked under the ini's folder, "
                                + "the root, src/ and every folder up to " + PythonModules.MAX_DEPTH + " deep); the "
                                + "chain is skipped" + yamlHint(),
                        "resolves it with importlib.resources from the installed package"));
                return null;
            }
            PythonModules.Found f = found.get();
            String folder = normalize(SourceTree.join(f.path(), sub.replaceAll("^/+", "")));
            if (folder == null) {
                findings.add(outside(ini, line, what, loc));
                return null;
            }
            notes.add(
                    what + " " + PyRepr.of(loc) + " is package " + pkg + " at " + display(f.path())
                            + (f.root().isEmpty() ? "" : " (source root " + f.root() + ")")
                            + (f.alternatives().isEmpty()
                                    ? ""
                                    : "; also found at " + String.join(", ", f.alternatives())
                                            + ", not taken: the first source root in the order ini folder, root, src/, shallowest wins"));
            return folder;
        }
        Path base = iniDir.isEmpty() ? ROOT : ROOT.resolve(iniDir);
        Path p = base.resolve(loc).normalize();
        if (!p.startsWith(ROOT)) {
            findings.add(outside(ini, line, what, loc));
            return null;
        }
        return ROOT.relativize(p).toString().replace('\\', '/');
    }

    /** A location with a NUL character: no file system has such a path (Alembic fails on it too). */
    private static Finding notAPath(String ini, int line, String what, String loc) {
        return AlembicIni.error(
                ini,
                line,
                what + " " + PyRepr.of(loc) + " contains a NUL character, which no path "
                        + "can hold; it is not scanned",
                "ValueError: embedded null byte");
    }

    private static Finding outside(String ini, int line, String what, String loc) {
        return AlembicIni.finding(
                Check.UNSAFE_PATH,
                Severity.ERROR,
                ini,
                line,
                what + " " + PyRepr.of(loc) + " resolves outside the analysed folder; it is not scanned",
                "scans it");
    }

    static String yamlHint() {
        return "; if the project builds its locations in code, state them in .revchain.yaml, e.g. "
                + "chains: {alembic: {version_locations: [path/to/versions]}}";
    }

    private static String normalize(String path) {
        if (path.indexOf('\0') >= 0) {
            return null;
        }
        Path p = ROOT.resolve(path).normalize();
        return p.startsWith(ROOT) ? ROOT.relativize(p).toString().replace('\\', '/') : null;
    }

    static boolean isPackageResource(String loc) {
        return !loc.startsWith("/") && loc.contains(":");
    }

    private static ChainPlan unresolved(
            String name,
            String section,
            String ini,
            String location,
            Release release,
            List<Finding> findings,
            List<String> notes) {
        return new ChainPlan(
                name,
                section,
                ini,
                location,
                List.of(),
                List.of(),
                false,
                false,
                0,
                null,
                release.release(),
                release.source(),
                notes,
                findings);
    }

    private static List<ChainPlan> fromFolder(SourceTree tree, String folder, Options options) {
        Release release = release(tree, folder, options);
        return layout(
                tree,
                AlembicIni.SECTION,
                null,
                null,
                folder,
                List.of(folder),
                List.of(false),
                List.of(0),
                false,
                0,
                false,
                0,
                null,
                release,
                new ArrayList<>(),
                new ArrayList<>());
    }

    private static List<ChainPlan> explicit(SourceTree tree, ExplicitChain e, Options options) {
        Release release = release(tree, "", options);
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("layout stated in " + (options.configFile() == null ? ".revchain.yaml" : options.configFile()));
        List<String> locations = new ArrayList<>();
        List<Boolean> defaults = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (String loc : e.versionLocations()) {
            if (loc.indexOf('\0') >= 0) {
                findings.add(notAPath(options.configFile(), 0, "version location", loc));
                continue;
            }
            String p = normalize(loc.replaceAll("^/+", ""));
            if (p == null || loc.startsWith("/")) {
                findings.add(outside(options.configFile(), 0, "version location", loc));
                continue;
            }
            locations.add(p);
            defaults.add(false);
            lines.add(0);
        }
        // a stated layout is followed as stated: no inference
        return layout(
                tree,
                e.name(),
                null,
                options.configFile(),
                "",
                locations,
                defaults,
                lines,
                e.recursive(),
                0,
                false,
                0,
                null,
                release,
                findings,
                notes);
    }

    // ---------------------------------------------------------------- folders and sub-folders

    /**
     * Checks each location and adds the sub-folders whose files are loaded, by recursion or by inference; the chain
     * comes first, then any sub-folder found to be a chain of its own.
     */
    private static List<ChainPlan> layout(
            SourceTree tree,
            String name,
            String section,
            String ini,
            String location,
            List<String> locations,
            List<Boolean> defaults,
            List<Integer> lines,
            boolean recursive,
            int recursiveLine,
            boolean sourceless,
            int sourcelessLine,
            String fileTemplate,
            Release release,
            List<Finding> findings,
            List<String> notes) {
        // every usable location, repeats kept: Alembic lists a folder named twice twice (and warns)
        List<String> usable = new ArrayList<>();
        for (int i = 0; i < locations.size(); i++) {
            String loc = locations.get(i);
            String shown = display(loc);
            int line = lines.get(i);
            switch (tree.kind(loc)) {
                case FOLDER -> usable.add(loc);
                case MISSING -> {
                    if (defaults.get(i) && release.release().missingVersionsFolderIsEmpty()) {
                        findings.add(AlembicIni.finding(
                                Check.INVALID_CONFIG,
                                Severity.INFO,
                                ini,
                                line,
                                "the versions folder " + shown + " does not exist: an empty chain for Alembic "
                                        + release.release(),
                                "lists no revision (from 1.10)"));
                    } else if (defaults.get(i)) {
                        findings.add(AlembicIni.error(
                                ini,
                                line,
                                "the versions folder " + shown + " does not exist",
                                "FileNotFoundError: [Errno 2] No such file or directory: " + PyRepr.of(shown)));
                    } else {
                        findings.add(AlembicIni.finding(
                                Check.INVALID_CONFIG,
                                Severity.INFO,
                                ini,
                                line,
                                "version location " + shown + " does not exist",
                                "skips it silently"));
                    }
                }
                case FILE ->
                    findings.add(AlembicIni.error(
                            ini,
                            line,
                            "version location " + shown + " is not a folder",
                            "NotADirectoryError: [Errno 20] Not a directory: " + PyRepr.of(shown)));
                case OTHER ->
                    findings.add(AlembicIni.finding(
                            Check.UNSAFE_PATH,
                            Severity.ERROR,
                            ini,
                            line,
                            "version location " + shown + " leads outside the analysed folder (a symbolic link) or is "
                                    + "not a folder; it is not scanned",
                            "follows it"));
            }
        }
        boolean stated = ini != null && ini.endsWith(".revchain.yaml");
        boolean honoured = recursive && (stated || release.release().recursiveVersionLocations());
        if (recursive && !honoured) {
            findings.add(AlembicIni.finding(
                    Check.UNLOADED_FILE,
                    Severity.INFO,
                    ini,
                    recursiveLine,
                    "recursive_version_locations is set, but Alembic " + release.release() + " does not know it "
                            + "(added in 1.10): only the top level of each version location is loaded",
                    "ignores the option"));
        }
        List<String> folders = new ArrayList<>();
        List<ChainPlan> split = new ArrayList<>();
        Set<String> done = new HashSet<>();
        boolean anyMigration = false;
        for (String loc : usable) {
            if (!done.add(loc)) {
                folders.add(loc);
                continue;
            }
            if (honoured) {
                anyMigration = true;
                List<String> all = subfolders(tree, loc);
                folders.add(loc);
                folders.addAll(all);
                if (!all.isEmpty()) {
                    notes.add("recursive_version_locations: " + all.size() + " sub-folder(s) of " + display(loc)
                            + " loaded");
                }
                continue;
            }
            if (recursive || stated) {
                // 1.8.1 with the option set, or a stated layout: exactly the top level
                anyMigration = true;
                folders.add(loc);
                unloaded(tree, loc, recursive, findings);
                continue;
            }
            Inference inf = infer(tree, loc, usable);
            anyMigration |= inf.topHasMigrations || inf.main.size() > 1;
            folders.addAll(inf.main);
            notes.addAll(inf.notes);
            for (Map.Entry<String, List<String>> own : inf.separate.entrySet()) {
                split.add(new ChainPlan(
                        name + "/" + own.getKey(),
                        section,
                        ini,
                        location,
                        List.of(SourceTree.join(loc, own.getKey())),
                        own.getValue(),
                        true,
                        sourceless,
                        sourcelessLine,
                        fileTemplate,
                        release.release(),
                        release.source(),
                        List.of("sub-folder " + display(SourceTree.join(loc, own.getKey())) + " of " + display(loc)
                                + " is a complete chain of its own (its files refer to no file outside it): checked "
                                + "as chain " + name + "/" + own.getKey()),
                        List.of()));
            }
        }
        List<ChainPlan> out = new ArrayList<>();
        if (!split.isEmpty() && !anyMigration) {
            // nothing at the top level: the sub-folder chains are all there is (one per dialect, say)
            List<ChainPlan> withFindings = new ArrayList<>();
            for (ChainPlan p : split) {
                List<Finding> f = new ArrayList<>(findings);
                f.addAll(p.findings());
                List<String> n = new ArrayList<>(notes);
                n.addAll(p.notes());
                withFindings.add(new ChainPlan(
                        p.name(),
                        p.section(),
                        p.ini(),
                        p.location(),
                        p.versionLocations(),
                        p.folders(),
                        p.resolved(),
                        p.sourceless(),
                        p.sourcelessLine(),
                        p.fileTemplate(),
                        p.release(),
                        p.releaseSource(),
                        n,
                        f));
                findings = List.of();
                notes = List.of();
            }
            return withFindings;
        }
        out.add(new ChainPlan(
                name,
                section,
                ini,
                location,
                new ArrayList<>(new LinkedHashSet<>(usable)),
                folders,
                true,
                sourceless,
                sourcelessLine,
                fileTemplate,
                release.release(),
                release.source(),
                notes,
                findings));
        out.addAll(split);
        return out;
    }

    /** The chains in order, the same folders checked once. */
    private static List<ChainPlan> dedupe(List<ChainPlan> chains) {
        List<ChainPlan> out = new ArrayList<>();
        Map<List<String>, Integer> seen = new HashMap<>();
        for (ChainPlan c : chains) {
            Integer at = c.folders().isEmpty() ? null : seen.get(c.folders());
            if (at != null && out.get(at).name().contains("/") && !c.name().contains("/")) {
                // the same folders named by an ini section: the section's name is the one alembic -n knows
                ChainPlan inferred = out.get(at);
                List<String> notes = new ArrayList<>(c.notes());
                notes.add("the same folders are also reached through " + display(inferred.location())
                        + " by inference: checked once, as " + c.name());
                out.set(
                        at,
                        new ChainPlan(
                                c.name(),
                                c.section(),
                                c.ini(),
                                c.location(),
                                c.versionLocations(),
                                c.folders(),
                                c.resolved(),
                                c.sourceless(),
                                c.sourcelessLine(),
                                c.fileTemplate(),
                                c.release(),
                                c.releaseSource(),
                                notes,
                                c.findings()));
                continue;
            }
            if (at != null) {
                ChainPlan kept = out.get(at);
                List<String> notes = new ArrayList<>(kept.notes());
                notes.add("the same folders are also configured by " + (c.ini() == null ? c.location() : c.ini())
                        + (c.section() == null ? "" : " [" + c.section() + "]") + ": checked once");
                out.set(
                        at,
                        new ChainPlan(
                                kept.name(),
                                kept.section(),
                                kept.ini(),
                                kept.location(),
                                kept.versionLocations(),
                                kept.folders(),
                                kept.resolved(),
                                kept.sourceless(),
                                kept.sourcelessLine(),
                                kept.fileTemplate(),
                                kept.release(),
                                kept.releaseSource(),
                                notes,
                                kept.findings()));
                continue;
            }
            if (!c.folders().isEmpty()) {
                seen.put(c.folders(), out.size());
            }
            out.add(c);
        }
        return out;
    }

    /** Every sub-folder of {@code loc} (not {@code __pycache__}), as Alembic's recursive walk visits them. */
    static List<String> subfolders(SourceTree tree, String loc) {
        List<String> out = new ArrayList<>();
        Deque<String[]> stack = new ArrayDeque<>();
        stack.push(new String[] {loc, "0"});
        int visits = 0;
        List<String> order = new ArrayList<>();
        while (!stack.isEmpty() && visits++ < MAX_VISITS) {
            String[] top = stack.pop();
            int depth = Integer.parseInt(top[1]);
            List<String> children = new ArrayList<>();
            for (String name : tree.list(top[0])) {
                String p = SourceTree.join(top[0], name);
                // a migration's name is never taken for a folder: one stat less per file of a large versions folder
                if (!name.endsWith("__pycache__")
                        && !isCompiledOrSourceName(name)
                        && depth < MAX_DEPTH
                        && tree.isFolder(p)) {
                    children.add(p);
                }
            }
            if (!top[0].equals(loc)) {
                order.add(top[0]);
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(new String[] {children.get(i), Integer.toString(depth + 1)});
            }
        }
        out.addAll(order);
        return out;
    }

    private static boolean isCompiledOrSourceName(String name) {
        return name.endsWith(".py") || name.endsWith(".pyc") || name.endsWith(".pyo");
    }

    /** The top level of {@code loc} plus any sub-folder chains: what inference decided. */
    private record Inference(
            List<String> main, Map<String, List<String>> separate, List<String> notes, boolean topHasMigrations) {}

    private static Inference infer(SourceTree tree, String loc, List<String> otherLocations) {
        List<String> subs = new ArrayList<>();
        for (String sub : subfolders(tree, loc)) {
            // a sub-folder that is a version location of its own is loaded as one already
            if (otherLocations.stream().noneMatch(o -> !o.equals(loc) && (sub.equals(o) || sub.startsWith(o + "/")))) {
                subs.add(sub);
            }
        }
        if (subs.isEmpty()) {
            // the plain layout: nothing to infer, and the top level is listed once, by whoever loads it
            return new Inference(List.of(loc), Map.of(), List.of(), true);
        }
        Map<String, List<String>> filesByFolder = new LinkedHashMap<>();
        int total = 0;
        for (String folder : concat(loc, subs)) {
            List<String> files = new ArrayList<>();
            for (String name : tree.list(folder)) {
                String p = SourceTree.join(folder, name);
                if (PyNames.isSource(name) && tree.isFile(p)) {
                    files.add(p);
                }
            }
            if (!files.isEmpty() && (folder.equals(loc) || probeAny(tree, files))) {
                filesByFolder.put(folder, files);
                total += files.size();
            }
        }
        boolean topFiles = filesByFolder.containsKey(loc);
        if (filesByFolder.keySet().stream().allMatch(f -> f.equals(loc))) {
            return new Inference(List.of(loc), Map.of(), List.of(), topFiles);
        }
        if (total > MAX_INFERENCE_FILES) {
            return new Inference(
                    List.of(loc),
                    Map.of(),
                    List.of("sub-folders of " + display(loc) + " hold " + total
                            + " .py files, more than revchain reads to infer a layout: only the top level is checked"
                            + yamlHint()),
                    true);
        }
        // which folder defines each revision id, and what each folder's files refer to
        MigrationParser parser = new MigrationParser(null);
        // an id may be defined in several folders (the same migration written once per dialect)
        Map<String, Set<String>> definedIn = new HashMap<>();
        Map<String, Set<String>> refs = new LinkedHashMap<>();
        Set<String> withRevisions = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : filesByFolder.entrySet()) {
            Set<String> r = new LinkedHashSet<>();
            for (String file : e.getValue()) {
                Optional<byte[]> bytes = tree.read(file, MAX_MIGRATION_BYTES);
                if (bytes.isEmpty()) {
                    continue;
                }
                MigrationScript s = parser.parse(file, bytes.get());
                if (s.revisionId() != null) {
                    definedIn
                            .computeIfAbsent(s.revisionId(), k -> new LinkedHashSet<>())
                            .add(e.getKey());
                    withRevisions.add(e.getKey());
                }
                r.addAll(s.downRevisions());
                r.addAll(s.dependsOnValues());
            }
            refs.put(e.getKey(), r);
        }
        Map<String, String> parent = new HashMap<>();
        for (String f : withRevisions) {
            parent.put(f, f);
        }
        for (String f : withRevisions) {
            for (String ref : refs.getOrDefault(f, Set.of())) {
                Set<String> in = definedIn.getOrDefault(ref, Set.of());
                // a parent found in the folder itself links nowhere else
                if (!in.contains(f)) {
                    for (String g : in) {
                        union(parent, f, g);
                    }
                }
            }
        }
        Map<String, List<String>> components = new LinkedHashMap<>();
        for (String f : concat(loc, subs)) {
            if (withRevisions.contains(f)) {
                components
                        .computeIfAbsent(find(parent, f), k -> new ArrayList<>())
                        .add(f);
            }
        }
        List<String> main = new ArrayList<>();
        Map<String, List<String>> separate = new TreeMap<>(PyNames.PYTHON_ORDER);
        List<String> notes = new ArrayList<>();
        String top = withRevisions.contains(loc) ? find(parent, loc) : null;
        List<List<String>> groups = new ArrayList<>(components.values());
        if (top == null && groups.size() == 1) {
            top = find(parent, groups.get(0).get(0));
        }
        main.add(loc);
        for (List<String> group : groups) {
            if (top != null && find(parent, group.get(0)).equals(top)) {
                for (String f : group) {
                    if (!f.equals(loc)) {
                        main.add(f);
                    }
                }
                continue;
            }
            String key = commonFolder(loc, group);
            separate.put(key, group);
        }
        if (main.size() > 1) {
            int files = 0;
            for (String f : main) {
                if (!f.equals(loc)) {
                    files += filesByFolder.get(f).size();
                }
            }
            notes.add(files + " file(s) in " + (main.size() - 1) + " sub-folder(s) of " + display(loc)
                    + (withRevisions.contains(loc) ? " link into its top level" : " link into one chain")
                    + ": loaded as one chain (the project's own code adds these folders to version_locations; "
                    + "inferred from the files' down_revision and depends_on)");
        }
        return new Inference(main, separate, notes, topFiles);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static boolean probeAny(SourceTree tree, List<String> files) {
        int probes = 0;
        for (String f : files) {
            Optional<byte[]> head = tree.head(f, PROBE_BYTES);
            if (head.isPresent() && Discovery.mentionsDownRevision(head.get())) {
                return true;
            }
            if (++probes >= MAX_PROBES) {
                return false;
            }
        }
        return false;
    }

    /** The deepest folder under {@code loc} that holds every folder of the group, relative to {@code loc}. */
    private static String commonFolder(String loc, List<String> group) {
        String prefix = loc.isEmpty() ? "" : loc + "/";
        String common = null;
        for (String f : group) {
            String rel = f.substring(prefix.length());
            if (common == null) {
                common = rel;
            } else {
                while (!(rel.equals(common) || rel.startsWith(common + "/")) && common.contains("/")) {
                    common = common.substring(0, common.lastIndexOf('/'));
                }
                if (!(rel.equals(common) || rel.startsWith(common + "/"))) {
                    common = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
                }
            }
        }
        return common;
    }

    private static String find(Map<String, String> parent, String x) {
        String r = x;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        String c = x;
        while (!parent.get(c).equals(r)) {
            String n = parent.get(c);
            parent.put(c, r);
            c = n;
        }
        return r;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // the shallower folder stays the representative, so the top level wins
            if (rb.length() < ra.length()) {
                parent.put(ra, rb);
            } else {
                parent.put(rb, ra);
            }
        }
    }

    /** Reports migrations in sub-folders that are not loaded (1.8.1 with recursion asked for, or a stated layout). */
    private static void unloaded(SourceTree tree, String loc, boolean recursive, List<Finding> findings) {
        for (String sub : subfolders(tree, loc)) {
            List<String> files = new ArrayList<>();
            for (String name : tree.list(sub)) {
                String p = SourceTree.join(sub, name);
                if (PyNames.isSource(name) && tree.isFile(p)) {
                    files.add(p);
                }
            }
            if (files.isEmpty() || !probeAny(tree, files)) {
                continue;
            }
            findings.add(AlembicIni.finding(
                    Check.UNLOADED_FILE,
                    recursive ? Severity.WARNING : Severity.INFO,
                    files.get(0),
                    0,
                    files.size() + " migration file(s) in sub-folder " + sub + " (first: "
                            + files.get(0) + ") are not loaded: only the top level of " + display(loc)
                            + " is a version location"
                            + (recursive
                                    ? " (recursive_version_locations is set but " + "not known to this Alembic release)"
                                    : ""),
                    "silently ignores them"));
        }
    }

    static boolean mentionsDownRevision(SourceTree tree, String folder) {
        int probes = 0;
        for (String name : tree.list(folder)) {
            String p = SourceTree.join(folder, name);
            if (!PyNames.isSource(name) || !tree.isFile(p)) {
                continue;
            }
            Optional<byte[]> head = tree.head(p, PROBE_BYTES);
            if (head.isPresent() && Discovery.mentionsDownRevision(head.get())) {
                return true;
            }
            if (++probes >= MAX_PROBES) {
                return false;
            }
        }
        return false;
    }

    static String display(String path) {
        return path.isEmpty() ? "." : path;
    }
}
