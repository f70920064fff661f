package io.revchain.core.alembic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.tree.SourceTree;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which Alembic release a repository pins, from the literal text of its dependency files (nothing is
 * executed or installed).
 *
 * <p>Sources, read in the repository root and then in the folder of the {@code alembic.ini}: the lock files
 * {@code poetry.lock}, {@code uv.lock}, {@code pdm.lock} and {@code Pipfile.lock} (an exact installed version), then
 * the manifests {@code requirements*.txt} and {@code requirements/*.txt} (following {@code -r}/{@code -c} includes
 * inside the repository), {@code pyproject.toml} (PEP 621, PEP 735 groups, Poetry), {@code Pipfile},
 * {@code setup.cfg} ({@code install_requires}, {@code extras_require}) and {@code setup.py} (string literals).
 *
 * <p>The strongest statement wins: a lock file over an exact {@code ==} pin, an exact pin over a range, a range over
 * a bare {@code alembic}; between equals, the root over the ini's folder, then the order above, then the first line.
 * A range resolves to the newest non-yanked {@linkplain AlembicRelease#KNOWN known release} it allows (the release a
 * fresh install would get today). Environment markers are ignored. Files over {@link #MAX_FILE_BYTES} are not read;
 * a malformed file gives no pin and no exception.
 */
public final class AlembicPin {

    /** The largest dependency file read (1 MiB). */
    public static final int MAX_FILE_BYTES = 1 << 20;

    // A repository cannot make the scan follow includes forever or read thousands of files.
    private static final int MAX_INCLUDE_DEPTH = 8;
    private static final int MAX_REQUIREMENT_FILES = 64;

    /** Made on the first Pipfile.lock: an ObjectMapper's set-up (dates, locales) is a tenth of a cold check. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final String ALEMBIC = "alembic";
    private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
    private static final Pattern INCLUDE = Pattern.compile("(?:-r|--requirement|-c|--constraint)\\s*=?\\s*(\\S+).*");
    private static final Pattern TRAILING_OPTIONS = Pattern.compile("\\s--?[A-Za-z].*$", Pattern.DOTALL);
    private static final Pattern LOCK_NAME =
            Pattern.compile("\\s*name\\s*=\\s*[\"']alembic[\"']\\s*(#.*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALEMBIC_WORD = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])alembic(?![A-Za-z0-9_-])");
    private static final Pattern SECTION = Pattern.compile("\\s*\\[([^\\]]+)\\]\\s*");
    private static final Pattern OPTION = Pattern.compile("([^=:\\s][^=:]*?)\\s*[=:]\\s*(.*)");

    /**
     * A pin: the release, where it was found ({@code file} relative to the repository root, 1-based {@code line}),
     * the constraint as written ({@code spec}) and how the release follows from it ({@code how}: "lock file",
     * "exact pin", "newest release allowed by >=1.10,<2", ...).
     */
    public record Pin(AlembicRelease release, String file, int line, String spec, String how) {}

    /** Strongest first. */
    private enum Strength {
        LOCK,
        EXACT,
        RANGE,
        ANY
    }

    private record Candidate(Pin pin, Strength strength) {}

    private AlembicPin() {}

    /** The pin of the repository root only. */
    public static Optional<Pin> find(SourceTree tree) {
        return find(tree, "");
    }

    /**
     * The pin of the repository: the root is read first, then {@code nearFolder} (the folder of the
     * {@code alembic.ini}, {@code ""} for the root); empty when nothing names an Alembic release.
     */
    public static Optional<Pin> find(SourceTree tree, String nearFolder) {
        List<String> folders = new ArrayList<>(List.of(""));
        String near = nearFolder == null ? "" : nearFolder.replaceAll("^/+|/+$", "");
        if (!near.isEmpty()) {
            folders.add(near);
        }
        Candidate best = null;
        for (String folder : folders) {
            if (!tree.isFolder(folder)) {
                continue;
            }
            for (Candidate c : candidates(tree, folder)) {
                // Only a strictly stronger pin replaces: between equals the root and the earlier source stay.
                if (best == null || c.strength().compareTo(best.strength()) < 0) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best).map(Candidate::pin);
    }

    private static List<Candidate> candidates(SourceTree tree, String folder) {
        List<Candidate> out = new ArrayList<>();
        for (String lock : List.of("poetry.lock", "uv.lock", "pdm.lock")) {
            String path = SourceTree.join(folder, lock);
            text(tree, path).ifPresent(t -> tomlLock(path, t, out));
        }
        String pipfileLock = SourceTree.join(folder, "Pipfile.lock");
        text(tree, pipfileLock).ifPresent(t -> pipfileLock(pipfileLock, t, out));
        requirements(tree, folder, out);
        String pyproject = SourceTree.join(folder, "pyproject.toml");
        text(tree, pyproject).ifPresent(t -> pyproject(pyproject, t, out));
        String pipfile = SourceTree.join(folder, "Pipfile");
        text(tree, pipfile).ifPresent(t -> pipfile(pipfile, t, out));
        String setupCfg = SourceTree.join(folder, "setup.cfg");
        text(tree, setupCfg).ifPresent(t -> setupCfg(setupCfg, t, out));
        String setupPy = SourceTree.join(folder, "setup.py");
        text(tree, setupPy).ifPresent(t -> setupPy(setupPy, t, out));
        return out;
    }

    // ---- lock files -------------------------------------------------------------------------------------------

    /** poetry.lock, uv.lock, pdm.lock: {@code [[package]]} tables with {@code name} and {@code version}. */
    private static void tomlLock(String path, String text, List<Candidate> out) {
        Toml.Document doc = Toml.read(path, text);
        if (!doc.ok() || !(doc.root().get("package") instanceof List<?> packages)) {
            return;
        }
        List<Integer> nameLines = lines(text, l -> LOCK_NAME.matcher(l).matches());
        AlembicRelease newest = null;
        String newestText = null;
        int newestIndex = -1;
        int index = 0;
        for (Object p : packages) {
            Map<String, Object> pkg = Toml.asTable(p);
            if (pkg.get("name") instanceof String name
                    && PyProject.normalize(name).equals(ALEMBIC)) {
                // uv.lock lists a package once per resolution fork: the newest is the one a current interpreter gets.
                if (pkg.get("version") instanceof String v) {
                    Optional<AlembicRelease> r = release(v);
                    if (r.isPresent() && (newest == null || r.get().compareTo(newest) > 0)) {
                        newest = r.get();
                        newestText = v;
                        newestIndex = index;
                    }
                }
                index++;
            }
        }
        if (newest != null) {
            int line = newestIndex < nameLines.size() ? nameLines.get(newestIndex) : alembicLine(text, newestText);
            out.add(new Candidate(new Pin(newest, path, line, newestText, "lock file"), Strength.LOCK));
        }
    }

    /** Pipfile.lock: JSON, {@code {"default": {"alembic": {"version": "==1.13.1"}}, "develop": {...}}}. */
    private static void pipfileLock(String path, String text, List<Candidate> out) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (Exception | StackOverflowError e) {
            return;
        }
        if (root == null) {
            return;
        }
        for (String section : List.of("default", "develop")) {
            JsonNode packages = root.path(section);
            for (Map.Entry<String, JsonNode> e : packages.properties()) {
                JsonNode version = e.getValue().path("version");
                if (PyProject.normalize(e.getKey()).equals(ALEMBIC) && version.isTextual()) {
                    String v = version.asText();
                    Optional<AlembicRelease> r = release(v.replaceFirst("^\\s*===?", ""));
                    if (r.isPresent()) {
                        int line = firstLine(text, l -> l.contains('"' + e.getKey() + '"'), 1);
                        out.add(new Candidate(new Pin(r.get(), path, line, v, "lock file"), Strength.LOCK));
                        return;
                    }
                }
            }
        }
    }

    // ---- manifests --------------------------------------------------------------------------------------------

    /** requirements*.txt of the folder, then requirements/*.txt, each with its includes. */
    private static void requirements(SourceTree tree, String folder, List<Candidate> out) {
        Set<String> seen = new HashSet<>();
        for (String name : tree.list(folder)) {
            if (name.startsWith("requirements") && name.endsWith(".txt")) {
                requirementsFile(tree, SourceTree.join(folder, name), 0, seen, out);
            }
        }
        String sub = SourceTree.join(folder, "requirements");
        for (String name : tree.list(sub)) {
            if (name.endsWith(".txt")) {
                requirementsFile(tree, SourceTree.join(sub, name), 0, seen, out);
            }
        }
    }

    private static void requirementsFile(
            SourceTree tree, String path, int depth, Set<String> seen, List<Candidate> out) {
        if (depth > MAX_INCLUDE_DEPTH || seen.size() >= MAX_REQUIREMENT_FILES || !seen.add(path)) {
            return;
        }
        Optional<String> text = text(tree, path);
        if (text.isEmpty()) {
            return;
        }
        String[] physical = text.get().split("\\r?\\n", -1);
        for (int i = 0; i < physical.length; i++) {
            int first = i;
            StringBuilder logical = new StringBuilder();
            String piece = physical[i];
            // pip joins a line ending in a backslash with the next one before anything else.
            while (piece.endsWith("\\") && i + 1 < physical.length) {
                logical.append(piece, 0, piece.length() - 1);
                piece = physical[++i];
            }
            logical.append(piece);
            String line = COMMENT.matcher(logical).replaceFirst("").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-")) {
                Matcher include = INCLUDE.matcher(line);
                if (include.matches() && !include.group(1).contains("://")) {
                    String target = resolve(SourceTree.parent(path), include.group(1));
                    if (target != null && tree.isFile(target)) {
                        requirementsFile(tree, target, depth + 1, seen, out);
                    }
                }
                continue;
            }
            String requirement = TRAILING_OPTIONS.matcher(line).replaceFirst("");
            requirement(requirement, path, first + 1, out);
        }
    }

    private static void pyproject(String path, String text, List<Candidate> out) {
        PyProject project = PyProject.parse(path, text);
        if (project.problem().isPresent()) {
            return;
        }
        for (String r : project.requirements()) {
            requirement(r, path, firstLine(text, l -> l.contains(r), alembicLine(text, r)), out);
        }
        for (String c : project.poetryConstraints(ALEMBIC)) {
            VersionSpec.poetry(c).ifPresent(spec -> manifest(spec, path, alembicLine(text, c), out));
        }
    }

    /** Pipfile: TOML {@code [packages]} and {@code [dev-packages]}; values {@code "*"}, {@code "==1.13.1"}, tables. */
    private static void pipfile(String path, String text, List<Candidate> out) {
        Toml.Document doc = Toml.read(path, text);
        if (!doc.ok()) {
            return;
        }
        for (String section : List.of("packages", "dev-packages")) {
            Toml.table(doc.root(), section).forEach((name, value) -> {
                if (PyProject.normalize(name).equals(ALEMBIC)) {
                    for (String v : PyProject.versions(value)) {
                        String pep440 = v.strip().equals("*") ? "" : v;
                        VersionSpec.pep440(pep440).ifPresent(spec -> manifest(spec, path, alembicLine(text, v), out));
                    }
                }
            });
        }
    }

    /**
     * setup.cfg: {@code install_requires} of {@code [options]} and every key of {@code [options.extras_require]}, as
     * setuptools splits them: a multi-line value one requirement per line, a one-line value on {@code ;}.
     */
    private static void setupCfg(String path, String text, List<Candidate> out) {
        String[] lines = text.split("\\r?\\n", -1);
        String section = "";
        String key = null;
        List<String> values = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "[end]";
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            boolean continuation = key != null && !stripped.isEmpty() && Character.isWhitespace(line.charAt(0));
            if (continuation) {
                values.add(stripped);
                numbers.add(i + 1);
                continue;
            }
            if (stripped.isEmpty()) {
                continue;
            }
            if (key != null && wantedSetupCfgKey(section, key)) {
                setupCfgValue(values, numbers, path, out);
            }
            key = null;
            values.clear();
            numbers.clear();
            Matcher s = SECTION.matcher(line);
            Matcher o = OPTION.matcher(line);
            if (s.matches()) {
                section = s.group(1).strip().toLowerCase(Locale.ROOT);
            } else if (o.matches()) {
                key = o.group(1).strip().toLowerCase(Locale.ROOT).replace('-', '_');
                values.add(o.group(2).strip());
                numbers.add(i + 1);
            }
        }
    }

    private static boolean wantedSetupCfgKey(String section, String key) {
        return section.equals("options.extras_require")
                || (section.equals("options") && key.equals("install_requires"));
    }

    private static void setupCfgValue(List<String> values, List<Integer> numbers, String path, List<Candidate> out) {
        if (values.size() == 1) {
            for (String item : values.get(0).split(";")) {
                requirement(item, path, numbers.get(0), out);
            }
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            requirement(values.get(i), path, numbers.get(i), out);
        }
    }

    /**
     * setup.py, never executed: every string literal that reads as an {@code alembic} requirement with a version
     * (a bare {@code "alembic"} could be anything in a setup script, such as a package name).
     */
    private static void setupPy(String path, String text, List<Candidate> out) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                int startLine = line;
                boolean triple = text.startsWith(String.valueOf(c).repeat(3), i);
                int j = i + (triple ? 3 : 1);
                StringBuilder literal = new StringBuilder();
                boolean closed = false;
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        literal.append(d).append(text.charAt(j + 1));
                        line += text.charAt(j + 1) == '\n' ? 1 : 0;
                        j += 2;
                        continue;
                    }
                    if (triple ? text.startsWith(String.valueOf(c).repeat(3), j) : d == c) {
                        closed = true;
                        break;
                    }
                    if (d == '\n') {
                        line++;
                        if (!triple) {
                            break;
                        }
                    }
                    literal.append(d);
                    j++;
                }
                i = Math.min(n, j + (triple ? 3 : 1));
                Optional<Requirement> r = Requirement.parse(literal.toString());
                // An unterminated literal is a syntax error: Python would never get as far as install_requires.
                if (closed && r.isPresent() && !r.get().specifier().isEmpty()) {
                    requirement(literal.toString(), path, startLine, out);
                }
            } else {
                i++;
            }
        }
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    /** A PEP 508 requirement; a candidate when it names alembic with a well-formed specifier. */
    private static void requirement(String text, String path, int line, List<Candidate> out) {
        Requirement.parse(text)
                .filter(r -> r.name().equals(ALEMBIC) && !r.direct())
                .flatMap(r -> VersionSpec.pep440(r.specifier()))
                .ifPresent(spec -> manifest(spec, path, line, out));
    }

    private static void manifest(VersionSpec spec, String path, int line, List<Candidate> out) {
        String written = spec.toString();
        Optional<AlembicRelease> exact = spec.exact();
        if (exact.isPresent()) {
            out.add(new Candidate(new Pin(exact.get(), path, line, written, "exact pin"), Strength.EXACT));
            return;
        }
        Optional<AlembicRelease> newest = spec.newest(AlembicRelease.KNOWN, AlembicRelease.YANKED);
        if (newest.isEmpty()) {
            return;
        }
        if (spec.unconstrained()) {
            out.add(new Candidate(
                    new Pin(newest.get(), path, line, written, "newest release, no version constraint"), Strength.ANY));
        } else if (AlembicRelease.KNOWN.contains(newest.get())) {
            out.add(new Candidate(
                    new Pin(newest.get(), path, line, written, "newest release allowed by " + written),
                    Strength.RANGE));
        } else {
            out.add(new Candidate(
                    new Pin(
                            newest.get(),
                            path,
                            line,
                            written,
                            "lowest release allowed by " + written + " (newer than every known release)"),
                    Strength.RANGE));
        }
    }

    private static Optional<AlembicRelease> release(String version) {
        try {
            return Optional.of(AlembicRelease.parse(version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The UTF-8 text of a file of at most {@link #MAX_FILE_BYTES}; empty when absent, too large or not UTF-8. */
    private static Optional<String> text(SourceTree tree, String path) {
        if (!tree.isFile(path)) {
            return Optional.empty();
        }
        return tree.read(path, MAX_FILE_BYTES).flatMap(bytes -> {
            try {
                String s = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                return Optional.of(s.startsWith("\uFEFF") ? s.substring(1) : s);
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code target} relative to {@code folder}, normalised; null when absolute or leaving the repository. */
    static String resolve(String folder, String target) {
        if (target.startsWith("/") || target.startsWith("\\") || target.matches("[A-Za-z]:.*")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String p : (folder.isEmpty() ? "" : folder + "/").concat(target).split("[/\\\\]+")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private static List<Integer> lines(String text, Predicate<String> wanted) {
        List<Integer> out = new ArrayList<>();
        String[] lines = text.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (wanted.test(lines[i])) {
                out.add(i + 1);
            }
        }
        return out;
    }

    private static int firstLine(String text, Predicate<String> wanted, int otherwise) {
        List<Integer> found = lines(text, wanted);
        return found.isEmpty() ? otherwise : found.get(0);
    }

    /** The first line naming alembic that also holds {@code value}, else the first naming alembic, else 1. */
    private static int alembicLine(String text, String value) {
        Predicate<String> names =
                l -> ALEMBIC_WORD.matcher(l).find() && !l.strip().startsWith("#");
        return firstLine(text, names.and(l -> l.contains(value)), firstLine(text, names, 1));
    }
}
