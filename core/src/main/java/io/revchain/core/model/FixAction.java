package io.revchain.core.model;

import java.util.Objects;

/**
 * One step of a repair plan as it travels in a {@link FixProposal}.
 *
 * @param kind     what the step does, a stable kebab-case name chosen by the repairer (e.g.
 *                 {@code create-placeholder}, {@code set-down-revision}, {@code add-merge-revision},
 *                 {@code rename-file}, {@code rewrite-docstring})
 * @param file     the file created or changed ('/' separators)
 * @param revision the revision the step is about, or {@code null}
 * @param reason   why, naming the finding it fixes
 * @param risk     how risky this step is
 */
public record FixAction(String kind, String file, String revision, String reason, Risk risk) {

    public FixAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(risk, "risk");
    }
}
