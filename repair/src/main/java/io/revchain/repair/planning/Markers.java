package io.revchain.repair.planning;

import io.revchain.core.model.Check;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Risk;

/**
 * Decides where the constitutional-hash marker is added: under policy {@code acgs2} (when it runs the
 * missing-marker check), every editable migration that lacks it gets a {@code Constitutional Hash:} line in its
 * docstring. Under other policies nothing is added.
 */
final class Markers {
    private Markers() {}

    static void apply(PlanningContext ctx) {
        if (!ctx.policy().isAcgs2() || !ctx.policy().runs(Check.MISSING_CONSTITUTIONAL_HASH)) {
            return;
        }
        Workspace ws = ctx.workspace();
        for (MigrationScript s : ws.scripts()) {
            if (s.hasMarker() || !ws.editable(s.path())) {
                continue;
            }
            FindingRef r = ctx.ref(Check.MISSING_CONSTITUTIONAL_HASH, null, ws.originalPath(s.path()));
            if (ws.appendToDocstring(
                    s.path(), "Constitutional Hash: " + ctx.policy().marker())) {
                ctx.act(
                        ActionKind.ADD_MARKER,
                        s.path(),
                        null,
                        s.revisionId(),
                        r,
                        "policy acgs2: every migration carries the constitutional hash '"
                                + ctx.policy().marker() + "'",
                        Risk.LOW);
            }
        }
    }
}
