package io.revchain.analysis;

import io.revchain.core.model.MigrationScript;
import java.util.List;

/**
 * One revision as Alembic 1.8.1 sees it once the map is built (one per file: a duplicated id gives two nodes).
 *
 * @param id                  the revision id ({@code revision}, or the legacy {@code <hex>.py} file name)
 * @param script              the parsed file
 * @param downRevisions       {@code down_revision}, normalised; empty for a base
 * @param parentsUnknown      {@code down_revision} is missing or not a literal, so the parents are unknown
 * @param dependsOn           {@code depends_on} as declared (may name branch labels)
 * @param dependencies        {@code depends_on} resolved to revision ids
 * @param ownBranchLabels     {@code branch_labels} as declared
 * @param branchLabels        labels after Alembic's propagation, sorted (what {@code alembic heads} prints)
 * @param children            revisions naming this one in {@code down_revision} ({@code nextrev})
 * @param dependents          revisions naming this one only in {@code depends_on}
 * @param head                no child via {@code down_revision} ({@code is_head})
 * @param realHead            no child via {@code down_revision} nor {@code depends_on} ({@code _is_real_head})
 * @param base                {@code down_revision} is None
 * @param branchPoint         more than one child
 * @param mergePoint          more than one {@code down_revision}
 * @param shadowed            a later file has the same id: Alembic keeps that one and never runs this one
 */
public record RevisionNode(
        String id,
        MigrationScript script,
        List<String> downRevisions,
        boolean parentsUnknown,
        List<String> dependsOn,
        List<String> dependencies,
        List<String> ownBranchLabels,
        List<String> branchLabels,
        List<String> children,
        List<String> dependents,
        boolean head,
        boolean realHead,
        boolean base,
        boolean branchPoint,
        boolean mergePoint,
        boolean shadowed) {

    public RevisionNode {
        downRevisions = List.copyOf(downRevisions);
        dependsOn = List.copyOf(dependsOn);
        dependencies = List.copyOf(dependencies);
        ownBranchLabels = List.copyOf(ownBranchLabels);
        branchLabels = List.copyOf(branchLabels);
        children = List.copyOf(children);
        dependents = List.copyOf(dependents);
    }

    public String path() {
        return script.path();
    }

    /** Alembic prints {@code (effective head)}: a head by down_revision that something still depends on. */
    public boolean effectiveHeadMarker() {
        return head && !realHead;
    }
}
