package io.revchain.repair.planning;

import io.revchain.analysis.RevisionNode;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.alembic.RevisionIdRule;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides the placeholder for a missing parent: a new, empty migration named after the id the children name
 * (upgrade and downgrade do nothing), dated like the earliest child so that it sorts just before it, written in
 * the folder's style. Its docstring says the original schema changes are lost; it keeps databases stamped at that
 * id upgradable. An id Alembic would not accept ({@code @}, {@code -}, {@code +}, blank) gets no placeholder but
 * a note.
 */
final class Placeholders {
    private Placeholders() {}

    /** Whether no placeholder can carry {@code id}: blank, or a character the chain's Alembic release refuses. */
    static boolean invalidId(String id, AlembicRelease release) {
        return id.isBlank() || !RevisionIdRule.isLegal(id, release);
    }

    /** Creates a placeholder for the missing {@code id} that {@code children} name; returns its path. */
    static String create(PlanningContext ctx, String id, List<RevisionNode> children, List<String> down) {
        Workspace ws = ctx.workspace();
        String childList = String.join(
                ", ", children.stream().map(RevisionNode::path).distinct().toList());
        if (invalidId(id, ctx.policy().release())) {
            ctx.note("'" + id + "' (named by " + childList + ") is not a valid revision id, so no placeholder "
                    + "can carry it; point those files at the right parent by hand");
            return null;
        }
        String date = children.stream()
                .map(c -> c.script().docstring().createDate())
                .filter(Objects::nonNull)
                .min(Comparator.comparing(d -> Objects.requireNonNullElse(OrderKey.normalise(d), d)))
                .orElse("unknown");
        String name = FreeNames.freeName(ws, FolderStyle.fileName(id, "placeholder for missing revision"));
        String path = FreeNames.folder(ws) + name;
        String text = ctx.style().render(id, down, "placeholder for missing revision " + id, date);
        ws.create(path, text);
        ws.appendToDocstring(
                path,
                "Placeholder written by revchain: " + childList + "\nname '" + id
                        + "' as a parent, but no file declares it. The original\nmigration's schema changes are lost: "
                        + "upgrade() and downgrade() do nothing.\nIt keeps databases stamped at this id upgradable.");
        if (ctx.policy().isAcgs2()) {
            ws.appendToDocstring(path, "Constitutional Hash: " + ctx.policy().marker());
        }
        RevisionNode first = children.get(0);
        FindingRef fixes = ctx.ref(Check.MISSING_DOWN_REVISION, first.id(), first.path());
        ctx.act(
                ActionKind.CREATE_PLACEHOLDER,
                path,
                null,
                id,
                fixes != null ? fixes : ctx.ref(Check.MISSING_DEPENDENCY, first.id(), first.path()),
                childList + " name '" + id + "', which no file declares: an empty placeholder with that id "
                        + "(its schema changes are lost) keeps databases stamped there upgradable",
                Risk.HIGH);
        return path;
    }

    /**
     * Creates a placeholder for {@code id}, a revision some environment stands on that no file declares any more, on
     * the parents git history last gave it ({@code down}); returns its path. Dated like the latest parent, so that it
     * sorts after them.
     */
    static String createStranded(PlanningContext ctx, String id, List<String> down, List<String> environments) {
        Workspace ws = ctx.workspace();
        String date = down.stream()
                .map(d -> ctx.graph()
                        .node(d)
                        .map(n -> n.script().docstring().createDate())
                        .orElse(null))
                .filter(Objects::nonNull)
                .max(Comparator.comparing(d -> Objects.requireNonNullElse(OrderKey.normalise(d), d)))
                .orElse("unknown");
        String name = FreeNames.freeName(ws, FolderStyle.fileName(id, "placeholder for applied revision"));
        String path = FreeNames.folder(ws) + name;
        ws.create(path, ctx.style().render(id, down, "placeholder for applied revision " + id, date));
        String envs = String.join(", ", environments);
        ws.appendToDocstring(
                path,
                "Placeholder written by revchain: the database of " + envs + "\nstands on '" + id
                        + "', which no file declares any more. The original\nmigration's schema changes are not "
                        + "in this file: upgrade() and\ndowngrade() do nothing. It keeps those databases upgradable.");
        if (ctx.policy().isAcgs2()) {
            ws.appendToDocstring(path, "Constitutional Hash: " + ctx.policy().marker());
        }
        ctx.act(
                ActionKind.CREATE_PLACEHOLDER,
                path,
                null,
                id,
                null,
                envs + " stand" + (environments.size() == 1 ? "s" : "") + " on '" + id + "', which no file declares: "
                        + "an empty placeholder on " + down + " (its parents in git history) keeps "
                        + (environments.size() == 1 ? "it" : "them") + " upgradable; a new database never runs its "
                        + "lost schema changes",
                Risk.HIGH);
        return path;
    }
}
