package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link Strategy#MERGE}: never re-points an existing revision except to make the folder loadable. It adds a
 * placeholder for every missing parent or dependency ({@link Placeholders}), cuts each cycle ({@link CycleCuts}),
 * and joins the heads with one merge revision ({@link MergeRevisions}, heads in {@link OrderKey} order). Under
 * policy {@code alembic} heads that are distinct labelled branches are left as they are (Alembic accepts them);
 * under {@code acgs2} they are joined, and several bases are reported, not re-pointed.
 */
final class MergeStrategy {
    private MergeStrategy() {}

    static void apply(PlanningContext ctx) {
        RevisionGraph g = ctx.graph();
        Set<String> known = new HashSet<>(g.revisionIds());
        known.addAll(g.branchLabelOwners().keySet());
        Map<String, List<RevisionNode>> missing = new TreeMap<>();
        for (RevisionNode n : g.nodes()) {
            for (String d : n.downRevisions()) {
                if (!known.contains(d) && !d.isEmpty()) {
                    missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                }
            }
            for (String d : n.dependsOn()) {
                if (!known.contains(d) && !d.isEmpty()) {
                    missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (Map.Entry<String, List<RevisionNode>> e : missing.entrySet()) {
            Placeholders.create(ctx, e.getKey(), e.getValue(), List.of());
        }
        CycleCuts.apply(ctx);
        g = ctx.graph();
        List<RevisionNode> heads = distinctNodes(g, g.heads());
        if (heads.size() < 2) {
            noteBases(ctx);
            return;
        }
        if (!ctx.policy().isAcgs2() && distinctlyLabelled(heads)) {
            ctx.note("heads " + heads.stream().map(RevisionNode::id).toList() + " are labelled branches, "
                    + "which Alembic accepts; they are left as they are");
            return;
        }
        heads.sort(Comparator.comparing(ctx::key));
        MergeRevisions.create(
                ctx,
                heads.stream().map(RevisionNode::id).toList(),
                heads,
                ctx.ref(Check.MULTIPLE_HEADS, null, null),
                "joins the heads " + heads.stream().map(RevisionNode::id).toList() + " as 'alembic merge' would");
        noteBases(ctx);
    }

    private static void noteBases(PlanningContext ctx) {
        if (ctx.anyOriginal(Check.MULTIPLE_BASES) && ctx.policy().isAcgs2()) {
            ctx.note("several bases remain: strategy merge never re-points an existing revision; use "
                    + "--strategy linearize to make one chain");
        }
    }

    /** Every head carries a branch label of its own. */
    private static boolean distinctlyLabelled(List<RevisionNode> heads) {
        Set<String> seen = new HashSet<>();
        for (RevisionNode h : heads) {
            if (h.branchLabels().isEmpty()) {
                return false;
            }
            for (String l : h.branchLabels()) {
                if (!seen.add(l)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<RevisionNode> distinctNodes(RevisionGraph g, List<String> ids) {
        List<RevisionNode> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            g.node(id).ifPresent(out::add);
        }
        return out;
    }
}
