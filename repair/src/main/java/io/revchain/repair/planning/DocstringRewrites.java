package io.revchain.repair.planning;

import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Decides the docstring lines to rewrite once the chain is fixed: a {@code Revision ID:} line that differs from
 * {@code revision}, and a {@code Revises:} line that names other parents than {@code down_revision} (as a set), are
 * made to match the code. The code wins: Alembic never reads the docstring.
 */
final class DocstringRewrites {
    private DocstringRewrites() {}

    static void apply(PlanningContext ctx) {
        Workspace ws = ctx.workspace();
        for (MigrationScript s : ws.scripts()) {
            String id = s.revisionId();
            Docstring d = s.docstring();
            if (id == null || !ws.editable(s.path())) {
                continue;
            }
            if (d.revisionId() != null
                    && d.revisionIdLine() > 0
                    && !d.revisionId().trim().equals(id)) {
                FindingRef r = ctx.ref(Check.DOCSTRING_MISMATCH, id, s.path());
                if (ws.setDocLine(s.path(), d.revisionIdLine(), "Revision ID", id)) {
                    ctx.act(
                            ActionKind.REWRITE_DOCSTRING,
                            s.path(),
                            null,
                            id,
                            r,
                            "docstring 'Revision ID: " + d.revisionId().trim() + "' now matches revision = '" + id
                                    + "'",
                            Risk.LOW);
                }
            }
            s = ws.script(s.path());
            d = s.docstring();
            if (d.revises() != null && d.revisesLine() > 0 && s.downRevision().isLiteral()) {
                List<String> said = new ArrayList<>();
                for (String x : d.revises().split(",")) {
                    if (!x.trim().isEmpty()) {
                        said.add(x.trim());
                    }
                }
                List<String> down = s.downRevisions();
                if (!new LinkedHashSet<>(said).equals(new LinkedHashSet<>(down))) {
                    FindingRef r = ctx.ref(Check.DOCSTRING_MISMATCH, id, ws.originalPath(s.path()));
                    if (ws.setDocLine(s.path(), d.revisesLine(), "Revises", String.join(", ", down))) {
                        ctx.act(
                                ActionKind.REWRITE_DOCSTRING,
                                s.path(),
                                null,
                                id,
                                r,
                                "docstring 'Revises: " + String.join(", ", said) + "' now matches down_revision",
                                Risk.LOW);
                    }
                }
            }
        }
    }
}
