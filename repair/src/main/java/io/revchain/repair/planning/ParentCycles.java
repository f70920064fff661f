package io.revchain.repair.planning;

import io.revchain.core.model.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * Decides which links {@link Strategy#LINEARIZE} drops from its parent map so that it has no cycle left: every
 * self-loop, then, one round at a time, the link in a cycle that most contradicts the key order
 * ({@link Link#contradiction}). A link into a protected (deployed) revision is never dropped.
 */
final class ParentCycles {
    private ParentCycles() {}

    /** Removes the cut links from {@code parents} (child → its parents), in place. */
    static void cut(Set<String> all, Map<String, List<String>> parents, Map<String, OrderKey> keys, Set<String> prot) {
        for (String c : all) {
            if (!prot.contains(c)) {
                parents.get(c).remove(c);
            }
        }
        for (int round = 0; round < all.size() + 1; round++) {
            Graph<String, DefaultEdge> dg = new DirectedPseudograph<>(DefaultEdge.class);
            all.forEach(dg::addVertex);
            for (String c : all) {
                for (String p : parents.get(c)) {
                    if (dg.containsVertex(p)) {
                        dg.addEdge(p, c);
                    }
                }
            }
            Link cut = null;
            for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(dg).stronglyConnectedSets()) {
                if (scc.size() < 2) {
                    continue;
                }
                for (String c : new TreeSet<>(scc)) {
                    if (prot.contains(c)) {
                        continue;
                    }
                    for (String p : parents.get(c)) {
                        if (scc.contains(p)
                                && (cut == null
                                        || Link.contradiction(
                                                        keys.get(p),
                                                        keys.get(c),
                                                        keys.get(cut.parent()),
                                                        keys.get(cut.child()))
                                                > 0)) {
                            cut = new Link(p, c);
                        }
                    }
                }
                if (cut != null) {
                    break;
                }
            }
            if (cut == null) {
                return;
            }
            parents.get(cut.child()).remove(cut.parent());
        }
    }
}
