package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a migration chain.
 *
 * @param check     stable kebab-case check name, {@link Check#wire()} (a string on the wire: a newer build's check
 *                  still reads)
 * @param severity  severity under the policy in force
 * @param revision  the revision the finding is about, or {@code null} when it concerns a file or the chain
 * @param file      file path relative to the analysed root ('/' separators), or {@code null}
 * @param line      1-based line in {@code file}, or 0 when unknown
 * @param message   what is wrong, naming the files involved, and what to do
 * @param alembic   what real Alembic 1.8.1 does in this state
 * @param revisions every revision involved (includes {@code revision}); empty when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
        String check,
        Severity severity,
        String revision,
        String file,
        int line,
        String message,
        String alembic,
        List<String> revisions) {

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }

    /** A finding of {@code check}. */
    public Finding(
            Check check,
            Severity severity,
            String revision,
            String file,
            int line,
            String message,
            String alembic,
            List<String> revisions) {
        this(check.wire(), severity, revision, file, line, message, alembic, revisions);
    }

    /** Whether this is a finding of {@code c}. */
    public boolean is(Check c) {
        return c.wire().equals(check);
    }

    /** The check this finding is of, or empty for a name this build does not know. */
    public Optional<Check> kind() {
        return Check.of(check);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(check, s, revision, file, line, message, alembic, revisions);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
