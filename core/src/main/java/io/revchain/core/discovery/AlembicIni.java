package io.revchain.core.discovery;

import io.revchain.core.model.Checks;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides what Alembic 1.8.1's {@code ScriptDirectory.from_config} makes of an {@code alembic.ini}: the script
 * location, the version locations as strings (split as 1.8.1 splits them), {@code sourceless}, and every
 * reason {@code from_config} would fail, as findings worded like Alembic's own error. Pure: no I/O.
 *
 * <p>When Alembic would fail but the author's intent is still clear (e.g. {@code version_path_separator = newline},
 * accepted from 1.13.3), the finding is an ERROR and the intended locations are still returned, so the chain can be
 * analysed. When there is no intent to follow (no {@code [alembic]} section, a broken interpolation in
 * {@code version_locations}), nothing is returned.
 */
final class AlembicIni {
    private AlembicIni() {}

    static final String SECTION = "alembic";
    /** {@code _split_on_space_comma}; 1.8.1 keeps the empty strings it produces. */
    private static final Pattern LEGACY_SPLIT = Pattern.compile(", *|(?: +)");
    private static final String SEPARATORS = "expected 'space', 'os', ':', ';'";

    /**
     * What {@code from_config} would use.
     *
     * @param usable               false when Alembic cannot even read the section (nothing else is meaningful)
     * @param scriptLocation       interpolated {@code script_location}, {@code null} when absent or broken
     * @param scriptLocationMissing the key is absent: Alembic fails with "No 'script_location' key found in
     *                             configuration." (the caller decides, since Flask-Migrate supplies it at run time)
     * @param scriptLocationLine   its line, 0 when absent
     * @param versionLocations     the split {@code version_locations}; {@code null} when unset (use the default
     *                             {@code <script_location>/versions}); empty when set but unusable
     * @param versionLocationsLine its line, 0 when absent
     * @param sourceless           {@code sourceless == "true"} exactly, as 1.8.1 tests it
     * @param sourcelessLine       its line
     * @param recursive            {@code recursive_version_locations} parsed as Alembic 1.10+ would (1.8.1 ignores it)
     * @param recursiveLine        its line, 0 when absent
     * @param findings             configuration findings on the ini file
     */
    record Settings(boolean usable, String scriptLocation, boolean scriptLocationMissing, int scriptLocationLine, List<String> versionLocations,
                    int versionLocationsLine, boolean sourceless, int sourcelessLine, boolean recursive,
                    int recursiveLine, List<Finding> findings) {}

    static Settings read(IniFile ini, String iniPath) {
        List<Finding> findings = new ArrayList<>();
        for (IniFile.Problem p : ini.problems()) {
            findings.add(error(iniPath, p.line(), "alembic.ini cannot be read by Python's configparser: "
                    + p.message(), "configparser raises while reading the file: every command fails"));
        }
        if (!ini.hasSection(SECTION)) {
            String msg = "No config file " + PyRepr.of(ini.fileName()) + " found, or file has no '[" + SECTION
                    + "]' section";
            findings.add(error(iniPath, 0, "alembic.ini has no [" + SECTION + "] section", "FAILED: " + msg));
            return new Settings(false, null, false, 0, null, 0, false, 0, false, 0, findings);
        }
        IniFile.Value sl = ini.get(SECTION, "script_location");
        int slLine = line(ini, "script_location");
        String scriptLocation = null;
        boolean missing = false;
        if (!sl.ok()) {
            findings.add(interpolation(iniPath, "script_location", sl.problem()));
        } else if (sl.value() == null) {
            missing = true;
        } else {
            scriptLocation = sl.value();
        }

        IniFile.Value tsl = ini.get(SECTION, "truncate_slug_length");
        if (!tsl.ok()) {
            findings.add(interpolation(iniPath, "truncate_slug_length", tsl.problem()));
        } else if (tsl.value() != null && !isPythonInt(tsl.value())) {
            findings.add(error(iniPath, line(ini, "truncate_slug_length"),
                    "truncate_slug_length is not an integer: " + PyRepr.of(tsl.value()),
                    "ValueError: invalid literal for int() with base 10: " + PyRepr.of(tsl.value())));
        }

        List<String> versionLocations = null;
        int vlLine = line(ini, "version_locations");
        IniFile.Value vl = ini.get(SECTION, "version_locations");
        if (!vl.ok()) {
            findings.add(interpolation(iniPath, "version_locations", vl.problem()));
            versionLocations = List.of();
        } else if (vl.value() != null && !vl.value().isEmpty()) {
            versionLocations = split(ini, iniPath, vl.value(), findings);
        }

        for (String name : List.of("prepend_sys_path", "file_template", "output_encoding", "timezone")) {
            IniFile.Value v = ini.get(SECTION, name);
            if (!v.ok()) {
                findings.add(interpolation(iniPath, name, v.problem()));
            }
        }
        IniFile.Value sv = ini.get(SECTION, "sourceless");
        if (!sv.ok()) {
            findings.add(interpolation(iniPath, "sourceless", sv.problem()));
        }
        boolean sourceless = sv.ok() && "true".equals(sv.value());
        if (ini.hasSection("post_write_hooks")) {
            for (String name : ini.optionNames("post_write_hooks")) {
                IniFile.Value v = ini.get("post_write_hooks", name);
                if (!v.ok()) {
                    findings.add(interpolation(iniPath, name, v.problem()));
                }
            }
        }
        IniFile.Value rv = ini.get(SECTION, "recursive_version_locations");
        boolean recursive = rv.ok() && rv.value() != null && isTrue(rv.value());
        return new Settings(true, scriptLocation, missing, slLine, versionLocations, vlLine, sourceless,
                line(ini, "sourceless"), recursive, line(ini, "recursive_version_locations"), findings);
    }

