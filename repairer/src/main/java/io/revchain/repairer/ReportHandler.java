package io.revchain.repairer;

import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Finding;
import io.revchain.event.BranchKey;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.git.GitMirror;
import io.revchain.git.GitUnavailableException;
import io.revchain.repairer.RepairerService.Kind;
import io.revchain.repairer.RepairerService.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Carries out what {@link ReportRouter} decides for one health report: fetches the repository's mirror when the
 * decision needs it, plans ({@link CommitPlanner}, {@link CandidatePlanner}), publishes branches
 * ({@link FixPublisher}) and sends the proposal or its tombstone to a {@link ProposalSink}. No Kafka: the sink is
 * injected, so a test needs only git.
 *
 * <p>Problems with a remote or the forge are logged and reported in the outcome or the proposal's notes, never
 * thrown; a sink that does not accept the proposal throws. The repository's id is in the logging context
 * ({@code MDC} key {@value #MDC_REPO}) while a report is handled.
 */
final class ReportHandler implements AutoCloseable {

    /** The MDC key holding the repository id while its report is handled. */
    static final String MDC_REPO = "repo";

    private static final Logger LOG = LoggerFactory.getLogger(ReportHandler.class);
    /** Commits of a healthy branch's history searched for merged fix plans: a merged fix is among the newest. */
    private static final int MERGED_PLAN_DEPTH = 200;

    private final Map<String, RepositorySpec> repos;
    private final RepairerSettings settings;
    private final Path workDir;
    private final CommitPlanner planner;
    private final CandidatePlanner candidates;
    private final FixPublisher publisher;
    private final ProposalSink sink;
    private final RepairerMetrics metrics;
    private final ExecutorService remote;

    ReportHandler(
            OrgConfig config,
            RepairerSettings settings,
            Path workDir,
            PullRequests pulls,
            ProposalSink sink,
            RepairerMetrics metrics) {
        this(config, settings, workDir, pulls, sink, metrics, AppliedSource.NONE);
    }

    /** @param applied what each repository's environments have applied, protected in every plan */
    ReportHandler(
            OrgConfig config,
            RepairerSettings settings,
            Path workDir,
            PullRequests pulls,
            ProposalSink sink,
            RepairerMetrics metrics,
            AppliedSource applied) {
        this.repos = config.repositories().stream().collect(Collectors.toMap(RepositorySpec::id, Function.identity()));
        this.settings = settings;
        this.workDir = workDir;
        this.planner = new CommitPlanner(config.marker(), applied);
        this.candidates = new CandidatePlanner(planner);
        this.publisher = new FixPublisher(settings, pulls, metrics);
        this.sink = sink;
        this.metrics = metrics;
        this.remote = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "revchain-repairer-git");
            t.setDaemon(true);
            return t;
        });
    }

    /** Handles {@code report} now and says what it did; counted and timed. */
    Outcome handle(HealthReport report) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_REPO, report.repo())) {
            Outcome o = metrics.timeHandling(() -> handleNow(report));
            metrics.report(o.kind());
            return o;
        }
    }

    /** The record of {@code key} ({@code repo@branch}) was removed from the health topic: so goes its proposal. */
    void withdraw(String key) {
        try (MDC.MDCCloseable ignored =
                MDC.putCloseable(MDC_REPO, BranchKey.parse(key).repo())) {
            sink.send(key, null);
        }
    }

    private Outcome handleNow(HealthReport report) {
        String key = report.key();
        RepositorySpec spec = repos.get(report.repo());
        Route route = ReportRouter.route(report, spec);
        if (route instanceof Route.Skip s) {
            if (Route.NOT_CONFIGURED.equals(s.reason())) {
                LOG.warn("{}: repository not in the configuration; report ignored", key);
            }
            return Outcome.skipped(key, s.reason());
        }
        if (route instanceof Route.Withdraw) {
            sink.send(key, null);
            return tombstoned(key, List.of(), List.of());
        }
        if (route instanceof Route.CleanFixes) {
            return withMirror(key, spec, (repo, branches) -> {
                FixClosure closure = closure(key, report, branches);
                if (closure == null) {
                    sink.send(key, null);
                } else {
                    sink.close(key, closure);
                }
                FixPublisher.Published p = publisher.clean(key, branches, branches.existing(report.branch()));
                return tombstoned(key, p.deleted(), p.foreign());
            });
        }
        if (route instanceof Route.Fix f) {
            return withMirror(key, spec, (repo, branches) -> fix(key, report, spec, f, repo, branches));
        }
        if (route instanceof Route.CleanRebases) {
            return withMirror(
                    key, spec, (repo, branches) -> clean(key, branches, branches.existingRebases(report.candidate())));
        }
        Route.Rebase rebase = (Route.Rebase) route;
        return withMirror(key, spec, (repo, branches) -> candidate(key, report, spec, rebase, repo, branches));
    }

    /** What to do with a repository's freshly fetched mirror. */
    @FunctionalInterface
    private interface MirrorWork {
        Outcome run(Repository repo, FixBranches branches) throws IOException;
    }

    /** Fetches the repository's mirror and runs {@code work} on it; an unreachable or unreadable one is skipped. */
    private Outcome withMirror(String key, RepositorySpec spec, MirrorWork work) {
        try (GitMirror mirror =
                GitMirror.sync(spec, workDir.resolve("mirrors"), settings.remoteTimeout(), settings.env(), remote)) {
            Repository repo = mirror.repository();
            return work.run(repo, publisher.branches(repo, spec));
        } catch (GitUnavailableException e) {
            LOG.warn("{}: remote unavailable: {}", key, e.getMessage());
            return Outcome.skipped(key, "remote unavailable: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: cannot read the repository: {}", key, e.getMessage());
            return Outcome.skipped(key, "cannot read the repository: " + e.getMessage());
        }
    }

    /**
     * Which fix plans the healthy commit's history carries (so the reporter can tell a merged fix from a branch
     * fixed some other way); {@code null} when the mirror cannot walk it (then the tombstone says nothing).
     */
    private static FixClosure closure(String key, HealthReport report, FixBranches branches) {
        try {
            return new FixClosure(
                    report.commit(), branches.mergedPlans(report.commit(), report.branch(), MERGED_PLAN_DEPTH));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: cannot search {}'s history for merged fixes: {}", key, report.commit(), e.getMessage());
            return null;
        }
    }

    /** Nothing to fix any more: the proposal is withdrawn and our branches among {@code existing} deleted. */
    private Outcome clean(String key, FixBranches branches, List<BranchDecision.Existing> existing) throws IOException {
        sink.send(key, null);
        FixPublisher.Published p = publisher.clean(key, branches, existing);
        return tombstoned(key, p.deleted(), p.foreign());
    }

    private Outcome fix(
            String key, HealthReport report, RepositorySpec spec, Route.Fix fix, Repository repo, FixBranches branches)
            throws IOException {
        ObjectId commit = ObjectId.fromString(report.commit());
        if (!repo.getObjectDatabase().has(commit)) {
            LOG.warn("{}: commit {} is not on the remote any more; report ignored", key, report.commit());
            return Outcome.skipped(key, "commit " + report.commit() + " not found");
        }
        RepoPlan plan = planner.plan(
                repo,
                commit,
                spec,
                workDir.resolve("scratch").resolve(UUID.randomUUID().toString()));
        if (ReportRouter.afterPlan(report, plan, fix) instanceof Route.CleanFixes) {
            return clean(key, branches, branches.existing(report.branch()));
        }
        List<String> notes = new ArrayList<>(plan.allNotes());
        FixPublisher.Published p = fix.push() ? publisher.fix(key, spec, report.branch(), plan, branches) : null;
        if (p != null) {
            notes.addAll(p.notes());
        }
        String fixBranch = p == null ? null : p.branch();
        FixProposal proposal = new FixProposal(
                report.repo(),
                report.branch(),
                plan.commit(),
                plan.strategy().label(),
                plan.actions(),
                plan.diff(),
                plan.risk(),
                plan.verified(),
                fixBranch,
                notes);
        sink.send(key, proposal);
        LOG.info(
                "{}: proposal at {} ({} actions, risk {}, verified {}){}",
                key,
                FixPublisher.shortId(plan.commit()),
                proposal.actions().size(),
                proposal.risk().label(),
                proposal.verified(),
                fixBranch == null ? "" : " on " + fixBranch);
        return p == null
                ? proposed(key, proposal)
                : new Outcome(key, Kind.PROPOSED, proposal, p.created(), p.deleted(), p.foreign(), p.pull(), null);
    }

    /** A colliding candidate: its rebase (pushed as its rebase branch when allowed), or what is proposed instead. */
    private Outcome candidate(
            String key,
            HealthReport report,
            RepositorySpec spec,
            Route.Rebase rebase,
            Repository repo,
            FixBranches branches)
            throws IOException {
        CandidatePlanner.Result planned = candidates.plan(key, repo, report, spec);
        if (planned instanceof CandidatePlanner.Missing m) {
            return Outcome.skipped(key, m.reason());
        }
        if (planned instanceof CandidatePlanner.NoCollision) {
            // the mirror sees no extra head at these commits: nothing to propose, as for a healthy preview
            return clean(key, branches, branches.existingRebases(report.candidate()));
        }
        if (planned instanceof CandidatePlanner.Refused r) {
            sink.send(key, r.proposal());
            LOG.info(
                    "{}: no rebase ({}); proposal with strategy {}",
                    key,
                    r.refusal(),
                    r.proposal().strategy());
            return proposed(key, r.proposal());
        }
        return rebase(key, report, (CandidatePlanner.Rebase) planned, rebase.push(), branches);
    }

    /** Publishes the rebase, committed on the candidate's commit and pushed under the fix branch rules if allowed. */
    private Outcome rebase(
            String key, HealthReport report, CandidatePlanner.Rebase r, boolean push, FixBranches branches)
            throws IOException {
        List<String> notes = new ArrayList<>();
        if (!r.plan().verified()) {
            notes.add("the rebase is not verified: "
                    + r.plan().remaining().stream().map(Finding::message).collect(Collectors.joining("; ")));
        }
        FixPublisher.Published p =
                push ? publisher.rebase(key, report, r.plan(), r.sides().folders(), branches) : null;
        if (p != null) {
            notes.addAll(p.notes());
        }
        boolean pushed = p != null && p.branch() != null;
        FixProposal proposal =
                Proposals.withNotes(Proposals.rebase(r.plan(), report.repo(), report.candidateCommit(), pushed), notes);
        sink.send(key, proposal);
        LOG.info(
                "{}: rebase of '{}' onto {} (verified {}){}",
                key,
                r.plan().revision(),
                r.plan().onto(),
                r.plan().verified(),
                pushed ? " on " + r.plan().branch() : "");
        return p == null
                ? proposed(key, proposal)
                : new Outcome(key, Kind.PROPOSED, proposal, p.created(), p.deleted(), p.foreign(), null, null);
    }

    private static Outcome proposed(String key, FixProposal proposal) {
        return new Outcome(key, Kind.PROPOSED, proposal, List.of(), List.of(), List.of(), null, null);
    }

    private static Outcome tombstoned(String key, List<String> deleted, List<String> foreign) {
        return new Outcome(key, Kind.TOMBSTONED, null, List.of(), deleted, foreign, null, null);
    }

    @Override
    public void close() {
        remote.shutdownNow();
    }
}
