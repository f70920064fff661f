package io.revchain.repair.planning;

import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Decides the merge revision that joins several heads, as {@code alembic merge} would: its parents are the heads,
 * its id is derived from them (sorted), so the same heads always give the same id, and it is dated like the latest
 * of them. Under policy {@code acgs2} it carries the marker.
 */
final class MergeRevisions {
    private MergeRevisions() {}

    /** Creates a merge revision over {@code parents}; returns its id. */
    static String create(
            PlanningContext ctx,
            List<String> parents,
            List<RevisionNode> parentNodes,
            FindingRef fixes,
            String reason) {
        Workspace ws = ctx.workspace();
        String id = DerivedIds.of(new ArrayList<>(new TreeSet<>(parents)).toString());
        String date = parentNodes.stream()
                .map(c -> c.script().docstring().createDate())
                .filter(Objects::nonNull)
                .max(Comparator.comparing(d -> Objects.requireNonNullElse(OrderKey.normalise(d), d)))
                .orElse("unknown");
        String path = FreeNames.folder(ws) + FreeNames.freeName(ws, FolderStyle.fileName(id, "merge heads"));
        ws.create(path, ctx.style().render(id, parents, "merge heads", date));
        if (ctx.policy().isAcgs2()) {
            ws.appendToDocstring(path, "Constitutional Hash: " + ctx.policy().marker());
        }
        ctx.act(ActionKind.ADD_MERGE_REVISION, path, null, id, fixes, reason, Risk.LOW);
        return id;
    }
}
