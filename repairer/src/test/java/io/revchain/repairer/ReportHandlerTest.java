package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Strategy;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.TestMdc;

/**
 * Handling reports with no broker: proposals go to a recording sink, the remote is a real bare repository the
 * handler mirrors, and the repository's id is in the logging context while its report is handled.
 */
class ReportHandlerTest {

    @TempDir
    Path tmp;

    /** One proposal sent, with the logging context's repository at the time. */
    private record Sent(String key, FixProposal proposal, String mdcRepo) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<FixClosure> closures = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void observableLoggingContext() {
        TestMdc.install();
    }

    private ReportHandler handler(RepositorySpec spec) {
        RepairerSettings settings =
                RepairerSettings.defaults().withEnv(Map.of()).withRemoteTimeout(Duration.ofSeconds(10));
        ProposalSink sink = new ProposalSink() {
            @Override
            public void send(String key, FixProposal proposal) {
                sent.add(new Sent(key, proposal, MDC.get(ReportHandler.MDC_REPO)));
            }

            @Override
            public void close(String key, FixClosure closure) {
                closures.add(closure);
                send(key, null);
            }
        };
        PullRequests noForge = (repository, token, head, base, title, body) -> {
            throw new AssertionError("no forge is configured");
        };
        return new ReportHandler(
                OrgConfig.of(List.of(spec)),
                settings,
                tmp.resolve("work"),
                noForge,
                sink,
                new RepairerMetrics(registry));
    }

