package io.revchain.core.alembic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code pyproject.toml} as revchain reads it: the {@code [tool.alembic]} table and the dependency declarations.
 * Parsing never throws; text that is not TOML gives empty tables and a {@link #problem()}.
 *
 * <h2>How Alembic 1.16.0+ reads {@code [tool.alembic]}</h2>
 *
 * (Evidence: {@code alembic/config.py} at {@code rel_1_19_1}, {@code Config.toml_alembic_config},
 * {@code get_alembic_option}, {@code get_alembic_boolean_option}, {@code _get_toml_config_value},
 * {@code get_version_locations_list}, {@code get_prepend_sys_paths_list}, {@code CommandLine._inis_from_config};
 * older releases ignore the file, see {@link AlembicRelease#pyprojectConfig()}.)
 * <ul>
 *   <li><b>Which file.</b> {@code pyproject.toml} in the working directory of the {@code alembic} command, not the
 *       folder of {@code alembic.ini}; a {@code -c} argument or {@code ALEMBIC_CONFIG} whose file name is
 *       {@code pyproject.toml} replaces it. A missing file is an empty table. If {@code tool.alembic} is not a table
 *       every command fails ("Incorrect TOML format"); that is reported here as a {@link #problem()}.</li>
 *   <li><b>Which wins.</b> The ini's main section ({@code [alembic]}, or the one {@code -n} names; {@code -n} never
 *       applies to the TOML) is asked first: a key present there wins even with an empty value. Only
 *       {@code version_locations} and {@code prepend_sys_path} fall through to the TOML when the ini value is
 *       empty.</li>
 *   <li><b>Strings</b> ({@code script_location}, {@code file_template}, {@code timezone}, {@code output_encoding},
 *       ...) are {@code %}-interpolated once with {@code here} (the TOML's folder, POSIX form) and the
 *       {@code Config} arguments, so a literal {@code %} is written {@code %%}: {@code file_template =
 *       "%%(rev)s_%%(slug)s"}. A stray {@code %} makes the command fail. {@code script_location} may be
 *       {@code pkg:path}, as in the ini.</li>
 *   <li><b>{@code version_locations}, {@code prepend_sys_path}</b>: TOML arrays of strings, each interpolated as
 *       above; they are never split, and {@code path_separator}/{@code version_path_separator} are read from the
 *       ini only. A plain string is not rejected: Alembic iterates it character by character, one "path" per
 *       character. A non-string element makes the command fail.</li>
 *   <li><b>Booleans</b> {@code sourceless}, {@code recursive_version_locations}: from 1.16.4 TOML booleans only (a
 *       string fails: "boolean value expected"); 1.16.0 to 1.16.3 compare with the string {@code "true"} and fail on
 *       a boolean ("unsupported TOML value type"). See {@link AlembicRelease#tomlBooleans()}.</li>
 *   <li><b>Integers</b> ({@code truncate_slug_length}): accepted from 1.16.5, "unsupported TOML value type" before;
 *       a string such as {@code "40"} works in every release. See {@link AlembicRelease#tomlIntegers()}.</li>
 *   <li><b>{@code post_write_hooks}</b>: an array of tables ({@code [[tool.alembic.post_write_hooks]]}, each with a
 *       {@code name}), used only when the ini has no {@code [post_write_hooks]} section.</li>
 *   <li>Floats, dates and other types fail with "unsupported TOML value type for key".</li>
 * </ul>
 * {@link #toolAlembic()} returns the table as parsed, without interpolation; applying the rules above is the
 * caller's job.
 */
public final class PyProject {

    // PEP 503 normalisation: runs of '-', '_' and '.' are one '-', case-insensitively.
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private final String path;
    private final Map<String, Object> root;
    private final String problem;

    private PyProject(String path, Map<String, Object> root, String problem) {
        this.path = path;
        this.root = root;
        this.problem = problem;
    }

    /** Parses {@code text}; never throws. {@code path} names the file in {@link #problem()}. */
    public static PyProject parse(String path, String text) {
        Toml.Document doc = Toml.read(path, text == null ? "" : text);
        if (!doc.ok()) {
            return new PyProject(path, Map.of(), doc.problem());
        }
        Object tool = doc.root().get("tool");
        Object alembic = tool instanceof Map<?, ?> t ? t.get("alembic") : null;
        if ((tool != null && !(tool instanceof Map)) || (alembic != null && !(alembic instanceof Map))) {
            return new PyProject(
                    path,
                    doc.root(),
                    path + ":" + lineOf(text, "alembic")
                            + ": tool.alembic is not a table (Alembic: Incorrect TOML format)");
        }
        return new PyProject(path, doc.root(), null);
    }

    /** The file this was read from. */
    public String path() {
        return path;
    }

    /** Why the file cannot be used, as {@code path:line: message}; empty when it parsed. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The {@code [tool.alembic]} table as written (no interpolation); empty when absent or unreadable. */
    public Map<String, Object> toolAlembic() {
        return problem != null ? Map.of() : Toml.table(root, "tool", "alembic");
    }

    /**
     * The value of {@code tool.NAME} as parsed (a table is a {@code Map}), or {@code null} when absent or the file is
     * not TOML. Read even when {@code [tool.alembic]} is broken: that is Alembic's problem, not another tool's.
     */
    public Object tool(String name) {
        return Toml.table(root, "tool").get(name);
    }

    /**
     * Every PEP 508 requirement string declared: {@code [project] dependencies} and {@code optional-dependencies},
     * {@code [dependency-groups]} (PEP 735; {@code {include-group = ...}} entries skipped), and the PEP 508 lists of
     * {@code [tool.pdm.dev-dependencies]} and {@code [tool.uv] dev-dependencies}. In file order per table.
     */
    public List<String> requirements() {
        List<String> out = new ArrayList<>();
        Map<String, Object> project = Toml.table(root, "project");
        out.addAll(Toml.strings(project.get("dependencies")));
        Toml.asTable(project.get("optional-dependencies")).values().forEach(v -> out.addAll(Toml.strings(v)));
        Toml.table(root, "dependency-groups").values().forEach(v -> out.addAll(Toml.strings(v)));
        Toml.table(root, "tool", "pdm", "dev-dependencies").values().forEach(v -> out.addAll(Toml.strings(v)));
        out.addAll(Toml.strings(Toml.table(root, "tool", "uv").get("dev-dependencies")));
        return out;
    }

    /**
     * The Poetry version constraints declared for package {@code name} (compared after PEP 503 normalisation) in
     * {@code [tool.poetry.dependencies]}, {@code [tool.poetry.dev-dependencies]} and every
     * {@code [tool.poetry.group.<g>.dependencies]}: {@code alembic = "^1.12"} gives {@code ^1.12},
     * {@code alembic = {version = "^1.12", extras = ["tz"]}} too, and a list of such tables gives one constraint per
     * table. Entries without a version (git, path, url) give nothing.
     */
    public List<String> poetryConstraints(String name) {
        Map<String, Object> poetry = Toml.table(root, "tool", "poetry");
        List<Map<String, Object>> tables = new ArrayList<>();
        tables.add(Toml.asTable(poetry.get("dependencies")));
        tables.add(Toml.asTable(poetry.get("dev-dependencies")));
        Toml.asTable(poetry.get("group"))
                .values()
                .forEach(g -> tables.add(Toml.asTable(Toml.asTable(g).get("dependencies"))));
        List<String> out = new ArrayList<>();
        String wanted = normalize(name);
        for (Map<String, Object> deps : tables) {
            deps.forEach((key, value) -> {
                if (normalize(key).equals(wanted)) {
                    out.addAll(versions(value));
                }
            });
        }
        return out;
    }

    /** A package name after PEP 503 normalisation ({@code Alembic_Utils} is {@code alembic-utils}). */
    static String normalize(String name) {
        return SEPARATORS.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
    }

    /** The version constraints of a Poetry or Pipfile dependency value: a string, a table, or a list of tables. */
    static List<String> versions(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof Map<?, ?> m && m.get("version") instanceof String v) {
            out.add(v);
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("version") instanceof String v) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static int lineOf(String text, String word) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(word)) {
                return i + 1;
            }
        }
        return 1;
    }
}
