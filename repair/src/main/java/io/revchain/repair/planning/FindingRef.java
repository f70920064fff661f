package io.revchain.repair.planning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.model.Finding;

/**
 * The finding a repair step fixes, small enough to print and to look for again after the repair.
 *
 * @param check    the check name
 * @param revision the revision it is about, or {@code null}
 * @param file     the file it is about (before the repair), or {@code null}
 * @param line     its line, 0 when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindingRef(String check, String revision, String file, int line) {

    public static FindingRef of(Finding f) {
        return new FindingRef(f.check(), f.revision(), f.file(), f.line());
    }

    @Override
    public String toString() {
        return check
                + (file == null ? "" : " " + file + (line > 0 ? ":" + line : ""))
                + (revision == null ? "" : " (" + revision + ")");
    }
}
