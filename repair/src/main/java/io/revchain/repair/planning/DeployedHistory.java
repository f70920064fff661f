package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Decides which revisions no repair may re-point: those named deployed (stamped in some database) and all their
 * ancestors through existing {@code down_revision} and {@code depends_on} links. Rewriting any of them would change
 * history a database has already run.
 */
final class DeployedHistory {
    private DeployedHistory() {}

    /** The deployed revisions of {@code g} and their ancestors, in discovery order. */
    static Set<String> of(RevisionGraph g, Collection<String> deployed) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String d : deployed) {
            if (g.node(d).isPresent()) {
                todo.add(d);
            }
        }
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!out.add(id)) {
                continue;
            }
            g.node(id).ifPresent(n -> {
                todo.addAll(n.downRevisions());
                todo.addAll(n.dependencies());
            });
        }
        out.retainAll(new HashSet<>(g.revisionIds()));
        return out;
    }
}
