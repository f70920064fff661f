package io.revchain.repairer;

import io.revchain.event.HealthReport;
import io.revchain.git.FixRefs;
import io.revchain.repair.planning.RebasePlanner;

/**
 * The words of a fix: commit messages, pull request title and body, and the trailers that mark a commit as the
 * repairer's. Pure; the trailers are what {@link FixBranches} reads back to tell its own commits from anyone's.
 */
final class FixTexts {

    /** A pull request body quotes at most this much of the diff; the branch has the rest. */
    static final int MAX_PR_DIFF = 50_000;

    private FixTexts() {}

    /** The commit message: every action with its reason, and the plan trailer that marks the commit as ours. */
    static String message(String branch, RepoPlan plan) {
        StringBuilder b = new StringBuilder("revchain: repair the migration chain of ")
                .append(branch)
                .append("\n\n");
        b.append("Made against ")
                .append(plan.commit())
                .append(" with strategy ")
                .append(plan.strategy().label())
                .append(" under policy ")
                .append(plan.policy())
                .append("; risk ")
                .append(plan.risk().label())
                .append(", verified.\n\n");
        plan.describe().forEach(l -> b.append(l).append('\n'));
        b.append('\n')
                .append(FixBranches.TRAILER)
                .append(": ")
                .append(plan.hash())
                .append('\n');
        return b.toString();
    }

    /** The rebase commit's message: what was re-pointed and why, and the trailer that marks it as ours. */
    static String rebaseMessage(HealthReport report, RebasePlanner.RebasePlan plan) {
        String branch = plan.branch();
        return "revchain: rebase the migration of " + report.candidate() + " onto " + report.target() + "\n\n"
                + "Merging " + report.candidate() + " (" + report.candidateCommit() + ") into " + report.target()
                + " (" + report.targetCommit() + ") would leave two heads. Re-points '" + plan.revision() + "' from "
                + plan.from() + " onto " + report.target() + "'s head " + plan.onto() + ", verified on the merged "
                + "folder.\n\n" + FixBranches.TRAILER + ": "
                + branch.substring(branch.length() - FixRefs.REBASE_HASH_LENGTH) + "\n" + FixBranches.CANDIDATE_TRAILER
                + ": " + report.candidate() + "\n";
    }

    /** The pull request's title. */
    static String pullTitle(String branch) {
        return "revchain: repair the migration chain of " + branch;
    }

    /** The pull request's body: the plan in Markdown. */
    static String pullBody(String branch, RepoPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("revchain found errors in the migration chain of `")
                .append(branch)
                .append("` at ")
                .append(plan.commit())
                .append(" and proposes this repair (strategy `")
                .append(plan.strategy().label())
                .append("`, policy `")
                .append(plan.policy())
                .append("`, risk **")
                .append(plan.risk().label())
                .append("**, verified by re-analysis).\n\n### Actions\n\n");
        plan.describe().forEach(l -> b.append(l).append('\n'));
        String diff = plan.diff();
        if (diff.length() > MAX_PR_DIFF) {
            diff = diff.substring(0, MAX_PR_DIFF) + "\n... (diff truncated; see the branch)\n";
        }
        b.append("\n### Diff\n\n```diff\n")
                .append(diff)
                .append("```\n\n")
                .append(FixBranches.TRAILER)
                .append(": ")
                .append(plan.hash())
                .append('\n');
        return b.toString();
    }
}
