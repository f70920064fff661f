package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which branch labels to drop: a label another revision already owns (the first to claim it, in load
 * order), a label that is a revision id, and a label repeated in the same file. The first claim keeps it, so a
 * {@code down_revision} or {@code depends_on} naming the label still means what Alembic resolved it to. Both
 * strategies make this fix.
 */
final class LabelConflicts {
    private LabelConflicts() {}

    static void apply(PlanningContext ctx) {
        RevisionGraph g = ctx.graph();
        Set<String> taken = new HashSet<>(g.revisionIds());
        for (RevisionNode n : g.nodes()) {
            if (n.shadowed() || !n.script().branchLabels().isLiteral()) {
                continue;
            }
            List<String> own = n.ownBranchLabels();
            List<String> keep = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            for (String l : own) {
                if (taken.contains(l) || keep.contains(l)) {
                    dropped.add(l);
                } else {
                    keep.add(l);
                }
            }
            taken.addAll(keep);
            boolean dupInSource = n.script().branchLabels().source() != null
                    && own.size() < countItems(n.script().branchLabels().source());
            if (dropped.isEmpty() && !dupInSource) {
                continue;
            }
            if (ctx.workspace()
                    .setField(n.path(), n.script().branchLabels(), FolderStyle.literal(keep, ctx.quote(n.path())))) {
                ctx.act(
                        ActionKind.DROP_BRANCH_LABEL,
                        n.path(),
                        null,
                        n.id(),
                        ctx.ref(Check.BRANCH_LABEL_CONFLICT, n.id(), n.path()),
                        "branch label(s) " + (dropped.isEmpty() ? "repeated in the same file" : dropped)
                                + " already belong to another revision (or are a revision id); dropped here",
                        Risk.MEDIUM);
            }
        }
    }

    /** The string literals in a label tuple's source: more than the parsed labels means one was repeated. */
    private static int countItems(String source) {
        int n = 0;
        boolean in = false;
        char q = 0;
        for (char c : source.toCharArray()) {
            if (in && c == q) {
                in = false;
                n++;
            } else if (!in && (c == '\'' || c == '"')) {
                in = true;
                q = c;
            }
        }
        return n;
    }
}
