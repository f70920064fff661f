package io.revchain.repairer;

import io.revchain.core.model.Risk;
import io.revchain.event.FixProposal;
import io.revchain.repair.planning.RebasePlanner;
import java.util.ArrayList;
import java.util.List;

/** Decides how a rebase plan travels as a {@code revchain.fix-proposals} event. */
final class Proposals {
    private Proposals() {}

    /** {@code plan} for the candidate branch at {@code commit}; names the fix branch only when it was pushed. */
    static FixProposal rebase(RebasePlanner.RebasePlan plan, String repo, String commit, boolean pushed) {
        return new FixProposal(
                repo,
                plan.candidate(),
                commit,
                RebasePlanner.STRATEGY,
                plan.actions(),
                plan.diff(),
                Risk.MEDIUM,
                plan.verified(),
                pushed ? plan.branch() : null);
    }

    /** {@code p} with {@code notes} after its own. */
    static FixProposal withNotes(FixProposal p, List<String> notes) {
        List<String> all = new ArrayList<>(p.notes());
        all.addAll(notes);
        return p.withNotes(all);
    }
}
