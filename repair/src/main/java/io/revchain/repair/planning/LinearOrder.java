package io.revchain.repair.planning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * Decides the order of revisions in a linear chain: a topological order of the parent links that, among the
 * revisions whose parents are all placed, always takes the one with the smallest {@link OrderKey} (Create Date,
 * prefix, commit, id). Every link is kept, so a parent always comes before its child. Revisions on a cycle that
 * could not be cut (only through deployed revisions), and everything after them, come last, in key order.
 */
final class LinearOrder {
    private LinearOrder() {}

    /** The order of {@code nodes}; parents outside {@code nodes} count as placed. */
    static List<String> of(Set<String> nodes, Map<String, List<String>> parents, Map<String, OrderKey> keys) {
        Graph<String, DefaultEdge> g = GraphTypeBuilder.<String, DefaultEdge>directed()
                .allowingSelfLoops(true)
                .allowingMultipleEdges(false)
                .edgeClass(DefaultEdge.class)
                .buildGraph();
        nodes.forEach(g::addVertex);
        for (String c : nodes) {
            for (String p : parents.get(c)) {
                if (nodes.contains(p)) {
                    g.addEdge(p, c);
                }
            }
        }
        Set<String> blocked = blocked(g);
        Graph<String, DefaultEdge> free = new DefaultDirectedGraph<>(DefaultEdge.class);
        Graphs.addGraph(free, g);
        free.removeAllVertices(blocked);
        Comparator<String> byKey = Comparator.comparing(keys::get);
        List<String> out = new ArrayList<>();
        new TopologicalOrderIterator<>(free, byKey).forEachRemaining(out::add);
        List<String> left = new ArrayList<>(blocked);
        left.sort(byKey);
        out.addAll(left);
        return out;
    }

    /** The revisions on a cycle and everything after them: no topological order can place them. */
    private static Set<String> blocked(Graph<String, DefaultEdge> g) {
        Set<String> out = new LinkedHashSet<>(new CycleDetector<>(g).findCycles());
        Deque<String> todo = new ArrayDeque<>(out);
        while (!todo.isEmpty()) {
            for (String c : Graphs.successorListOf(g, todo.pop())) {
                if (out.add(c)) {
                    todo.add(c);
                }
            }
        }
        return new HashSet<>(out);
    }
}
