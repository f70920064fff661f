package io.revchain.repairer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.event.BranchKey;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topics;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.git.FixRefs;
import io.revchain.git.GitMirror;
import io.revchain.git.GitUnavailableException;
import io.revchain.git.GitMergeSides;
import io.revchain.repair.planning.RebasePlanner;
import io.revchain.repair.planning.RepairAction;
import io.revchain.repair.planning.RepairPlan;
import io.revchain.repair.planning.RepairPlanner;
import io.revchain.repair.planning.RepairRequest;
import io.revchain.repair.planning.SourceText;
import io.revchain.repair.planning.Strategy;
import io.revchain.repair.planning.UnifiedDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repairer as a Kafka service: consumes {@code revchain.health}, and for each branch report
 * <ul>
 *   <li>with errors: plans the repair at the report's commit (read from the repairer's own bare clone, fetched
 *       first), verifies it, and publishes a {@link FixProposal} under {@code repo@branch} on
 *       {@code revchain.fix-proposals}; where the repository's entry says {@code push: true}, commits a pushable
 *       plan to {@code revchain/fix-<branch>-<plan hash>}, pushes it, deletes the fix branches of older plans, and
 *       opens or updates a pull request when a forge token and repository are known;</li>
 *   <li>healthy (or with warnings only): publishes a tombstone and deletes the repairer's fix branches of that
 *       branch;</li>
 *   <li>a candidate's merge preview ({@link HealthReport#isMergePreview()}, keyed {@code repo@candidate}) with a
 *       {@code multiple-heads-after-merge} finding: previews the merge again from the mirror (the target and the
 *       candidate at the report's commits, read by {@link GitMergeSides}), plans the rebase of the candidate's new
 *       migration onto the target's head with {@link RebasePlanner}, and publishes it for the candidate; where
 *       {@code push: true} and the rebase is verified, commits it on the candidate's commit and pushes it to
 *       {@code revchain/rebase-<candidate>-<hash>} under the same rules as fix branches (one commit per plan, a
 *       new plan replaces the candidate's older rebase branches, someone else's branch is left alone). When that
 *       migration is deployed the rebase is refused and the merge strategy's merge revision for the merged folder
 *       is proposed instead (never pushed: it only makes sense once the target is merged in), or a proposal whose
 *       note says why nothing can be done;</li>
 *   <li>a merge preview without that finding: a tombstone, and the candidate's rebase branches deleted;</li>
 *   <li>unavailable, or for a repository not in the configuration: does nothing.</li>
 * </ul>
 * A fix branch someone else pushed to is never touched; it is named in the proposal's notes and in a log line.
 * Every push goes through {@link FixBranches#push}, which refuses any ref outside {@code refs/heads/revchain/}.
 * Credentials come only from the environment variable named by the repository's {@code credentials}; they are
 * never logged nor put in an event.
 *
 * <p>{@link #handle} is synchronous and is what the consumer loop started by {@link #start} calls for each record;
 * offsets are committed after the batch is handled (at least once: handling the same report twice changes
 * nothing, since the same plan gives the same branch).
 */
public final class RepairerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepairerService.class);
    private static final int MAX_PR_DIFF = 50_000;

    /** What {@link #handle} did with one report. */
    public enum Kind { PROPOSED, TOMBSTONED, SKIPPED }

    /**
     * The result of handling one report.
     *
     * @param key      {@code repo@branch}
     * @param kind     what was published
     * @param proposal the proposal published ({@code null} unless {@link Kind#PROPOSED})
     * @param created  fix branches pushed by this call
     * @param deleted  fix branches deleted by this call
     * @param foreign  fix branches someone else pushed to, left alone
     * @param pull     the pull request, when one was opened, updated or found unchanged
     * @param reason   why a report was skipped, else {@code null}
     */
    public record Outcome(String key, Kind kind, FixProposal proposal, List<String> created, List<String> deleted,
                          List<String> foreign, GitHubPulls.Result pull, String reason) {
        public Outcome {
            created = List.copyOf(created);
            deleted = List.copyOf(deleted);
            foreign = List.copyOf(foreign);
        }

        static Outcome skipped(String key, String reason) {
            return new Outcome(key, Kind.SKIPPED, null, List.of(), List.of(), List.of(), null, reason);
        }
    }

    private final Map<String, RepositorySpec> repos;
    private final RepairerSettings settings;
    private final Map<String, Object> kafka;
    private final Path workDir;
    private final MeterRegistry registry;
    private final CommitPlanner planner;
    private final GitHubPulls pulls;
    private final Producer<String, FixProposal> producer;
    private final ExecutorService remote;
    private final Timer handleTimer;
    private volatile boolean running;
    private Thread loop;
    private Consumer<String, HealthReport> consumer;

    /** A service with {@link RepairerSettings#defaults()}. */
    public RepairerService(OrgConfig config, Map<String, Object> kafka, Path workDir, MeterRegistry registry) {
        this(config, RepairerSettings.defaults(), kafka, workDir, registry);
    }

    /**
     * @param config   the organisation's repositories (url, credentials, push, strategy, deployed, policy)
     * @param kafka    client properties ({@code bootstrap.servers}, security...), shared by consumer and producer
     * @param workDir  where the bare clones and scratch folders live
     * @param registry where the service's meters go
     */
    public RepairerService(OrgConfig config, RepairerSettings settings, Map<String, Object> kafka, Path workDir,
                           MeterRegistry registry) {
        this.repos = config.repositories().stream()
                .collect(Collectors.toMap(RepositorySpec::id, Function.identity()));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kafka = Map.copyOf(kafka);
        this.workDir = workDir;
        this.registry = registry;
        this.planner = new CommitPlanner(config.marker());
        this.pulls = new GitHubPulls(settings.forgeApi(), settings.remoteTimeout());
        Map<String, Object> p = only(kafka, ProducerConfig.configNames());
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "revchain-repairer");
        this.producer = new KafkaProducer<>(p, Topics.FIX_PROPOSALS.keySerde().serializer(),
                Topics.FIX_PROPOSALS.valueSerde().serializer());
        this.remote = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "revchain-repairer-git");
            t.setDaemon(true);
            return t;
        });
        this.handleTimer = Timer.builder("revchain.repairer.handle").description("time to handle one health report")
                .register(registry);
    }

    private static Map<String, Object> only(Map<String, Object> props, java.util.Set<String> names) {
        Map<String, Object> out = new HashMap<>();
        props.forEach((k, v) -> {
            if (names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Creates the topics if needed and starts consuming {@code revchain.health} on a thread of its own. */
    public synchronized void start() {
        if (running) {
            return;
        }
        try (Admin admin = Admin.create(only(kafka, AdminClientConfig.configNames()))) {
            Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
        }
        Map<String, Object> c = only(kafka, ConsumerConfig.configNames());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "revchain-repairer");
        consumer = new KafkaConsumer<>(c, Topics.HEALTH.keySerde().deserializer(),
                Topics.HEALTH.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.HEALTH.name()));
        running = true;
        loop = new Thread(this::run, "revchain-repairer");
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, HealthReport> r : consumer.poll(settings.pollTimeout())) {
                        handleRecord(r.key(), r.value());
                    }
                    consumer.commitSync();
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping unreadable health record at {}@{}: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    registry.counter("revchain.repairer.reports", "outcome", "unreadable").increment();
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to stop
        } catch (RuntimeException e) {
            LOG.error("the repairer's consumer loop stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handleRecord(String key, HealthReport report) {
        try {
            if (report == null) {
                // the branch's health was removed: so goes its proposal
                if (key != null) {
                    publish(key, null);
                }
                return;
            }
            handle(report);
        } catch (RuntimeException e) {
            registry.counter("revchain.repairer.reports", "outcome", "failed").increment();
            LOG.error("could not handle the health report of {}: {}", key, e.toString());
        }
    }

    /**
     * Handles one health report now: plans, publishes, pushes as the class describes, and returns what it did.
     * Problems with a remote or the forge are logged and reported in the outcome or the proposal's notes, never
     * thrown; a broker that does not accept the proposal is a {@link KafkaException}.
     */
    public synchronized Outcome handle(HealthReport report) {
        Timer.Sample sample = Timer.start(registry);
        try {
            Outcome o = handleNow(report);
            registry.counter("revchain.repairer.reports", "outcome", o.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
            return o;
        } finally {
            sample.stop(handleTimer);
        }
    }

    private Outcome handleNow(HealthReport report) {
        String key = report.key();
        RepositorySpec spec = repos.get(report.repo());
        if (spec == null) {
            LOG.warn("{}: repository not in the configuration; report ignored", key);
            return Outcome.skipped(key, "repository not configured");
        }
        if (report.status() == HealthStatus.UNAVAILABLE || report.commit() == null) {
            return Outcome.skipped(key, "repository unavailable");
        }
        if (report.isMergePreview()) {
            return candidate(key, report, spec);
        }
        // Unlabelled heads are only a warning under the alembic policy, but 'alembic upgrade head' fails on them,
        // so they get a plan too; one the planner leaves alone (labelled branches) ends up like a healthy report.
        boolean errors = report.status() == HealthStatus.UNHEALTHY
                || report.findings().stream().anyMatch(f -> f.isError() || f.is(Check.MULTIPLE_HEADS));
        boolean push = Boolean.TRUE.equals(spec.push());
        if (!errors && !push) {
            publish(key, null);
            return new Outcome(key, Kind.TOMBSTONED, null, List.of(), List.of(), List.of(), null, null);
        }
        return withMirror(key, spec, (repo, branches) -> {
            if (!errors) {
                return healthy(key, report, branches);
            }
            ObjectId commit = ObjectId.fromString(report.commit());
            if (!repo.getObjectDatabase().has(commit)) {
                LOG.warn("{}: commit {} is not on the remote any more; report ignored", key, report.commit());
                return Outcome.skipped(key, "commit " + report.commit() + " not found");
            }
            RepoPlan plan = planner.plan(repo, commit, spec, workDir.resolve("scratch").resolve(UUID.randomUUID()
                    .toString()));
            if (plan.actions().isEmpty() && report.findings().stream().noneMatch(Finding::isError)) {
                return healthy(key, report, branches);
            }
            return unhealthy(key, report, spec, plan, branches, push);
        });
    }

    /** What to do with a repository's freshly fetched mirror. */
    @FunctionalInterface
    private interface MirrorWork {
        Outcome run(Repository repo, FixBranches branches) throws IOException;
    }

    /** Fetches the repository's mirror and runs {@code work} on it; an unreachable or unreadable one is skipped. */
    private Outcome withMirror(String key, RepositorySpec spec, MirrorWork work) {
        try (GitMirror mirror = GitMirror.sync(spec, workDir.resolve("mirrors"), settings.remoteTimeout(),
                settings.env(), remote)) {
            Repository repo = mirror.repository();
            return work.run(repo, new FixBranches(repo, settings.botName(), settings.botEmail(), credentials(spec),
                    settings.remoteTimeout()));
        } catch (GitUnavailableException e) {
            LOG.warn("{}: remote unavailable: {}", key, e.getMessage());
            return Outcome.skipped(key, "remote unavailable: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: cannot read the repository: {}", key, e.getMessage());
            return Outcome.skipped(key, "cannot read the repository: " + e.getMessage());
        }
    }

    private Outcome healthy(String key, HealthReport report, FixBranches branches) throws IOException {
        return tombstone(key, branches, branches.existing(report.branch()));
    }

    /** Nothing to fix any more: the proposal is withdrawn and our branches among {@code existing} deleted. */
    private Outcome tombstone(String key, FixBranches branches, List<BranchDecision.Existing> existing)
            throws IOException {
        publish(key, null);
        BranchDecision.Outcome d = BranchDecision.clean(existing);
        List<String> deleted = apply(key, branches, d, null);
        warnForeign(key, d);
        return new Outcome(key, Kind.TOMBSTONED, null, List.of(), deleted, names(d.foreign()), null, null);
    }

    private Outcome unhealthy(String key, HealthReport report, RepositorySpec spec, RepoPlan plan,
                              FixBranches branches, boolean push) throws IOException {
        List<String> notes = new ArrayList<>(plan.allNotes());
        String fixBranch = null;
        List<String> created = List.of();
        List<String> deleted = List.of();
        List<String> foreign = List.of();
        GitHubPulls.Result pull = null;
        if (push) {
            List<BranchDecision.Existing> existing = branches.existing(report.branch());
            BranchDecision.Outcome d = plan.pushable()
                    ? BranchDecision.fix(FixRefs.fixBranch(report.branch(), plan.hash()), existing)
                    : BranchDecision.hold(existing);
            ObjectId made = null;
            if (d.create() != null) {
                made = branches.commit(ObjectId.fromString(plan.commit()), plan.changes(), plan.versionLocations(),
                        message(report.branch(), plan), Instant.now());
            }
            List<String> done = new ArrayList<>();
            deleted = apply(key, branches, d, made, done);
            created = done;
            boolean holds = d.current() != null && (d.create() == null || created.contains(d.create()));
            fixBranch = holds ? d.current() : null;
            if (d.create() != null && !holds) {
                notes.add("the fix branch " + d.create() + " could not be pushed");
            }
            foreign = names(d.foreign());
            for (BranchDecision.Existing f : d.foreign()) {
                notes.add("branch " + f.name() + " has commits the repairer did not make: left alone");
            }
            warnForeign(key, d);
            if (!plan.pushable()) {
                notes.add("nothing was pushed: the plan " + (plan.verified() ? "changes no file" : "is not verified"));
            }
            if (fixBranch != null) {
                pull = pullRequest(key, spec, report.branch(), fixBranch, plan, notes);
            }
        }
        FixProposal proposal = new FixProposal(report.repo(), report.branch(), plan.commit(), plan.strategy().label(),
                plan.actions(), plan.diff(), plan.risk(), plan.verified(), fixBranch, notes);
        publish(key, proposal);
        LOG.info("{}: proposal at {} ({} actions, risk {}, verified {}){}", key, shortId(plan.commit()),
                proposal.actions().size(), proposal.risk().label(), proposal.verified(),
                fixBranch == null ? "" : " on " + fixBranch);
        return new Outcome(key, Kind.PROPOSED, proposal, created, deleted, foreign, pull, null);
    }

    /**
     * A candidate's merge preview: with {@code multiple-heads-after-merge}, the rebase of its new migration onto the
     * target's head (pushed as its rebase branch when allowed), or a merge revision when that migration is deployed;
     * without it, a tombstone and its rebase branches deleted.
     */
    private Outcome candidate(String key, HealthReport report, RepositorySpec spec) {
        boolean collides = report.findings().stream()
                .anyMatch(f -> f.is(Check.MULTIPLE_HEADS_AFTER_MERGE));
        boolean push = Boolean.TRUE.equals(spec.push());
        if (!collides && !push) {
            publish(key, null);
            return new Outcome(key, Kind.TOMBSTONED, null, List.of(), List.of(), List.of(), null, null);
        }
        if (report.candidateCommit() == null || report.targetCommit() == null) {
            return Outcome.skipped(key, "merge preview without its commits");
        }
        return withMirror(key, spec, (repo, branches) -> {
            if (!collides) {
                return healthyCandidate(key, report, branches);
            }
            ObjectId candidateCommit = ObjectId.fromString(report.candidateCommit());
            ObjectId targetCommit = ObjectId.fromString(report.targetCommit());
            for (ObjectId id : List.of(candidateCommit, targetCommit)) {
                if (!repo.getObjectDatabase().has(id)) {
                    LOG.warn("{}: commit {} is not on the remote any more; report ignored", key, id.name());
                    return Outcome.skipped(key, "commit " + id.name() + " not found");
                }
            }
            CommitPlanner.Settings onTarget = planner.settings(repo, targetCommit, spec);
            CommitPlanner.Settings onCandidate = planner.settings(repo, candidateCommit, spec);
            // forgetting a deployed revision is never safe: either side's list counts
            Set<String> deployed = new HashSet<>(onTarget.deployed());
            deployed.addAll(onCandidate.deployed());
            Policy policy = onTarget.policy();
            Optional<GitMergeSides.Sides> sides = GitMergeSides.read(repo, report.target(), targetCommit,
                    report.candidate(), candidateCommit, spec.paths(), null, new MigrationParser(policy.marker()));
            if (sides.isEmpty()) {
                return Outcome.skipped(key, report.candidate() + " and " + report.target() + " share no history");
            }
            MergePreview preview = MergePreviewer.preview(sides.get().target(), sides.get().candidate(),
                    sides.get().base(), policy);
            if (preview.rebase() == null) {
                // the mirror sees no extra head at these commits: nothing to propose, as for a healthy preview
                return healthyCandidate(key, report, branches);
            }
            byte[] source = GitMergeSides.bytes(repo, candidateCommit, preview.rebase().file());
            RebasePlanner.RebasePlan plan = RebasePlanner.plan(preview, source, deployed, policy);
            if (plan.refusal() != null) {
                FixProposal proposal = deployed.contains(plan.revision())
                        ? mergeRevision(repo, report, preview, sides.get(), policy, deployed, plan)
                        : withNotes(Proposals.rebase(plan, report.repo(), report.candidateCommit(), false),
                        List.of(plan.refusal()));
                publish(key, proposal);
                LOG.info("{}: no rebase ({}); proposal with strategy {}", key, plan.refusal(), proposal.strategy());
                return new Outcome(key, Kind.PROPOSED, proposal, List.of(), List.of(), List.of(), null, null);
            }
            return rebase(key, report, plan, sides.get(), branches, push);
        });
    }

    private Outcome healthyCandidate(String key, HealthReport report, FixBranches branches) throws IOException {
        return tombstone(key, branches, branches.existingRebases(report.candidate()));
    }

    /** Commits the rebase on the candidate's commit and pushes it as its rebase branch, under the fix branch rules. */
    private Outcome rebase(String key, HealthReport report, RebasePlanner.RebasePlan plan, GitMergeSides.Sides sides,
                           FixBranches branches, boolean push) throws IOException {
        List<String> notes = new ArrayList<>();
        List<String> created = List.of();
        List<String> deleted = List.of();
        List<String> foreign = List.of();
        boolean pushed = false;
        if (!plan.verified()) {
            notes.add("the rebase is not verified: " + plan.remaining().stream().map(Finding::message)
                    .collect(Collectors.joining("; ")));
        }
        if (push) {
            List<BranchDecision.Existing> existing = branches.existingRebases(report.candidate());
            BranchDecision.Outcome d = plan.verified() && !plan.change().isEmpty()
                    ? BranchDecision.fix(plan.branch(), existing) : BranchDecision.hold(existing);
            ObjectId made = null;
            if (d.create() != null) {
                made = branches.commit(ObjectId.fromString(report.candidateCommit()), plan.change(), sides.folders(),
                        rebaseMessage(report, plan), Instant.now());
            }
            List<String> done = new ArrayList<>();
            deleted = apply(key, branches, d, made, done);
            created = done;
            pushed = d.current() != null && (d.create() == null || created.contains(d.create()));
            if (d.create() != null && !pushed) {
                notes.add("the rebase branch " + d.create() + " could not be pushed");
            }
            foreign = names(d.foreign());
            for (BranchDecision.Existing f : d.foreign()) {
                notes.add("branch " + f.name() + " has commits the repairer did not make: left alone");
            }
            warnForeign(key, d);
        }
        FixProposal proposal = withNotes(Proposals.rebase(plan, report.repo(), report.candidateCommit(), pushed), notes);
        publish(key, proposal);
        LOG.info("{}: rebase of '{}' onto {} (verified {}){}", key, plan.revision(), plan.onto(), plan.verified(),
                pushed ? " on " + plan.branch() : "");
        return new Outcome(key, Kind.PROPOSED, proposal, created, deleted, foreign, null, null);
    }

    /**
     * The candidate's new revision is deployed, so it may not be re-pointed: the merge strategy's merge revision on
     * the merged folder instead. It joins heads that only meet once the target is merged into the candidate, so it
     * is proposed, never pushed onto the candidate alone.
     */
    private FixProposal mergeRevision(Repository repo, HealthReport report, MergePreview preview,
                                      GitMergeSides.Sides sides, Policy policy, Set<String> deployed,
                                      RebasePlanner.RebasePlan refused) throws IOException {
        List<String> notes = new ArrayList<>(List.of(refused.refusal()));
        List<SourceText> files = new ArrayList<>();
        for (Map.Entry<String, FileVersion> e : preview.merged().entrySet()) {
            byte[] bytes = e.getValue().blob() == null ? null : GitMergeSides.blob(repo, e.getValue().blob());
            if (bytes != null) {
                files.add(new SourceText(e.getKey(), bytes));
            }
        }
        RepairPlan plan = new RepairPlanner().plan(report.candidate() + " merged into " + report.target(),
                new RepairRequest(files, sides.folders(), policy, Strategy.MERGE, deployed, null, null, null));
        notes.addAll(plan.notes());
        if (!plan.writable()) {
            notes.add("the merge strategy cannot join the heads either (" + (plan.verified() ? "nothing to change"
                    : "not verified") + "): merge " + report.target() + " into " + report.candidate()
                    + " and run 'alembic merge heads' by hand");
            return new FixProposal(report.repo(), report.candidate(), report.candidateCommit(),
                    RebasePlanner.STRATEGY, List.of(), "", Risk.MEDIUM, false, null, notes);
        }
        notes.add("this merge revision applies once " + report.target() + " is merged into " + report.candidate()
                + ": not pushed, since on " + report.candidate() + " alone it would name a missing revision");
        return new FixProposal(report.repo(), report.candidate(), report.candidateCommit(), plan.strategy().label(),
                plan.actions().stream().map(RepairAction::toFixAction).toList(), UnifiedDiff.render(plan.changes()),
                plan.risk(), plan.verified(), null, notes);
    }

    private static FixProposal withNotes(FixProposal p, List<String> notes) {
        List<String> all = new ArrayList<>(p.notes());
        all.addAll(notes);
        return new FixProposal(p.schema(), p.repo(), p.branch(), p.commit(), p.strategy(), p.actions(), p.diff(),
                p.risk(), p.verified(), p.fixBranch(), all);
    }

    /** The rebase commit's message: what was re-pointed and why, and the trailer that marks it as ours. */
    static String rebaseMessage(HealthReport report, RebasePlanner.RebasePlan plan) {
        String branch = plan.branch();
        return "revchain: rebase the migration of " + report.candidate() + " onto " + report.target() + "\n\n"
                + "Merging " + report.candidate() + " (" + report.candidateCommit() + ") into " + report.target()
                + " (" + report.targetCommit() + ") would leave two heads. Re-points '" + plan.revision() + "' from "
                + plan.from() + " onto " + report.target() + "'s head " + plan.onto() + ", verified on the merged "
                + "folder.\n\n" + FixBranches.TRAILER + ": " + branch.substring(branch.length()
                - FixRefs.REBASE_HASH_LENGTH) + "\n" + FixBranches.CANDIDATE_TRAILER + ": " + report.candidate() + "\n";
    }

    private List<String> apply(String key, FixBranches branches, BranchDecision.Outcome d, ObjectId made)
            throws IOException {
        return apply(key, branches, d, made, new ArrayList<>());
    }

    /** Pushes the decision in one batch; fills {@code created} and returns the branches deleted. */
    private List<String> apply(String key, FixBranches branches, BranchDecision.Outcome d, ObjectId made,
                               List<String> created) throws IOException {
        List<FixBranches.RefChange> changes = new ArrayList<>();
        if (d.create() != null) {
            changes.add(new FixBranches.RefChange(Constants.R_HEADS + d.create(), made, null));
        }
        for (BranchDecision.Existing e : d.delete()) {
            changes.add(new FixBranches.RefChange(Constants.R_HEADS + e.name(), null, ObjectId.fromString(e.tip())));
        }
        List<String> deleted = new ArrayList<>();
        for (FixBranches.Pushed p : branches.push(changes)) {
            String name = p.ref().substring(Constants.R_HEADS.length());
            if (!p.ok()) {
                LOG.warn("{}: the remote refused {}: {}", key, name, p.status());
                continue;
            }
            if (name.equals(d.create())) {
                created.add(name);
                registry.counter("revchain.repairer.branches", "action", "created").increment();
                LOG.info("{}: pushed {}", key, name);
            } else {
                deleted.add(name);
                registry.counter("revchain.repairer.branches", "action", "deleted").increment();
                LOG.info("{}: deleted {}", key, name);
            }
        }
        return List.copyOf(deleted);
    }

    private void warnForeign(String key, BranchDecision.Outcome d) {
        for (BranchDecision.Existing f : d.foreign()) {
            registry.counter("revchain.repairer.branches", "action", "foreign").increment();
            LOG.warn("{}: {} has commits the repairer did not make (tip {}): left alone", key, f.name(),
                    shortId(f.tip()));
        }
    }

    private GitHubPulls.Result pullRequest(String key, RepositorySpec spec, String base, String head, RepoPlan plan,
                                           List<String> notes) {
        String token = spec.credentials() == null ? null : settings.env().get(spec.credentials());
        Optional<String> forgeRepo = Optional.ofNullable(settings.forgeRepos().get(spec.id()))
                .or(() -> GitHubPulls.repositoryOf(spec.url()));
        if (token == null || token.isEmpty() || forgeRepo.isEmpty()) {
            return null;
        }
        // a "user:password" credential sends its password part as the API token
        String apiToken = token.contains(":") ? token.substring(token.indexOf(':') + 1) : token;
        try {
            GitHubPulls.Result r = pulls.ensure(forgeRepo.get(), apiToken, head, base,
                    "revchain: repair the migration chain of " + base, pullBody(base, plan));
            registry.counter("revchain.repairer.pulls", "action", r.action().name().toLowerCase(java.util.Locale.ROOT)).increment();
            LOG.info("{}: pull request #{} {}", key, r.number(), r.action().name().toLowerCase(java.util.Locale.ROOT));
            return r;
        } catch (IOException e) {
            LOG.warn("{}: pull request not opened: {}", key, e.getMessage());
            notes.add("pull request not opened: " + e.getMessage());
            return null;
        }
    }

    /** The commit message: every action with its reason, and the plan trailer that marks the commit as ours. */
    static String message(String branch, RepoPlan plan) {
        StringBuilder b = new StringBuilder("revchain: repair the migration chain of ").append(branch).append("\n\n");
        b.append("Made against ").append(plan.commit()).append(" with strategy ").append(plan.strategy().label())
                .append(" under policy ").append(plan.policy()).append("; risk ").append(plan.risk().label())
                .append(", verified.\n\n");
        plan.describe().forEach(l -> b.append(l).append('\n'));
        b.append('\n').append(FixBranches.TRAILER).append(": ").append(plan.hash()).append('\n');
        return b.toString();
    }

    /** The pull request's body: the plan in Markdown. */
    static String pullBody(String branch, RepoPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("revchain found errors in the migration chain of `").append(branch).append("` at ")
                .append(plan.commit()).append(" and proposes this repair (strategy `").append(plan.strategy().label())
                .append("`, policy `").append(plan.policy()).append("`, risk **").append(plan.risk().label())
                .append("**, verified by re-analysis).\n\n### Actions\n\n");
        plan.describe().forEach(l -> b.append(l).append('\n'));
        String diff = plan.diff();
        if (diff.length() > MAX_PR_DIFF) {
            diff = diff.substring(0, MAX_PR_DIFF) + "\n... (diff truncated; see the branch)\n";
        }
        b.append("\n### Diff\n\n```diff\n").append(diff).append("```\n\n").append(FixBranches.TRAILER).append(": ")
                .append(plan.hash()).append('\n');
        return b.toString();
    }

    private CredentialsProvider credentials(RepositorySpec spec) {
        if (spec.credentials() == null) {
            return null;
        }
        String value = settings.env().get(spec.credentials());
        if (value == null || value.isEmpty()) {
            return null;
        }
        int colon = value.indexOf(':');
        return colon < 0 ? new UsernamePasswordCredentialsProvider("x-access-token", value)
                : new UsernamePasswordCredentialsProvider(value.substring(0, colon), value.substring(colon + 1));
    }

    private void publish(String key, FixProposal proposal) {
        BranchKey.parse(key);
        try {
            producer.send(new ProducerRecord<>(Topics.FIX_PROPOSALS.name(), key, proposal))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot publish the proposal of " + key + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot publish the proposal of " + key + ": no answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing the proposal of " + key, e);
        }
    }

    private static List<String> names(List<BranchDecision.Existing> list) {
        return list.stream().map(BranchDecision.Existing::name).toList();
    }

    private static String shortId(String id) {
        return id.length() > 10 ? id.substring(0, 10) : id;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = loop;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        remote.shutdownNow();
    }
}