    private static List<String> split(IniFile ini, String iniPath, String value, List<Finding> findings) {
        IniFile.Value sep = ini.get(SECTION, "version_path_separator");
        if (!sep.ok()) {
            findings.add(interpolation(iniPath, "version_path_separator", sep.problem()));
            return legacySplit(value);
        }
        if (sep.value() == null) {
            return legacySplit(value);
        }
        String ch = switch (sep.value()) {
            case "space" -> " ";
            // os.pathsep of the POSIX machines Alembic runs on
            case "os", ":" -> ":";
            case ";" -> ";";
            default -> null;
        };
        if (ch == null) {
            String alembic = "ValueError: '" + sep.value() + "' is not a valid value for version_path_separator; "
                    + SEPARATORS;
            boolean newline = "newline".equals(sep.value());
            findings.add(error(iniPath, line(ini, "version_path_separator"),
                    "version_path_separator = " + sep.value() + " is not accepted by Alembic 1.8.1"
                            + (newline ? " (it is from 1.13.3); revchain splits on newlines as intended"
                                       : "; revchain falls back to splitting on commas and spaces"),
                    alembic));
            return newline ? nonEmpty(value.split("\n", -1)) : legacySplit(value);
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
        return s.strip().replace("_", "").matches("[+-]?[0-9]+") && !s.strip().startsWith("_")
                && !s.strip().endsWith("_") && !s.contains("__");
    }

    /** {@code sqlalchemy.util.asbool}, as Alembic 1.10+ reads {@code recursive_version_locations}. */
    private static boolean isTrue(String s) {
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y") || v.equals("t")
                || v.equals("1");
    }

    private static int line(IniFile ini, String name) {
        return ini.option(SECTION, name).map(IniFile.Option::line).orElse(0);
    }

    private static Finding interpolation(String iniPath, String option, IniFile.Problem p) {
        return error(iniPath, p.line(), "option " + option + " cannot be interpolated: " + p.message(),
                "configparser raises while Alembic reads " + option + ": every command fails");
    }

    /** Alembic's failure when {@code script_location} is absent. */
    static Finding missingScriptLocation(String iniPath, int sectionLine) {
        return error(iniPath, sectionLine, "[alembic] has no script_location key",
                "FAILED: No 'script_location' key found in configuration.");
    }

    static Finding error(String file, int line, String message, String alembic) {
        return finding(Checks.INVALID_CONFIG, Severity.ERROR, file, line, message, alembic);
    }

    static Finding finding(String check, Severity severity, String file, int line, String message, String alembic) {
        return new Finding(check, severity, null, file, line, message, alembic, List.of());
    }
}
