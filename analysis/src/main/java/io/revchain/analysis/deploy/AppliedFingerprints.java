package io.revchain.analysis.deploy;

import io.revchain.analysis.RevisionGraph;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a migration an environment has applied was edited since: the fingerprint of its
 * {@code upgrade()}/{@code downgrade()} bodies ({@code core.parse.MigrationBodies}) when the environment applied it,
 * against the fingerprint now. A change is an {@link Check#APPLIED_MIGRATION_EDITED} finding: that database ran the
 * old body and Alembic never runs an applied revision again, so the change reaches new databases only. A revision
 * without a known fingerprint on either side is not judged.
 */
public final class AppliedFingerprints {
    private AppliedFingerprints() {}

    /**
     * A revision as it stood when an environment applied it.
     *
     * @param revision    the revision id
     * @param commit      the commit whose file is the reference (abbreviated)
     * @param fingerprint its body fingerprint there, or {@code null} when unknown
     * @param basis       how {@code commit} was chosen, for the reader: an observation of the environment, or the
     *                    proxy "the commit that added the file" when no observation history exists
     */
    public record Applied(String revision, String commit, String fingerprint, String basis) {
        public Applied {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(basis, "basis");
        }
    }

    /**
     * A revision as the code declares it now.
     *
     * @param file        its file
     * @param fingerprint its body fingerprint now, or {@code null} when the file cannot be tokenized
     */
    public record Now(String file, String fingerprint) {}

    /** The revisions {@code rows} stand on and everything below them: what the database has applied. */
    public static Set<String> appliedRevisions(RevisionGraph graph, List<String> rows) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(rows);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (graph.node(id).isPresent() && out.add(id)) {
                graph.node(id).ifPresent(n -> {
                    todo.addAll(n.downRevisions());
                    todo.addAll(n.dependencies());
                });
            }
        }
        return out;
    }

    /** The findings of {@code environment}: one per applied revision whose body changed since it was applied. */
    public static List<Finding> check(String environment, List<Applied> applied, Map<String, Now> now) {
        List<Finding> out = new ArrayList<>();
        for (Applied a : applied) {
            Now n = now.get(a.revision());
            if (n == null || n.fingerprint() == null || a.fingerprint() == null) {
                continue;
            }
            if (!n.fingerprint().equals(a.fingerprint())) {
                out.add(new Finding(
                        Check.APPLIED_MIGRATION_EDITED,
                        Severity.ERROR,
                        a.revision(),
                        n.file(),
                        0,
                        "'" + a.revision() + "': upgrade()/downgrade() changed since " + a.commit() + " ("
                                + a.basis() + "), and environment '" + environment + "' has it applied: that "
                                + "database ran the old body and never runs the new one. Revert the edit and put "
                                + "the change in a new migration",
                        "Alembic never runs an applied revision again: 'upgrade head' skips it",
                        List.of(a.revision())));
            }
        }
        return out;
    }
}
