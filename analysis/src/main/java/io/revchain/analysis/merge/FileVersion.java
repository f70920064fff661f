package io.revchain.analysis.merge;

import io.revchain.core.model.MigrationScript;
import java.util.Objects;

/**
 * One version of a migration file as a three-way merge sees it: the parsed script and, when known, the git blob id
 * of its exact bytes.
 *
 * <p>Two versions are the same file content when both carry a blob id and the ids are equal; without blob ids the
 * parsed scripts are compared (a change that only touches the body of {@code upgrade()} is then invisible, which is
 * why callers reading git pass the blob ids). A merge base read only as blob ids has a {@code null} script.
 *
 * @param script the parsed file, {@code null} only for a merge-base version known by its blob id alone
 * @param blob   git blob id of the content, or {@code null} when unknown
 */
public record FileVersion(MigrationScript script, String blob) {

    public FileVersion {
        if (script == null && blob == null) {
            throw new IllegalArgumentException("a file version needs its script or its blob id");
        }
    }

    /** A version known by its parsed content only. */
    public static FileVersion of(MigrationScript script) {
        return new FileVersion(Objects.requireNonNull(script, "script"), null);
    }

    /** A version known by its blob id only (a merge base's file). */
    public static FileVersion blob(String blob) {
        return new FileVersion(null, Objects.requireNonNull(blob, "blob"));
    }

    /** Whether both versions have the same content (see the class comment); {@code null} is an absent file. */
    static boolean same(FileVersion a, FileVersion b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.blob != null && b.blob != null) {
            return a.blob.equals(b.blob);
        }
        return a.script != null && a.script.equals(b.script);
    }
}
