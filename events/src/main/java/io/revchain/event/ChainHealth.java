package io.revchain.event;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One chain's part of a {@link HealthReport}, for a repository with several chains (several ini sections, several
 * {@code alembic.ini} files, a sub-folder that is a chain of its own): each chain has its own heads and bases, so
 * two chains with one head each are two heads in the report but no {@code multiple-heads}.
 *
 * @param name      the chain's name ({@link FileChanged#chain()}, {@value FileChanged#DEFAULT_CHAIN} for the plain
 *                  layout)
 * @param revisions how many revisions the chain holds
 * @param heads     its head revision ids, as {@code alembic -n NAME heads} orders them
 * @param bases     its base revision ids
 * @param status    the verdict on this chain's findings alone
 * @param errors    how many of its findings are errors
 * @param warnings  how many are warnings
 * @param infos     how many are informational
 */
public record ChainHealth(
        String name,
        int revisions,
        List<String> heads,
        List<String> bases,
        HealthStatus status,
        int errors,
        int warnings,
        int infos) {

    public ChainHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        heads = heads == null ? List.of() : List.copyOf(heads);
        bases = bases == null ? List.of() : List.copyOf(bases);
    }

    /** A chain's health from its graded findings. */
    public static ChainHealth of(
            String name, int revisions, List<String> heads, List<String> bases, List<Finding> findings) {
        int errors = 0;
        int warnings = 0;
        int infos = 0;
        for (Finding f : findings) {
            if (f.severity() == Severity.ERROR) {
                errors++;
            } else if (f.severity() == Severity.WARNING) {
                warnings++;
            } else {
                infos++;
            }
        }
        return new ChainHealth(name, revisions, heads, bases, HealthStatus.of(findings), errors, warnings, infos);
    }

    /** This chain marked {@link HealthStatus#UNAVAILABLE} (its repository could not be read). */
    public ChainHealth unavailable() {
        return new ChainHealth(name, revisions, heads, bases, HealthStatus.UNAVAILABLE, errors, warnings, infos);
    }
}
