package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.analysis.deploy.Retired;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do about a revision an environment stands on that no file of the code declares (a deleted or
 * squashed migration: every {@code alembic upgrade} there fails with "Can't locate revision"). When git history
 * says which parents it had and the code still has them, an empty placeholder with that id on those parents keeps
 * the environment upgradable ({@link Placeholders#createStranded}); the strategy then joins or chains it like any
 * applied head. Otherwise nothing is written and a note says why: without its parents a placeholder would be a new
 * base and {@code upgrade head} would re-run the whole chain; a file renamed with another id needs an
 * {@code alembic stamp} at that id, since a placeholder would run the renamed migration a second time. Retired
 * parents are rescued first (a squash of several files), at most {@link #DEPTH} deep.
 */
final class StrandedRows {
    private StrandedRows() {}

    static final int DEPTH = 100;

    static void apply(PlanningContext ctx) {
        AppliedEnvironments applied = ctx.request().applied();
        Map<String, List<String>> standing = new LinkedHashMap<>();
        applied.rows()
                .forEach((env, rows) -> rows.forEach(
                        r -> standing.computeIfAbsent(r, k -> new ArrayList<>()).add(env)));
        Set<String> done = new HashSet<>();
        for (Map.Entry<String, List<String>> e : standing.entrySet()) {
            rescue(ctx, e.getKey(), e.getValue(), done, 0);
        }
    }

    /** Whether {@code id} is declared (or rescued) after this call. */
    private static boolean rescue(PlanningContext ctx, String id, List<String> envs, Set<String> done, int depth) {
        RevisionGraph g = ctx.graph();
        if (g.node(id).isPresent() || g.branchLabelOwners().containsKey(id)) {
            return true;
        }
        if (!done.add(id) || depth > DEPTH) {
            return false;
        }
        String who = String.join(", ", envs);
        Retired r = ctx.request().applied().history().get(id);
        if (r == null) {
            ctx.note(who + " stand(s) on '" + id + "', which no file declares, and git history does not say where it "
                    + "stood: no placeholder can be placed (as a new base, 'upgrade head' would re-run the whole "
                    + "chain there). Restore the file, or 'alembic stamp' the database at the revision its schema "
                    + "matches");
            return false;
        }
        if (r.renamedTo() != null) {
            Optional<String> now = g.nodes().stream()
                    .filter(n -> n.path().equals(r.renamedTo()))
                    .map(RevisionNode::id)
                    .findFirst();
            ctx.note(who + " stand(s) on '" + id + "', whose file " + r.path() + " was renamed to " + r.renamedTo()
                    + " with another id: run 'alembic stamp " + now.orElse("<its new id>") + "' there (a placeholder "
                    + "would make 'upgrade head' run the renamed migration a second time)");
            return false;
        }
        if (r.downRevisions().isEmpty()) {
            ctx.note(who + " stand(s) on '" + id + "', a base the code no longer has (" + r.path() + "): a placeholder "
                    + "would be a second base and 'upgrade head' would re-run the whole chain there; 'alembic stamp' "
                    + "the database at the revision its schema matches");
            return false;
        }
        for (String p : r.downRevisions()) {
            if (!rescue(ctx, p, envs, done, depth + 1)) {
                ctx.note("no placeholder for '" + id + "': its parent '" + p + "' (from " + r.path()
                        + ") is not in the code either");
                return false;
            }
        }
        Placeholders.createStranded(ctx, id, r.downRevisions(), envs);
        return true;
    }
}
