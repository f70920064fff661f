package io.revchain.event;

import io.revchain.core.model.FixAction;
import io.revchain.core.model.Risk;
import java.util.List;
import java.util.Objects;

/**
 * A verified repair for one branch of one repository, on the compacted {@code revchain.fix-proposals} topic
 * under the key {@link BranchKey#of(String, String) repo@branch} (one live proposal per branch, like its
 * {@link HealthReport}).
 *
 * @param schema    wire-format version ({@link EventSchema#CURRENT})
 * @param repo      repository id
 * @param branch    the branch the repair applies to
 * @param commit    the commit the plan was made against
 * @param strategy  {@code merge} or {@code linearize}
 * @param actions   the steps, in the order they apply
 * @param diff      the whole plan as a unified diff
 * @param risk      the plan's overall risk (its riskiest step)
 * @param verified  the plan was applied in memory and re-analysed without any error left
 * @param fixBranch the branch the fix was pushed to, or {@code null} when it was not pushed
 * @param notes     what the repairer could not do or left alone, for a human (for example a fix branch someone
 *                  else pushed to); empty when there is nothing to say
 */
public record FixProposal(
        int schema,
        String repo,
        String branch,
        String commit,
        String strategy,
        List<FixAction> actions,
        String diff,
        Risk risk,
        boolean verified,
        String fixBranch,
        List<String> notes) {

    public FixProposal {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(risk, "risk");
        actions = actions == null ? List.of() : List.copyOf(actions);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The same proposal at the current schema version. */
    public FixProposal(
            String repo,
            String branch,
            String commit,
            String strategy,
            List<FixAction> actions,
            String diff,
            Risk risk,
            boolean verified,
            String fixBranch) {
        this(EventSchema.CURRENT, repo, branch, commit, strategy, actions, diff, risk, verified, fixBranch, List.of());
    }

    /** The same proposal at the current schema version, with notes. */
    public FixProposal(
            String repo,
            String branch,
            String commit,
            String strategy,
            List<FixAction> actions,
            String diff,
            Risk risk,
            boolean verified,
            String fixBranch,
            List<String> notes) {
        this(EventSchema.CURRENT, repo, branch, commit, strategy, actions, diff, risk, verified, fixBranch, notes);
    }

    /** The same proposal saying {@code notes} (in place of its own). */
    public FixProposal withNotes(List<String> notes) {
        return new FixProposal(schema, repo, branch, commit, strategy, actions, diff, risk, verified, fixBranch, notes);
    }

    /** The record key: {@code repo@branch}. */
    public String key() {
        return BranchKey.of(repo, branch);
    }
}
