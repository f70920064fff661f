package io.revchain.core.discovery;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.PyRepr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides what Alembic's {@code ScriptDirectory.from_config} makes of one section of an ini file (the one
 * {@code alembic -n NAME} selects), with {@code [tool.alembic]} of {@code pyproject.toml} as the fallback that
 * releases from 1.16 read: the script location, the version locations as strings (split as the release splits them),
 * {@code sourceless}, {@code recursive_version_locations}, {@code file_template}, and every reason {@code from_config}
 * would fail, as findings worded like Alembic's own error. Pure: no I/O.
 *
 * <p>When Alembic would fail but the author's intent is still clear (e.g. {@code version_path_separator = newline}
 * under a release that does not know it), the finding is an ERROR and the intended locations are still returned, so
 * the chain can be analysed. When there is no intent to follow (no such section, a broken interpolation in
 * {@code version_locations}), nothing is returned.
 */
final class AlembicIni {
    private AlembicIni() {}

    static final String SECTION = "alembic";
    /** {@code _split_on_space_comma}; releases keep the empty strings it produces. */
    private static final Pattern LEGACY_SPLIT = Pattern.compile(", *|(?: +)");

    /**
     * What {@code from_config} would use.
     *
     * @param usable               false when Alembic cannot even read the section (nothing else is meaningful)
     * @param section              the section read ({@code alembic} unless {@code -n NAME})
     * @param sectionLine          its header's line, 0 when unknown
     * @param scriptLocation       interpolated {@code script_location}, {@code null} when absent or broken
     * @param scriptLocationMissing the key is absent: Alembic fails with "No 'script_location' key found in
     *                             configuration." (the caller decides, since Flask-Migrate supplies it at run time)
     * @param scriptLocationLine   its line, 0 when absent or from {@code pyproject.toml}
     * @param versionLocations     the split {@code version_locations}; {@code null} when unset (use the default
     *                             {@code <script_location>/versions}); empty when set but unusable
     * @param versionLocationsLine its line, 0 when absent
     * @param sourceless           whether compiled files without source are loaded too
     * @param sourcelessLine       its line
     * @param recursive            {@code recursive_version_locations} as releases from 1.10 read it
     * @param recursiveLine        its line, 0 when absent
     * @param fileTemplate         {@code file_template} (interpolated), {@code null} when unset
     * @param findings             configuration findings on the ini file
     */
    record Settings(
            boolean usable,
            String section,
            int sectionLine,
            String scriptLocation,
            boolean scriptLocationMissing,
            int scriptLocationLine,
            List<String> versionLocations,
            int versionLocationsLine,
            boolean sourceless,
            int sourcelessLine,
            boolean recursive,
            int recursiveLine,
            String fileTemplate,
            List<Finding> findings) {}

    /** {@code [alembic]} as Alembic 1.8.1 reads it, without {@code pyproject.toml}. */
    static Settings read(IniFile ini, String iniPath) {
        return read(ini, iniPath, SECTION, Map.of(), AlembicRelease.ORACLE);
    }

