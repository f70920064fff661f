package io.revchain.repair.planning;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Strategy;
import java.util.List;

/**
 * A repair for one chain, already verified in memory.
 *
 * @param location  the chain's location (as discovery names it), for display
 * @param strategy  the strategy used
 * @param policy    the policy name the result was checked against
 * @param actions   the steps, in the order they apply
 * @param changes   the resulting file changes (sorted by path; the diff is rendered from them)
 * @param verified  applying the plan in memory removed every finding it claims to fix and added no error
 * @param before    the error findings before the repair
 * @param remaining the error findings after the repair (empty when the repaired chain is clean)
 * @param notes     what the planner could not do, or did differently from the strategy, and why
 */
public record RepairPlan(
        String location,
        Strategy strategy,
        String policy,
        List<RepairAction> actions,
        List<FileChange> changes,
        boolean verified,
        List<Finding> before,
        List<Finding> remaining,
        List<String> notes) {

    public RepairPlan {
        actions = List.copyOf(actions);
        changes = List.copyOf(changes);
        before = List.copyOf(before);
        remaining = List.copyOf(remaining);
        notes = List.copyOf(notes);
    }

    /** The riskiest step's risk ({@code low} for an empty plan). */
    public Risk risk() {
        return Risk.max(actions.stream().map(RepairAction::risk).toList());
    }

    /** Whether there is nothing to change. */
    public boolean empty() {
        return actions.isEmpty();
    }

    /** Whether the repaired chain has no error left (what {@code revchain repair} exits 0 on). */
    public boolean clean() {
        return remaining.isEmpty();
    }

    /** Whether the plan may be written: verified, and it changes something. */
    public boolean writable() {
        return verified && !changes.isEmpty();
    }
}
