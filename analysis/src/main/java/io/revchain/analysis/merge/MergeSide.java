package io.revchain.analysis.merge;

import io.revchain.core.model.MigrationScript;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One side of a would-be merge: a branch, the commit it is at, and its migration files by path.
 *
 * @param branch branch name ({@code main}, {@code feature/x}, {@code refs/pull/7/head})
 * @param commit the commit read, or {@code null} when unknown
 * @param files  path → version, sorted by path
 */
public record MergeSide(String branch, String commit, Map<String, FileVersion> files) {

    public MergeSide {
        Objects.requireNonNull(branch, "branch");
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** A side whose files are known by their parsed content only. */
    public static MergeSide ofScripts(String branch, String commit, Map<String, MigrationScript> scripts) {
        return new MergeSide(branch, commit, versions(scripts));
    }

    /** Wraps parsed scripts as versions without blob ids. */
    public static Map<String, FileVersion> versions(Map<String, MigrationScript> scripts) {
        Map<String, FileVersion> out = new TreeMap<>();
        scripts.forEach((p, s) -> out.put(p, FileVersion.of(s)));
        return out;
    }
}
