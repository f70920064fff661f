package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * Decides where {@link Strategy#MERGE} cuts each {@code down_revision} cycle: at the link that most contradicts
 * Create Date order ({@link Link#contradiction}), one link per round until no cycle is left. A link into a deployed
 * revision (or an ancestor of one) or into a computed {@code down_revision} is never cut; a cycle made only of
 * such links is left with a note.
 */
final class CycleCuts {
    private CycleCuts() {}

    static void apply(PlanningContext ctx) {
        for (int round = 0; round < 1000; round++) {
            RevisionGraph g = ctx.graph();
            Graph<String, DefaultEdge> dg = new DirectedPseudograph<>(DefaultEdge.class);
            for (RevisionNode n : g.nodes()) {
                if (!n.shadowed()) {
                    dg.addVertex(n.id());
                }
            }
            for (RevisionNode n : g.nodes()) {
                if (n.shadowed()) {
                    continue;
                }
                for (String d : n.downRevisions()) {
                    if (dg.containsVertex(d) && !d.equals(n.id())) {
                        dg.addEdge(d, n.id());
                    }
                }
            }
            Set<String> protectedIds = DeployedHistory.of(g, ctx.request().protectedIds());
            Link cut = null;
            OrderKey cutParent = null;
            OrderKey cutChild = null;
            for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(dg).stronglyConnectedSets()) {
                if (scc.size() < 2) {
                    continue;
                }
                for (String c : new TreeSet<>(scc)) {
                    RevisionNode child = g.node(c).orElseThrow();
                    if (protectedIds.contains(c)
                            || !child.script().downRevision().isLiteral()) {
                        continue;
                    }
                    for (String p : child.downRevisions()) {
                        if (!scc.contains(p)) {
                            continue;
                        }
                        OrderKey pk = ctx.key(g.node(p).orElseThrow());
                        OrderKey ck = ctx.key(child);
                        if (cut == null || Link.contradiction(pk, ck, cutParent, cutChild) > 0) {
                            cutParent = pk;
                            cutChild = ck;
                            cut = new Link(p, c);
                        }
                    }
                }
                if (cut != null) {
                    break;
                }
                ctx.note("the cycle through " + new TreeSet<>(scc) + " runs only through deployed or "
                        + "computed revisions; it is left for a person to cut");
            }
            if (cut == null) {
                return;
            }
            RevisionNode child = g.node(cut.child()).orElseThrow();
            List<String> down = new ArrayList<>(child.downRevisions());
            down.remove(cut.parent());
            if (!ctx.setDown(child.path(), down)) {
                return;
            }
            ctx.act(
                    ActionKind.SET_DOWN_REVISION,
                    child.path(),
                    null,
                    child.id(),
                    ctx.ref(Check.CYCLE, null, null),
                    "cuts the down_revision cycle at " + cut.parent() + " -> " + cut.child() + ", the link that most "
                            + "contradicts Create Date order (now " + FolderStyle.literal(down, '\'') + ")",
                    Risk.MEDIUM);
        }
    }
}
