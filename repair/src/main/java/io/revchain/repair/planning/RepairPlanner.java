package io.revchain.repair.planning;

import io.revchain.core.model.Strategy;

/**
 * Decides how to repair one migration chain: findings + graph + policy + strategy → an ordered, verified
 * {@link RepairPlan}. Pure: it works on the files' bytes in memory and never touches the disk.
 *
 * <p>Common to both strategies: a duplicated revision id keeps its deployed copy (else the one added first) and
 * the other copies get a fresh id ({@link DuplicateIds}); a branch label another revision already owns is dropped
 * ({@link LabelConflicts}); a {@code down_revision} naming a branch label is pointed at the revision carrying it and
 * a self-loop is cut ({@link ParentCleanup}). Then the strategy: {@link MergeStrategy} or
 * {@link LinearizeStrategy}. Last, docstring lines are made to match ({@link DocstringRewrites}), clashing numeric
 * prefixes get the next free letter ({@link PrefixRenames}) and, under {@code acgs2}, the marker is added where it
 * is missing ({@link Markers}). No file is ever deleted.
 *
 * <p>Every plan is applied in memory, re-parsed and re-analysed ({@link PlanVerifier}). Ids of new revisions are
 * derived from their content ({@link DerivedIds}), so the same input gives the same plan byte for byte.
 *
 * <p>Environments ({@link AppliedEnvironments}): every revision some environment's database stands on is protected
 * like a {@code deployed:} id, and the plan says what each environment's next {@code upgrade head} runs; a plan
 * that leaves one in a state {@code upgrade head} cannot handle is refused ({@link UpgradeForecasts}).
 */
public final class RepairPlanner {

    /** Plans, verifies and returns the repair of one chain; never throws on bad input. */
    public RepairPlan plan(RepairRequest request) {
        return plan("", request);
    }

    /** As {@link #plan(RepairRequest)}, naming the chain's {@code location} in the result. */
    public RepairPlan plan(String location, RepairRequest request) {
        PlanningContext ctx = new PlanningContext(location, request);
        DuplicateIds.apply(ctx);
        LabelConflicts.apply(ctx);
        ParentCleanup.apply(ctx);
        StrandedRows.apply(ctx);
        if (request.strategy() == Strategy.MERGE) {
            MergeStrategy.apply(ctx);
        } else {
            LinearizeStrategy.apply(ctx);
        }
        DocstringRewrites.apply(ctx);
        PrefixRenames.apply(ctx);
        IdRenames.apply(ctx);
        Markers.apply(ctx);
        return PlanVerifier.verify(ctx);
    }
}
