package io.revchain.core.alembic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Alembic release, and the behaviours that depend on it: one predicate per difference listed in
 * {@code docs/ALEMBIC-RELEASES.md}, each true when this release has the behaviour. Line numbers in the Javadoc are
 * those of {@code sqlalchemy/alembic} at the named tag.
 *
 * <p>Only the release segment counts: {@code 1.13.2.post1}, {@code 1.13.2rc1} and {@code 1.13.2+local} are all
 * 1.13.2 (no behaviour listed here changed in a pre-, post- or local release).
 */
public record AlembicRelease(int major, int minor, int patch) implements Comparable<AlembicRelease> {

    /** Debian's Alembic, the release the tests run as their oracle. */
    public static final AlembicRelease ORACLE = new AlembicRelease(1, 8, 1);

    /** The newest release found (tag {@code rel_1_19_1}); assumed when a repository pins nothing. */
    public static final AlembicRelease CURRENT = new AlembicRelease(1, 19, 1);

    /** Every 1.x release tagged in {@code sqlalchemy/alembic} up to {@link #CURRENT}, oldest first. */
    public static final List<AlembicRelease> KNOWN = known();

    /** Releases yanked from PyPI (1.15.0, "yanked due to issue #1616"): a range picks them only as a last resort. */
    static final List<AlembicRelease> YANKED = List.of(new AlembicRelease(1, 15, 0));

    // PEP 440 without the epoch: release segment, then optional pre/post/dev/local parts we ignore.
    private static final Pattern VERSION = Pattern.compile(
            "\\s*v?(\\d+(?:\\.\\d+)*)"
                    + "(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\\d*)?"
                    + "(?:-\\d+|[-_.]?(?:post|rev|r)[-_.]?\\d*)?"
                    + "(?:[-_.]?dev[-_.]?\\d*)?"
                    + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?\\s*",
            Pattern.CASE_INSENSITIVE);

