package io.revchain.repair.planning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.Risk;
import java.util.Objects;

/**
 * One step of a repair plan.
 *
 * @param kind     what the step does
 * @param file     the file created or changed, as it is named before the step ('/' separators, relative to the root)
 * @param newFile  the file's name after a {@link ActionKind#RENAME_FILE}, else {@code null}
 * @param revision the revision the step is about, or {@code null}
 * @param fixes    the finding it fixes, or {@code null} for a step that keeps the rest consistent
 * @param reason   one line: why
 * @param risk     {@code low}: docstring, marker, rename, new file that changes no path to an existing revision;
 *                 {@code medium}: re-points an existing {@code down_revision} or drops a label;
 *                 {@code high}: placeholder for a lost migration, or a new id for a duplicated revision
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepairAction(
        ActionKind kind, String file, String newFile, String revision, FindingRef fixes, String reason, Risk risk) {

    public RepairAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(risk, "risk");
    }

    /** The step as it travels in a {@code FixProposal}. */
    public FixAction toFixAction() {
        return new FixAction(kind.label(), newFile != null ? newFile : file, revision, reason, risk);
    }
}
