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
 * @param environments what each environment's next {@code alembic upgrade head} runs after the plan
 * @param refusals  why the plan must not be applied: an environment it leaves un-upgradable, or one that could not
 *                  be read (empty: none)
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
        List<String> notes,
        List<EnvironmentForecast> environments,
        List<String> refusals) {

    public RepairPlan {
        environments = environments == null ? List.of() : List.copyOf(environments);
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
        actions = List.copyOf(actions);
        changes = List.copyOf(changes);
        before = List.copyOf(before);
        remaining = List.copyOf(remaining);
        notes = List.copyOf(notes);
    }

    /** A plan made without environments. */
    public RepairPlan(
            String location,
            Strategy strategy,
            String policy,
            List<RepairAction> actions,
            List<FileChange> changes,
            boolean verified,
            List<Finding> before,
            List<Finding> remaining,
            List<String> notes) {
        this(location, strategy, policy, actions, changes, verified, before, remaining, notes, null, null);
    }

    /** Whether the plan is refused because of an environment. */
    public boolean refused() {
        return !refusals.isEmpty();
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

    /** Whether the plan may be written: verified, not refused, and it changes something. */
    public boolean writable() {
        return verified && !refused() && !changes.isEmpty();
    }
}
