package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.model.Strategy;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the repairer does with a report, decided from the report and the repository's entry alone: one per case. */
class ReportRouterTest {

    private static final String C1 = "1111111111111111111111111111111111111111";
    private static final String C2 = "2222222222222222222222222222222222222222";

    private static final RepositorySpec WATCHED = RepositorySpec.of("app", "/srv/git/app.git");
    private static final RepositorySpec PUSHING = RepositorySpec.of("app", "/srv/git/app.git")
            .withBranches(List.of("main"))
            .withPush(true);

    private static Finding finding(String check, Severity severity) {
        return new Finding(check, severity, "003", "migrations/versions/003.py", 1, check, null, List.of());
    }

    private static HealthReport report(String commit, Finding... findings) {
        List<Finding> f = List.of(findings);
        return new HealthReport(
                "app",
                "main",
                commit,
                3,
                List.of(),
                List.of(),
                f,
                HealthStatus.of(f),
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    private static HealthReport unavailable(String commit) {
        return new HealthReport(
                "app",
                "main",
                commit,
                0,
                List.of(),
                List.of(),
                List.of(),
                HealthStatus.UNAVAILABLE,
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    private static HealthReport preview(String candidateCommit, String targetCommit, Finding... findings) {
        List<Finding> f = List.of(findings);
        return new HealthReport(
                        "app",
                        "feature-y",
                        C1,
                        3,
                        List.of(),
                        List.of(),
                        f,
                        HealthStatus.of(f),
                        Instant.EPOCH,
                        Instant.EPOCH,
                        Instant.EPOCH)
                .asMergePreview("main", candidateCommit, targetCommit);
    }

    private static final Finding BROKEN_LINK = finding(Check.MISSING_DOWN_REVISION.wire(), Severity.ERROR);
    private static final Finding TWO_HEADS = finding(Check.MULTIPLE_HEADS.wire(), Severity.WARNING);
    private static final Finding COLLISION = finding(Check.MULTIPLE_HEADS_AFTER_MERGE.wire(), Severity.ERROR);
    private static final Finding STYLE = finding(Check.MULTIPLE_BASES.wire(), Severity.WARNING);

    @Test
    void aRepositoryNotInTheConfigurationIsSkipped() {
        assertThat(ReportRouter.route(report(C1, BROKEN_LINK), null)).isEqualTo(new Route.Skip(Route.NOT_CONFIGURED));
    }

    @Test
    void anUnavailableRepositoryOrAReportWithoutACommitIsSkipped() {
        assertThat(ReportRouter.route(unavailable(C1), PUSHING)).isEqualTo(new Route.Skip("repository unavailable"));
        assertThat(ReportRouter.route(unavailable(null), PUSHING)).isEqualTo(new Route.Skip("repository unavailable"));
    }

    @Test
    void anErrorIsFixedAndPushedOnlyWhereTheRepositoryAllowsIt() {
        assertThat(ReportRouter.route(report(C1, BROKEN_LINK), WATCHED)).isEqualTo(new Route.Fix(false));
        assertThat(ReportRouter.route(report(C1, BROKEN_LINK), PUSHING)).isEqualTo(new Route.Fix(true));
    }

    @Test
    void unlabelledHeadsAreOnlyAWarningButStillGetAFix() {
        HealthReport heads = report(C1, TWO_HEADS);
        assertThat(heads.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(ReportRouter.route(heads, WATCHED)).isEqualTo(new Route.Fix(false));
    }

    @Test
    void aHealthyBranchIsWithdrawnAndItsFixBranchesCleanedWherePushesAreAllowed() {
        assertThat(ReportRouter.route(report(C1), WATCHED)).isEqualTo(new Route.Withdraw());
        assertThat(ReportRouter.route(report(C1, STYLE), WATCHED)).isEqualTo(new Route.Withdraw());
        assertThat(ReportRouter.route(report(C1), PUSHING)).isEqualTo(new Route.CleanFixes());
    }

    @Test
    void aCollidingCandidateIsRebasedAndPushedOnlyWhereAllowed() {
        assertThat(ReportRouter.route(preview(C1, C2, COLLISION), WATCHED)).isEqualTo(new Route.Rebase(false));
        assertThat(ReportRouter.route(preview(C1, C2, COLLISION), PUSHING)).isEqualTo(new Route.Rebase(true));
    }

    @Test
    void aCandidateWithoutCollisionIsWithdrawnAndItsRebaseBranchesCleanedWherePushesAreAllowed() {
        // a broken link in a preview is the target's business, not a reason to rebase the candidate
        assertThat(ReportRouter.route(preview(C1, C2, BROKEN_LINK), WATCHED)).isEqualTo(new Route.Withdraw());
        assertThat(ReportRouter.route(preview(C1, C2), PUSHING)).isEqualTo(new Route.CleanRebases());
    }

    @Test
    void aPreviewThatNeedsTheMirrorWithoutItsCommitsIsSkipped() {
        Route.Skip skip = new Route.Skip("merge preview without its commits");
        assertThat(ReportRouter.route(preview(null, C2, COLLISION), WATCHED)).isEqualTo(skip);
        assertThat(ReportRouter.route(preview(C1, null, COLLISION), PUSHING)).isEqualTo(skip);
        assertThat(ReportRouter.route(preview(C1, null), PUSHING)).isEqualTo(skip);
        // withdrawing alone needs no commit
        assertThat(ReportRouter.route(preview(C1, null), WATCHED)).isEqualTo(new Route.Withdraw());
    }

    @Test
    void aPlanWithNothingToDoForAReportWithoutErrorsIsTheHealthyCase() {
        RepoPlan empty = new RepoPlan(C1, Strategy.MERGE, "alembic", List.of(), List.of(), List.of());
        Route.Fix fix = new Route.Fix(true);
        // labelled heads: the planner leaves them alone, so the branch is as good as healthy
        assertThat(ReportRouter.afterPlan(report(C1, TWO_HEADS), empty, fix)).isEqualTo(new Route.CleanFixes());
        // an error the planner cannot fix still gets its (empty) proposal, so a human sees it
        assertThat(ReportRouter.afterPlan(report(C1, BROKEN_LINK), empty, fix)).isSameAs(fix);
    }
}
