package io.revchain.repairer;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;

/**
 * Decides, from a health report and its repository's entry alone, what the repairer does with it. Pure: no git,
 * no Kafka.
 *
 * <ul>
 *   <li>a repository not in the configuration, an unavailable one, or a report without a commit: skipped;</li>
 *   <li>a branch report with errors (or unlabelled heads, which {@code alembic upgrade head} refuses): a fix;</li>
 *   <li>a branch report without them: withdrawn, and its fix branches deleted where the repository allows
 *       pushes (they were ours to make, so they are ours to remove);</li>
 *   <li>a candidate's merge preview with {@code multiple-heads-after-merge}: a rebase;</li>
 *   <li>a merge preview without it: withdrawn, and its rebase branches deleted where pushes are allowed;</li>
 *   <li>a merge preview that needs the mirror but lacks the candidate's or the target's commit: skipped.</li>
 * </ul>
 * Once a fix is planned, {@link #afterPlan} decides whether there is anything to propose after all.
 */
public final class ReportRouter {

    private ReportRouter() {}

    /** What to do with {@code report}; {@code spec} is its repository's entry, {@code null} when there is none. */
    public static Route route(HealthReport report, RepositorySpec spec) {
        if (spec == null) {
            return new Route.Skip(Route.NOT_CONFIGURED);
        }
        if (report.status() == HealthStatus.UNAVAILABLE || report.commit() == null) {
            return new Route.Skip("repository unavailable");
        }
        boolean push = Boolean.TRUE.equals(spec.repair().push());
        if (report.isMergePreview()) {
            boolean collides = report.findings().stream().anyMatch(f -> f.is(Check.MULTIPLE_HEADS_AFTER_MERGE));
            if (!collides && !push) {
                return new Route.Withdraw();
            }
            // deleting rebase branches reads the mirror too, so both kinds need the preview's commits
            if (report.candidateCommit() == null || report.targetCommit() == null) {
                return new Route.Skip("merge preview without its commits");
            }
            return collides ? new Route.Rebase(push) : new Route.CleanRebases();
        }
        // Unlabelled heads are only a warning under the alembic policy, but 'alembic upgrade head' fails on them,
        // so they get a plan too; one the planner leaves alone (labelled branches) ends up like a healthy report.
        boolean errors = report.status() == HealthStatus.UNHEALTHY
                || report.findings().stream().anyMatch(f -> f.isError() || f.is(Check.MULTIPLE_HEADS));
        if (!errors) {
            return push ? new Route.CleanFixes() : new Route.Withdraw();
        }
        return new Route.Fix(push);
    }

    /**
     * After a {@link Route.Fix} was planned: a plan with no step, for a report without an error finding, is the
     * healthy case ({@link Route.CleanFixes}); anything else stays {@code fix}.
     */
    public static Route afterPlan(HealthReport report, RepoPlan plan, Route.Fix fix) {
        if (plan.actions().isEmpty() && report.findings().stream().noneMatch(Finding::isError)) {
            return new Route.CleanFixes();
        }
        return fix;
    }
}
