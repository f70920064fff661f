package io.revchain.repair.planning;

import io.revchain.analysis.ReferenceGuess;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Strategy;
import java.util.Map;

/**
 * Decides where {@link Strategy#LINEARIZE} re-points a broken {@code down_revision}: to the revision
 * {@link ReferenceGuess} names for it in the chain as it came, which is the revision the finding's "did you mean"
 * names, or nowhere (then the id gets a placeholder, or the revision is re-pointed by date). It refuses when the
 * guess's target no longer exists after the fixes made before it, or is the revision itself.
 */
final class ReferenceRepointing {
    private ReferenceRepointing() {}

    /**
     * A re-pointing.
     *
     * @param target the existing revision id meant
     * @param why    the evidence, in words
     */
    record Repoint(String target, String why) {}

    /** The existing id the broken reference {@code missing} of {@code from} meant; {@code null} when none is clear. */
    static Repoint guess(PlanningContext ctx, String missing, RevisionNode from, Map<String, RevisionNode> live) {
        String orig = ctx.workspace().originalPath(from.path());
        ReferenceGuess.Guess g = ctx.guesses()
                .forDownRevision(orig == null ? from.path() : orig, missing)
                .orElse(null);
        if (g == null || !live.containsKey(g.target()) || g.target().equals(from.id())) {
            return null;
        }
        return new Repoint(
                g.target(),
                switch (g.evidence()) {
                    case REVISES_LINE -> "the docstring's Revises: line names it";
                    case FILE_NAME -> "the file name of " + g.targetPath() + " was used instead of its id";
                    case PREFIX -> "the only id that starts with it, or that it starts with";
                    case SPELLING -> g.distance() + " character(s) apart";
                });
    }
}