    /**
     * One section as {@code release} reads it.
     *
     * @param toml {@code [tool.alembic]} of the {@code pyproject.toml} beside the ini ({@code %(here)s} already
     *             replaced), empty when there is none or the release does not read it
     */
    static Settings read(
            IniFile ini, String iniPath, String section, Map<String, Object> toml, AlembicRelease release) {
        List<Finding> findings = new ArrayList<>();
        for (IniFile.Problem p : ini.problems()) {
            findings.add(error(
                    iniPath,
                    p.line(),
                    ini.fileName() + " cannot be read by Python's configparser: " + p.message(),
                    "configparser raises while reading the file: every command fails"));
        }
        if (!ini.hasSection(section)) {
            String msg = "No config file " + PyRepr.of(ini.fileName()) + " found, or file has no '[" + section
                    + "]' section";
            findings.add(error(iniPath, 0, ini.fileName() + " has no [" + section + "] section", "FAILED: " + msg));
            return new Settings(false, section, 0, null, false, 0, null, 0, false, 0, false, 0, null, findings);
        }
        Reader r = new Reader(ini, iniPath, section, toml, findings);
        String scriptLocation = r.string("script_location");
        boolean missing = scriptLocation == null && !r.broken("script_location");

        String tsl = r.string("truncate_slug_length");
        if (tsl != null && !isPythonInt(tsl)) {
            findings.add(error(
                    iniPath,
                    r.line("truncate_slug_length"),
                    "truncate_slug_length is not an integer: " + PyRepr.of(tsl),
                    "ValueError: invalid literal for int() with base 10: " + PyRepr.of(tsl)));
        }

        List<String> versionLocations = null;
        // an empty ini value falls through to [tool.alembic] for this key (and prepend_sys_path) only
        IniFile.Value iniLocations = ini.get(section, "version_locations");
        Object tomlLocations = iniLocations.ok()
                        && (iniLocations.value() == null || iniLocations.value().isEmpty())
                ? toml.get("version_locations")
                : null;
        if (tomlLocations instanceof List<?> list) {
            versionLocations = list.stream().map(String::valueOf).toList();
        } else {
            String vl = r.string("version_locations");
            if (r.broken("version_locations")) {
                versionLocations = List.of();
            } else if (vl != null && !vl.isEmpty()) {
                versionLocations = split(r, iniPath, vl, release, findings);
            }
        }

        for (String name : List.of("prepend_sys_path", "output_encoding", "timezone")) {
            r.string(name);
        }
        String fileTemplate = r.string("file_template");
        String sv = r.string("sourceless");
        // 1.8.1 compares with the string "true"; later releases parse a boolean
        boolean sourceless = release.pathSeparatorOption() ? sv != null && isTrue(sv) : "true".equals(sv);
        if (ini.hasSection("post_write_hooks")) {
            for (String name : ini.optionNames("post_write_hooks")) {
                IniFile.Value v = ini.get("post_write_hooks", name);
                if (!v.ok()) {
                    findings.add(interpolation(iniPath, name, v.problem()));
                }
            }
        }
        String rv = r.string("recursive_version_locations");
        boolean recursive = rv != null && isTrue(rv);
        return new Settings(
                true,
                section,
                ini.sectionLine(section),
                scriptLocation,
                missing,
                r.line("script_location"),
                versionLocations,
                r.line("version_locations"),
                sourceless,
                r.line("sourceless"),
                recursive,
                r.line("recursive_version_locations"),
                fileTemplate,
                findings);
    }

    /** Reads options from the section, falling back to {@code [tool.alembic]}; records interpolation errors. */
    private static final class Reader {
        final IniFile ini;
        final String iniPath;
        final String section;
        final Map<String, Object> toml;
        final List<Finding> findings;
        final Set<String> broken = new HashSet<>();

        Reader(IniFile ini, String iniPath, String section, Map<String, Object> toml, List<Finding> findings) {
            this.ini = ini;
            this.iniPath = iniPath;
            this.section = section;
            this.toml = toml;
            this.findings = findings;
        }

        boolean fromIni(String name) {
            return ini.option(section, name).isPresent();
        }

        String string(String name) {
            IniFile.Value v = ini.get(section, name);
            if (!v.ok()) {
                broken.add(name);
                findings.add(interpolation(iniPath, name, v.problem()));
                return null;
            }
            if (v.value() != null) {
                return v.value();
            }
            Object t = toml.get(name);
            if (t instanceof List<?> list) {
                return String.join("\n", list.stream().map(String::valueOf).toList());
            }
            return t == null ? null : String.valueOf(t);
        }

        String iniOnly(String name) {
            IniFile.Value v = ini.get(section, name);
            if (!v.ok()) {
                broken.add(name);
                findings.add(interpolation(iniPath, name, v.problem()));
                return null;
            }
            return v.value();
        }

        boolean broken(String name) {
            return broken.contains(name);
        }

        int line(String name) {
            return ini.option(section, name).map(IniFile.Option::line).orElse(0);
        }
    }

