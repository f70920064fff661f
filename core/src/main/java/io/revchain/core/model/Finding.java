package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a migration chain.
 *
 * @param check     stable kebab-case check name (see {@link Checks})
 * @param severity  severity under the policy in force
 * @param revision  the revision the finding is about, or {@code null} when it concerns a file or the chain
 * @param file      file path relative to the analysed root ('/' separators), or {@code null}
 * @param line      1-based line in {@code file}, or 0 when unknown
 * @param message   what is wrong, naming the files involved, and what to do
 * @param alembic   what real Alembic 1.8.1 does in this state
 * @param revisions every revision involved (includes {@code revision}); empty when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String check, Severity severity, String revision, String file, int line,
                      String message, String alembic, List<String> revisions) {

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(check, s, revision, file, line, message, alembic, revisions);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
