package io.revchain.analyzer.stream;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.deploy.AppliedFingerprints;
import io.revchain.core.model.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what an environment's observation history adds to its applied state: the body each applied revision had
 * when the environment first reported it applied is recorded (from the branch's files at that moment), a revision
 * the code still declares but the environment no longer has applied is forgotten, and {@link AppliedFingerprints}
 * judges the current bodies against the recorded ones. An edit made before the environment applied a revision is
 * therefore never flagged, unlike the git stand-in {@code revchain status} uses. Pure but for the {@link Book} it
 * writes to.
 */
final class AppliedHistory {
    private AppliedHistory() {}

    /** The recorded bodies of one repository's environments. */
    interface Book {
        /** The recorded revisions of {@code environment}: revision → body. */
        Map<String, AppliedBody> of(String environment);

        void put(String environment, String revision, AppliedBody body);

        void remove(String environment, String revision);
    }

    /**
     * Records what is new, forgets what is no longer applied, and returns the {@code applied-migration-edited}
     * findings of {@code environment}.
     *
     * @param rows       the environment's version table rows
     * @param applied    the revisions the environment has applied (its rows and their ancestors)
     * @param graph      the chain the rows were classified against
     * @param now        the current body of each declared revision
     * @param commit     the branch's commit
     * @param observedAt the environment's observation
     */
    static List<Finding> check(
            String environment,
            List<String> rows,
            Set<String> applied,
            RevisionGraph graph,
            Map<String, AppliedFingerprints.Now> now,
            String commit,
            Instant observedAt,
            Book book) {
        Map<String, AppliedBody> known = Map.copyOf(book.of(environment));
        // on a row no file declares, what lies below it is unknown, not unapplied: nothing is forgotten then
        boolean walked = rows.stream().allMatch(r -> graph.node(r).isPresent());
        for (String id : known.keySet()) {
            // a revision no file declares stays: the file may come back (or another branch still has it)
            if (walked && !applied.contains(id) && graph.node(id).isPresent()) {
                book.remove(environment, id);
            }
        }
        List<AppliedFingerprints.Applied> judged = new ArrayList<>();
        for (String id : applied) {
            AppliedBody b = known.get(id);
            AppliedFingerprints.Now n = now.get(id);
            String current = n == null ? null : n.fingerprint();
            if (b == null || b.fingerprint() == null && current != null) {
                // the first body known while it is applied is the reference: an older event carried none
                b = new AppliedBody(current, commit, observedAt);
                book.put(environment, id, b);
            }
            judged.add(new AppliedFingerprints.Applied(
                    id,
                    b.commit() == null
                            ? "?"
                            : b.commit().substring(0, Math.min(12, b.commit().length())),
                    b.fingerprint(),
                    "the branch's commit when the environment first reported it applied, " + b.observedAt()));
        }
        return AppliedFingerprints.check(environment, judged, now);
    }
}
