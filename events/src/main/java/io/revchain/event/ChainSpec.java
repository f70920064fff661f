package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What the analyzer needs to know about one migration chain of a commit beyond its files, as ingest resolved it
 * ({@code ChainResolver}, the code {@code revchain check} runs): the rules the chain is graded by.
 *
 * @param name         the chain's name, as {@link FileChanged#chain()} gives it ({@value FileChanged#DEFAULT_CHAIN}
 *                     for the plain layout)
 * @param fileTemplate the chain's {@code file_template}, {@code null} when unset (Alembic's default)
 * @param release      the Alembic release whose rules apply ({@code "1.13.2"}), {@code null} when unknown (the
 *                     analyzer's default)
 * @param findings     what resolving the chain found (its configuration: a package not in the repository, a
 *                     missing versions folder, ...), the findings {@code revchain check} reports on the chain before
 *                     reading its files; a chain that could not be resolved has these and no files
 */
public record ChainSpec(
        String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String fileTemplate,
        @JsonInclude(JsonInclude.Include.NON_NULL) String release,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Finding> findings) {

    public ChainSpec {
        findings = findings == null ? List.of() : List.copyOf(findings);
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a chain name must not be blank");
        }
        if (release != null) {
            // a release this build cannot read is refused when the event is read, not when the chain is graded
            AlembicRelease.parse(release);
        }
    }

    /** A spec without configuration findings. */
    public ChainSpec(String name, String fileTemplate, String release) {
        this(name, fileTemplate, release, List.of());
    }

    /** The spec of a chain graded under {@code release} ({@code null}: unknown). */
    public static ChainSpec of(String name, String fileTemplate, AlembicRelease release) {
        return of(name, fileTemplate, release, List.of());
    }

    /** The spec of a chain graded under {@code release}, with what resolving it found. */
    public static ChainSpec of(String name, String fileTemplate, AlembicRelease release, List<Finding> findings) {
        return new ChainSpec(name, fileTemplate, release == null ? null : release.toString(), findings);
    }

    /** The release as a value, {@code null} when unknown. */
    public AlembicRelease alembicRelease() {
        return release == null ? null : AlembicRelease.parse(release);
    }
}