    @Test
    void aBrokenRepositoryGetsItsProposalAndFixBranchWithItsIdInTheLoggingContext() throws Exception {
        // Given a broken repository that allows pushes
        GitFixture repo = Checkouts.broken(tmp.resolve("r"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        RepositorySpec spec = RepositorySpec.of("app", repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(true)
                .withStrategy(Strategy.MERGE);
        try (ReportHandler handler = handler(spec)) {
            // When its report is handled
            RepairerService.Outcome o = handler.handle(Checkouts.report(repo, "app", broken));

            // Then its verified proposal went to the sink under app@main, naming the branch that was pushed
            assertThat(o.kind()).isEqualTo(RepairerService.Kind.PROPOSED);
            assertThat(sent).singleElement().satisfies(s -> {
                assertThat(s.key()).isEqualTo("app@main");
                assertThat(s.proposal()).isEqualTo(o.proposal());
                assertThat(s.proposal().verified()).isTrue();
                assertThat(s.mdcRepo()).isEqualTo("app");
            });
            assertThat(Checkouts.fixBranches(repo))
                    .containsOnlyKeys(o.proposal().fixBranch());
            // and the logging context is clean again, the report counted
            assertThat(MDC.get(ReportHandler.MDC_REPO)).isNull();
            assertThat(registry.counter("revchain.repairer.reports", "outcome", "proposed")
                            .count())
                    .isEqualTo(1);
        }
        repo.close();
    }

    @Test
    void aFixBranchMergedIntoMainIsDeletedOnceMainReportsNoError() throws Exception {
        // Given a broken repository whose fix branch the repairer pushed
        GitFixture repo = Checkouts.broken(tmp.resolve("r"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        RepositorySpec spec = RepositorySpec.of("app", repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(true)
                .withStrategy(Strategy.MERGE);
        try (ReportHandler handler = handler(spec)) {
            String fixBranch = handler.handle(Checkouts.report(repo, "app", broken))
                    .proposal()
                    .fixBranch();
            ObjectId fixTip = repo.remoteTip(fixBranch);

            // When a reviewer merges it into main (a merge commit, as a pull request's merge) and main is reported
            repo.git().fetch().setRemote("origin").call();
            RevCommit merged = repo.merge("refs/remotes/origin/" + fixBranch, "Merge pull request from " + fixBranch);
            repo.push("main", false);
            RepairerService.Outcome o = handler.handle(Checkouts.report(repo, "app", merged));

            // Then the report has no error any more, the merged branch is deleted, and main keeps the merge and the fix
            assertThat(Checkouts.report(repo, "app", merged).findings()).noneMatch(Finding::isError);
            assertThat(o.kind()).isEqualTo(RepairerService.Kind.TOMBSTONED);
            assertThat(o.deleted()).containsExactly(fixBranch);
            assertThat(Checkouts.fixBranches(repo)).isEmpty();
            assertThat(repo.remoteTip("main")).isEqualTo(merged);
            assertThat(merged.getParents()).extracting(RevCommit::getId).contains(fixTip);
            // and the tombstone says the healthy commit's history carries the fix's plan
            assertThat(closures).containsExactly(new FixClosure(merged.name(), List.of(fixBranch)));
        }
        repo.close();
    }

    @Test
    void aBranchFixedWithoutTheFixBranchClosesItsProposalSayingNoPlanWasMerged() throws Exception {
        // Given a broken repository whose fix branch the repairer pushed
        GitFixture repo = Checkouts.broken(tmp.resolve("r"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        RepositorySpec spec = RepositorySpec.of("app", repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(true)
                .withStrategy(Strategy.MERGE);
        try (ReportHandler handler = handler(spec)) {
            String fixBranch = handler.handle(Checkouts.report(repo, "app", broken))
                    .proposal()
                    .fixBranch();
            // When someone fixes main by hand (the fix branch's commit, re-made with a message of their own)
            repo.git().fetch().setRemote("origin").call();
            repo.git()
                    .cherryPick()
                    .include(repo.remoteTip(fixBranch))
                    .setNoCommit(true)
                    .call();
            RevCommit byHand =
                    repo.git().commit().setMessage("fix the chain by hand").call();
            repo.push("main", false);
            RepairerService.Outcome o = handler.handle(Checkouts.report(repo, "app", byHand));

            // Then the proposal is closed and its branch deleted, and the closure names no merged plan
            assertThat(o.kind()).isEqualTo(RepairerService.Kind.TOMBSTONED);
            assertThat(o.deleted()).containsExactly(fixBranch);
            assertThat(closures).containsExactly(new FixClosure(byHand.name(), List.of()));
        }
        repo.close();
    }

    @Test
    void aHealthyReportWithoutPushesIsWithdrawnWithoutTouchingGit() throws Exception {
        RepositorySpec spec =
                RepositorySpec.of("app", tmp.resolve("nowhere.git").toString());
        try (ReportHandler handler = handler(spec)) {
            HealthReport healthy = new HealthReport(
                    "app",
                    "main",
                    "1111111111111111111111111111111111111111",
                    2,
                    List.of("002"),
                    List.of("001"),
                    List.of(),
                    HealthStatus.HEALTHY,
                    Instant.EPOCH,
                    Instant.EPOCH,
                    Instant.EPOCH);
            RepairerService.Outcome o = handler.handle(healthy);

            assertThat(o.kind()).isEqualTo(RepairerService.Kind.TOMBSTONED);
            assertThat(sent).containsExactly(new Sent("app@main", null, "app"));
            assertThat(tmp.resolve("work").resolve("mirrors")).doesNotExist();
        }
    }

    @Test
    void aReportOfAnUnconfiguredRepositoryIsSkippedAndSendsNothing() throws Exception {
        try (ReportHandler handler =
                handler(RepositorySpec.of("app", tmp.resolve("nowhere.git").toString()))) {
            HealthReport other = new HealthReport(
                    "other",
                    "main",
                    "1111111111111111111111111111111111111111",
                    0,
                    List.of(),
                    List.of(),
                    List.of(),
                    HealthStatus.HEALTHY,
                    Instant.EPOCH,
                    Instant.EPOCH,
                    Instant.EPOCH);
            RepairerService.Outcome o = handler.handle(other);

            assertThat(o.kind()).isEqualTo(RepairerService.Kind.SKIPPED);
            assertThat(o.reason()).isEqualTo(Route.NOT_CONFIGURED);
            assertThat(sent).isEmpty();
        }
    }

    @Test
    void aRemovedHealthRecordWithdrawsItsProposalUnderItsRepository() {
        try (ReportHandler handler =
                handler(RepositorySpec.of("app", tmp.resolve("nowhere.git").toString()))) {
            handler.withdraw("app@release/1.0");
            assertThat(sent).containsExactly(new Sent("app@release/1.0", null, "app"));
            assertThat(MDC.get(ReportHandler.MDC_REPO)).isNull();
        }
    }
}
