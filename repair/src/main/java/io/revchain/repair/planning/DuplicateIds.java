package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import io.revchain.core.parse.PyRepr;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which copy of a duplicated revision id keeps it: the deployed copy (the one Alembic ran: a database
 * stamped at that id ran it), else the copy added first ({@link OrderKey} order, then path). Every other copy gets a
 * fresh id derived from the old id and its path ({@link DerivedIds}), so the same folder always gets the same ids.
 * Both strategies make this fix.
 */
final class DuplicateIds {
    private DuplicateIds() {}

    static void apply(PlanningContext ctx) {
        Workspace ws = ctx.workspace();
        RevisionGraph g = ctx.graph();
        Set<String> prot = DeployedHistory.of(g, ctx.request().protectedIds());
        Set<String> done = new HashSet<>();
        for (RevisionNode n : g.nodes()) {
            if (!done.add(n.id())) {
                continue;
            }
            List<RevisionNode> copies = g.nodesWithId(n.id());
            if (copies.size() < 2) {
                continue;
            }
            RevisionNode keep;
            if (prot.contains(n.id())) {
                // deployed (or an ancestor of a deployed revision): the copy Alembic ran keeps the id
                keep = copies.stream().filter(c -> !c.shadowed()).findFirst().orElse(copies.get(copies.size() - 1));
            } else {
                keep = copies.stream()
                        .min(Comparator.comparing(ctx::key).thenComparing(c -> c.path()))
                        .orElseThrow();
            }
            for (RevisionNode c : copies) {
                if (c == keep) {
                    continue;
                }
                String fresh = DerivedIds.of("duplicate", n.id(), c.path());
                if (!ws.setField(c.path(), c.script().revision(), PyRepr.quoted(fresh, ctx.quote(c.path())))) {
                    ctx.note(c.path() + " declares the duplicated revision '" + n.id()
                            + "' but cannot be edited; give it a new id by hand");
                    continue;
                }
                ctx.act(
                        ActionKind.NEW_REVISION_ID,
                        c.path(),
                        null,
                        fresh,
                        ctx.ref(Check.DUPLICATE_REVISION, n.id(), null),
                        "revision '" + n.id() + "' is also declared by " + keep.path() + "; this copy becomes '"
                                + fresh + "'. A database stamped at '" + n.id() + "' may have run either file: "
                                + "compare both with its schema before upgrading",
                        Risk.HIGH);
            }
        }
    }
}
