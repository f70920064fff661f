package io.revchain.analysis.deploy;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the {@link Check#STRANDED_ENVIRONMENT} findings of one environment: each row naming a revision the code
 * no longer declares (a deleted file, a squash), with what keeps the database upgradable, as the ACGS-2 plan did by
 * hand. A file renamed under another id: {@code alembic stamp} at that id (a placeholder would run its changes
 * twice). A file whose parents the code still has: an empty placeholder with that id on those parents, then a merge
 * ({@code revchain repair} writes both when the database is one of its environments). Anything else: restore the
 * file, or stamp the database at the revision its schema matches.
 */
public final class StrandedEnvironments {
    private StrandedEnvironments() {}

    public static List<Finding> check(String environment, AppliedState state, RevisionGraph graph) {
        List<Finding> out = new ArrayList<>();
        for (String id : state.unknown()) {
            Retired r = state.retired().stream()
                    .filter(t -> t.id().equals(id))
                    .findFirst()
                    .orElse(null);
            String fix;
            if (r == null) {
                fix = "no history says which file declared it: restore that file, or 'alembic stamp' the database at "
                        + "the revision its schema matches";
            } else if (r.renamedTo() != null) {
                String now = graph.nodes().stream()
                        .filter(n -> n.path().equals(r.renamedTo()))
                        .map(RevisionNode::id)
                        .findFirst()
                        .orElse("<the new id>");
                fix = r.path() + " was renamed to " + r.renamedTo() + " with id '" + now + "': run 'alembic stamp "
                        + now + "' on that database (a placeholder would run the renamed migration a second time)";
            } else if (!r.downRevisions().isEmpty()
                    && r.downRevisions().stream().allMatch(p -> graph.node(p).isPresent())) {
                fix = r.path() + " was deleted" + (r.goneIn() == null ? "" : " in " + r.goneIn())
                        + ": add an empty placeholder with revision = '" + id + "' and down_revision = "
                        + (r.downRevisions().size() == 1
                                ? "'" + r.downRevisions().get(0) + "'"
                                : r.downRevisions().toString())
                        + ", then merge the heads ('revchain repair' writes both when this database is an "
                        + "environment of .revchain.yaml or a --db)";
            } else {
                fix = r.path() + " was deleted and its parents are gone too: restore it, or 'alembic stamp' the "
                        + "database at the revision its schema matches";
            }
            out.add(new Finding(
                    Check.STRANDED_ENVIRONMENT,
                    Severity.ERROR,
                    id,
                    r == null ? null : r.path(),
                    0,
                    "environment '" + environment + "' stands on '" + id + "', which no file declares: " + fix,
                    "every 'alembic upgrade' fails: Can't locate revision identified by '" + id + "'",
                    List.of(id)));
        }
        return out;
    }
}