    private static List<String> split(
            Reader r, String iniPath, String value, AlembicRelease release, List<Finding> findings) {
        String option = "version_path_separator";
        String sep = null;
        if (release.pathSeparatorOption()) {
            // read from the ini only: Alembic ignores path_separator in [tool.alembic]
            String ps = r.iniOnly("path_separator");
            if (ps != null) {
                option = "path_separator";
                sep = ps;
            }
        }
        if (sep == null) {
            sep = r.string("version_path_separator");
        }
        if (sep == null) {
            return legacySplit(value);
        }
        String ch = switch (sep) {
            case "space" -> " ";
            // os.pathsep of the POSIX machines Alembic runs on
            case "os", ":" -> ":";
            case ";" -> ";";
            case "newline" -> release.newlineSeparator() || release.pathSeparatorOption() ? "\n" : null;
            default -> null;
        };
        if (ch == null) {
            String expected = release.newlineSeparator()
                    ? "expected 'space', 'newline', 'os', ':', ';'"
                    : "expected 'space', 'os', ':', ';'";
            String alembic = "ValueError: '" + sep + "' is not a valid value for " + option + "; " + expected;
            boolean newline = "newline".equals(sep);
            findings.add(error(
                    iniPath,
                    r.line(option),
                    option + " = " + sep + " is not accepted by Alembic " + release
                            + (newline
                                    ? " (it is from 1.13.3); revchain splits on newlines as intended"
                                    : "; revchain falls back to splitting on commas and spaces"),
                    alembic));
            return newline ? nonEmpty(value.split("\n", -1)) : legacySplit(value);
        }
        if (ch.equals("\n") || release.separatorEntriesStripped()) {
            // from 1.13.3 each entry is stripped ("a; b" gives "b", not " b")
            return nonEmpty(Arrays.stream(value.split(Pattern.quote(ch), -1))
                    .map(String::strip)
                    .toArray(String[]::new));
        }
        return nonEmpty(value.split(Pattern.quote(ch), -1));
    }

    /** {@code re.split(", *|(?: +)", s)}: empty pieces stay (Alembic then resolves "" to the current folder). */
    static List<String> legacySplit(String value) {
        return List.of(LEGACY_SPLIT.split(value, -1));
    }

    private static List<String> nonEmpty(String[] parts) {
        return Arrays.stream(parts).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isPythonInt(String s) {
        return s.strip().replace("_", "").matches("[+-]?[0-9]+")
                && !s.strip().startsWith("_")
                && !s.strip().endsWith("_")
                && !s.contains("__");
    }

    /** {@code sqlalchemy.util.asbool}, as Alembic 1.10+ reads {@code recursive_version_locations}. */
    static boolean isTrue(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y") || v.equals("t") || v.equals("1");
    }

    private static Finding interpolation(String iniPath, String option, IniFile.Problem p) {
        if (p.message().startsWith(IniFile.BUDGET)) {
            return error(
                    iniPath,
                    p.line(),
                    "option " + option + " is not expanded: " + p.message().substring(IniFile.BUDGET.length()),
                    "configparser builds the whole value in memory: Alembic runs out of memory or time");
        }
        return error(
                iniPath,
                p.line(),
                "option " + option + " cannot be interpolated: " + p.message(),
                "configparser raises while Alembic reads " + option + ": every command fails");
    }

    /** Alembic's failure when {@code script_location} is absent. */
    static Finding missingScriptLocation(String iniPath, String section, int sectionLine) {
        return error(
                iniPath,
                sectionLine,
                "[" + section + "] has no script_location key",
                "FAILED: No 'script_location' key found in configuration.");
    }

    static Finding error(String file, int line, String message, String alembic) {
        return finding(Check.INVALID_CONFIG, Severity.ERROR, file, line, message, alembic);
    }

    static Finding finding(Check check, Severity severity, String file, int line, String message, String alembic) {
        return new Finding(check, severity, null, file, line, message, alembic, List.of());
    }
}