    public AlembicRelease {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version component: " + major + "." + minor + "." + patch);
        }
    }

    /**
     * Reads a version as PEP 440 writes it: {@code "1.13"} (1.13.0), {@code "1.13.2"}, {@code "1.13.2.post1"},
     * {@code "v1.13.2"}; components after the third are ignored.
     *
     * @throws IllegalArgumentException when the text is not such a version (an epoch {@code 1!2.0}, a wildcard, a
     *     specifier, a name)
     */
    public static AlembicRelease parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not an Alembic version: null");
        }
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Alembic version: '" + text
                    + "' (expected a PEP 440 version such as 1.13, 1.13.2 or 1.13.2.post1)");
        }
        String[] parts = m.group(1).split("\\.");
        try {
            return new AlembicRelease(
                    Integer.parseInt(parts[0]),
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an Alembic version: '" + text + "' (a component is too large)");
        }
    }

    /** Whether this release is {@code other} or newer. */
    public boolean atLeast(AlembicRelease other) {
        return compareTo(other) >= 0;
    }

    private boolean atLeast(int major, int minor, int patch) {
        return atLeast(new AlembicRelease(major, minor, patch));
    }

    @Override
    public int compareTo(AlembicRelease o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }

    /**
     * 1.10.0: {@code recursive_version_locations = true} loads the files of every sub-folder of a version location
     * (folders ending in {@code __pycache__} skipped); older releases ignore the option and read the top folder only.
     * Evidence: {@code script/base.py} {@code Script._list_py_dir} l.968 and {@code ScriptDirectory.from_config}
     * l.215 at {@code rel_1_10_0}; changelog 1.10.0, #760.
     */
    public boolean recursiveVersionLocations() {
        return atLeast(1, 10, 0);
    }

    /**
     * 1.10.0: the files of a folder load in sorted name order, so when two files declare the same revision ("is
     * present more than once") the winner, the later one, is known; older releases use {@code os.listdir} order.
     * Evidence: {@code Script._list_py_dir} {@code sorted(files)} l.976 at {@code rel_1_10_0} against
     * {@code os.listdir(path)} l.981 at {@code rel_1_9_4}; {@code RevisionMap._revision_map} l.196 at
     * {@code rel_1_8_1}.
     */
    public boolean sortedLoadOrder() {
        return atLeast(1, 10, 0);
    }

    /**
     * 1.10.0: a missing default {@code <script_location>/versions} folder is an empty history; before, every command
     * fails with {@code FileNotFoundError}. (A missing entry of an explicit {@code version_locations} is skipped
     * silently in every release.) Evidence: {@code ScriptDirectory._load_revisions} l.127 and
     * {@code Script._list_py_dir} l.981 at {@code rel_1_9_4}; {@code os.walk} in {@code _list_py_dir} at
     * {@code rel_1_10_0}.
     */
    public boolean missingVersionsFolderIsEmpty() {
        return atLeast(1, 10, 0);
    }

    /**
     * Up to 1.12.0: {@code down_revision = ''} is a base; from 1.12.1 it is kept as a reference to a revision named
     * {@code ''}, which is missing, and every command fails with {@code KeyError: ''}. Evidence: {@code
     * script/revision.py} {@code Revision.__init__} {@code tuple_rev_as_scalar(down_revision)} l.1580 at
     * {@code rel_1_12_0}, {@code tuple_rev_as_scalar(util.to_tuple(down_revision))} l.1585 at {@code rel_1_12_1}
     * (commit 5628a227 "Improve typings", #930; not in the changelog).
     */
    public boolean emptyDownRevisionIsBase() {
        return !atLeast(1, 12, 1);
    }

    /**
     * 1.13.3: {@code version_path_separator = newline} splits {@code version_locations} on line breaks; older
     * releases reject the value with {@code ValueError}. Evidence: {@code ScriptDirectory.from_config}
     * {@code "newline": "\n"} l.190 at {@code rel_1_13_3}; changelog 1.13.3, #1509.
     */
    public boolean newlineSeparator() {
        return atLeast(1, 13, 3);
    }

    /**
     * 1.13.3: the entries of {@code version_locations} split on an explicit separator are stripped of surrounding
     * spaces; before, {@code "a; b"} gives {@code " b"}. Evidence: {@code ScriptDirectory.from_config}
     * {@code x.strip()} l.215 at {@code rel_1_13_3}.
     */
    public boolean separatorEntriesStripped() {
        return atLeast(1, 13, 3);
    }

    /**
     * 1.16.0: {@code path_separator} is read (before {@code version_path_separator}) to split
     * {@code version_locations}, and it alone splits {@code prepend_sys_path} (which otherwise splits on commas,
     * spaces and colons); older releases ignore it. Evidence: {@code config.py} {@code
     * Config._get_file_separator_char} l.486, {@code get_version_locations_list} l.518, {@code
     * get_prepend_sys_paths_list} l.553 at {@code rel_1_16_0}; changelog 1.16.0, #1330.
     */
    public boolean pathSeparatorOption() {
        return atLeast(1, 16, 0);
    }

    /**
     * 1.16.0: {@code [tool.alembic]} of {@code pyproject.toml} supplies every key the ini's main section does not
     * have (see {@link PyProject}). Evidence: {@code Config.toml_alembic_config} l.241, {@code
     * _get_toml_config_value} l.445, {@code CommandLine._inis_from_config} l.923 at {@code rel_1_16_0}; changelog
     * 1.16.0, #1082.
     */
    public boolean pyprojectConfig() {
        return atLeast(1, 16, 0);
    }

    /**
     * 1.16.0: a missing ini file or main section is no longer an error by itself (options are looked up with
     * {@code has_option}, falling through to {@code [tool.alembic]}); before, every command fails with "No config
     * file ... found, or file has no '[alembic]' section". Evidence: {@code Config.get_section_option} l.279 at
     * {@code rel_1_8_1}; {@code Config.get_alembic_option} at {@code rel_1_16_0}.
     */
    public boolean missingIniSectionTolerated() {
        return atLeast(1, 16, 0);
    }

    /**
     * 1.16.4: {@code sourceless} and {@code recursive_version_locations} in {@code [tool.alembic]} must be TOML
     * booleans; 1.16.0 to 1.16.3 accept only the string {@code "true"} and fail on a boolean. Evidence: {@code
     * Config.get_alembic_boolean_option} l.458 at {@code rel_1_16_4}; changelog 1.16.4, #1694.
     */
    public boolean tomlBooleans() {
        return atLeast(1, 16, 4);
    }

    /**
     * 1.16.5: an integer {@code truncate_slug_length} in {@code [tool.alembic]} is accepted; before, any integer
     * fails with "unsupported TOML value type". Evidence: {@code Config._get_toml_config_value} l.502 at
     * {@code rel_1_16_5}; changelog 1.16.5, #1709.
     */
    public boolean tomlIntegers() {
        return atLeast(1, 16, 5);
    }

    /**
     * 1.17.1: a revision id containing {@code :} fails when its file is loaded, like {@code @ - +} always did.
     * Evidence: {@code script/revision.py} {@code _revision_illegal_chars} l.48 at {@code rel_1_17_1}; changelog
     * 1.17.1, #1540.
     */
    public boolean colonForbiddenInRevisionId() {
        return atLeast(1, 17, 1);
    }

    /**
     * 1.18.0: a {@code /} in {@code file_template} makes {@code alembic revision} create sub-folders; such files are
     * loaded only with {@link #recursiveVersionLocations() recursive_version_locations}. Evidence: {@code
     * ScriptDirectory.generate_revision} {@code self._ensure_directory(path.parent)} l.699 at {@code rel_1_18_0};
     * changelog 1.18.0, #1774.
     */
    public boolean fileTemplateSubfolders() {
        return atLeast(1, 18, 0);
    }

    private static List<AlembicRelease> known() {
        // Patch counts per minor of 1.0 .. 1.19, from the rel_1_* tags.
        int[] lastPatch = {11, 0, 1, 3, 3, 8, 5, 7, 1, 4, 4, 3, 1, 3, 1, 2, 5, 2, 5, 1};
        List<AlembicRelease> all = new ArrayList<>();
        for (int minor = 0; minor < lastPatch.length; minor++) {
            for (int patch = 0; patch <= lastPatch[minor]; patch++) {
                all.add(new AlembicRelease(1, minor, patch));
            }
        }
        return List.copyOf(all);
    }
}
