package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides the {@code down_revision} values no chain can keep, whatever the strategy: a self-loop is cut, an empty
 * string is removed, and a branch label is replaced by the revision carrying it. Under policy {@code acgs2} a
 * scalar {@code down_revision = ''} (a base for Alembic 1.8.1, a broken reference for later releases) is written as
 * {@code None}. A rewritten value names each parent once. Values that are computed or unreadable are left alone.
 */
final class ParentCleanup {
    private ParentCleanup() {}

    static void apply(PlanningContext ctx) {
        RevisionGraph g = ctx.graph();
        Map<String, String> owners = g.branchLabelOwners();
        Set<String> ids = new HashSet<>(g.revisionIds());
        for (RevisionNode n : g.nodes()) {
            if (n.parentsUnknown() || !n.script().downRevision().isLiteral()) {
                continue;
            }
            List<String> down = new ArrayList<>(n.downRevisions());
            List<String> fixed = new ArrayList<>();
            String why = null;
            FindingRef fixes = null;
            for (String d : down) {
                if (d.equals(n.id())) {
                    why = "down_revision names the revision itself (self-loop); the link is cut";
                    fixes = ctx.ref(Check.SELF_LOOP, n.id(), n.path());
                } else if (d.isEmpty()) {
                    why = "down_revision holds the empty string; it is removed";
                    fixes = ctx.ref(Check.EMPTY_DOWN_REVISION, null, n.path());
                } else if (!ids.contains(d) && owners.containsKey(d)) {
                    String owner = owners.get(d);
                    fixed.add(owner);
                    why = "down_revision '" + d + "' is a branch label, not a revision id: it is the label of '" + owner
                            + "'";
                    fixes = ctx.ref(Check.DOWN_REVISION_IS_LABEL, n.id(), n.path());
                } else {
                    fixed.add(d);
                }
            }
            boolean emptyScalar =
                    n.script().downRevision().emptyString() && ctx.policy().isAcgs2();
            if (emptyScalar) {
                why = "down_revision = '' (a base for Alembic 1.8.1, a broken reference for later releases); "
                        + "written as None";
                fixes = ctx.ref(Check.EMPTY_DOWN_REVISION, null, n.path());
            }
            List<String> dedup = new ArrayList<>(new LinkedHashSet<>(fixed));
            if ((why != null && !dedup.equals(down)) || emptyScalar) {
                if (ctx.setDown(n.path(), dedup)) {
                    ctx.act(
                            ActionKind.SET_DOWN_REVISION,
                            n.path(),
                            null,
                            n.id(),
                            fixes,
                            why + " (now " + FolderStyle.literal(dedup, '\'') + ")",
                            Risk.MEDIUM);
                }
            }
        }
    }
}
