package io.revchain.repairer;

import io.micrometer.core.instrument.MeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.Lifecycle;
import io.revchain.runtime.PollLoop;
import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
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
 *       candidate at the report's commits, read by {@code GitMergeSides}), plans the rebase of the candidate's new
 *       migration onto the target's head with {@code RebasePlanner}, and publishes it for the candidate; where
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
 *
 * <p>This class only wires Kafka to the parts that decide and act: {@link ReportRouter} (what a report calls
 * for), {@link ReportHandler} (git work and planning), {@link FixPublisher} (pushes and pull requests),
 * {@link FixTexts}, {@link RepairerMetrics}. Its clients come from a {@link RepairerClients} and are made by
 * {@link #start} (or, for the producer, by the first {@link #handle}), never by the constructor.
 *
 * <p>It keeps the {@link Service} contract: its loop is a {@link PollLoop}, so a failure that ends it makes the
 * service FAILED with its cause (liveness false) instead of a silent stop; a second start throws; close is
 * idempotent.
 */
public final class RepairerService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(RepairerService.class);

    /** What {@link #handle} did with one report. */
    public enum Kind {
        PROPOSED,
        TOMBSTONED,
        SKIPPED
    }

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
    public record Outcome(
            String key,
            Kind kind,
            FixProposal proposal,
            List<String> created,
            List<String> deleted,
            List<String> foreign,
            GitHubPulls.Result pull,
            String reason) {
        public Outcome {
            created = List.copyOf(created);
            deleted = List.copyOf(deleted);
            foreign = List.copyOf(foreign);
        }

        static Outcome skipped(String key, String reason) {
            return new Outcome(key, Kind.SKIPPED, null, List.of(), List.of(), List.of(), null, reason);
        }
    }

    /** The service's name, in logs, thread names and health answers. */
    public static final String NAME = "repairer";

    private final RepairerSettings settings;
    private final RepairerClients clients;
    private final RepairerMetrics metrics;
    private final ReportHandler handler;
    private final Lifecycle lifecycle = new Lifecycle(NAME);
    private volatile PollLoop<String, HealthReport> loop;
    private KafkaProposalSink proposals;
    /** Every environment's last observation, from {@code revchain.deployments}: protected in every plan. */
    private final DeploymentBook book = new DeploymentBook();

    private HealthWork work;

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
    public RepairerService(
            OrgConfig config,
            RepairerSettings settings,
            Map<String, Object> kafka,
            Path workDir,
            MeterRegistry registry) {
        this(config, settings, new KafkaRepairerClients(kafka), workDir, registry);
    }

    /** A service whose clients get {@code kafka}'s settings (environment, file, flags). */
    public RepairerService(
            OrgConfig config, RepairerSettings settings, KafkaSettings kafka, Path workDir, MeterRegistry registry) {
        this(config, settings, new KafkaRepairerClients(kafka), workDir, registry);
    }

    /** A service whose Kafka clients {@code clients} makes when it starts. */
    public RepairerService(
            OrgConfig config,
            RepairerSettings settings,
            RepairerClients clients,
            Path workDir,
            MeterRegistry registry) {
        this(
                config,
                settings,
                clients,
                workDir,
                registry,
                new GitHubPulls(settings.forgeApi(), settings.remoteTimeout()));
    }

    RepairerService(
            OrgConfig config,
            RepairerSettings settings,
            RepairerClients clients,
            Path workDir,
            MeterRegistry registry,
            PullRequests pulls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.metrics = new RepairerMetrics(registry);
        this.handler = new ReportHandler(config, settings, workDir, pulls, new Sink(), metrics, book);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Creates the topics if needed, opens the producer, and starts consuming {@code revchain.health} on a
     * {@link PollLoop} of its own.
     *
     * @throws IllegalStateException when started before or closed
     */
    @Override
    public void start() {
        lifecycle.starting();
        try {
            clients.createTopics();
            proposals();
            HealthWork w = new HealthWork();
            work = w;
            PollLoop<String, HealthReport> l =
                    new PollLoop<>(NAME, clients.consumer(settings.groupId()), settings.pollTimeout(), w);
            loop = l;
            l.start();
            lifecycle.running();
        } catch (RuntimeException e) {
            lifecycle.failed(e);
            throw e;
        }
    }

    /**
     * The service's state: its own until it runs, then its loop's (STARTING until subscribed, FAILED with the
     * cause of whatever ended it); a failure stays after {@link #close()}.
     */
    @Override
    public ServiceState state() {
        ServiceState own = lifecycle.state();
        PollLoop<String, HealthReport> l = loop;
        if (l == null || own.phase() != ServiceState.Phase.RUNNING) {
            return own;
        }
        ServiceState inner = l.state();
        inner.cause().ifPresent(lifecycle::failed);
        return inner.phase() == ServiceState.Phase.FAILED ? lifecycle.state() : inner;
    }

    /** What the loop does with {@code revchain.health}: every record handled, offsets committed per poll. */
    private final class HealthWork implements PollLoop.Work<String, HealthReport> {
        /** Read on the loop's thread only; closed when the loop ends. */
        private Consumer<String, DeploymentObserved> deployments;

        private boolean caughtUp;

        @Override
        public void open(Consumer<String, HealthReport> consumer) {
            consumer.subscribe(List.of(Topics.HEALTH.name()));
            deployments = clients.deployments();
            if (deployments != null) {
                List<TopicPartition> parts = deployments.partitionsFor(Topics.DEPLOYMENTS.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                deployments.assign(parts);
                deployments.seekToBeginning(parts);
            }
        }

        @Override
        public void record(ConsumerRecord<String, HealthReport> r) {
            if (!caughtUp) {
                // a plan is made only once every observation published before it is known
                catchUp();
                caughtUp = true;
            }
            handleRecord(r.key(), r.value());
        }

        @Override
        public void polled(Consumer<String, HealthReport> consumer, ConsumerRecords<String, HealthReport> records) {
            consumer.commitSync();
            caughtUp = false;
        }

        /** Reads {@code revchain.deployments} up to its end offsets of now, at most a poll timeout per round. */
        private void catchUp() {
            if (deployments == null) {
                return;
            }
            Map<TopicPartition, Long> end = deployments.endOffsets(deployments.assignment());
            for (int round = 0; round < 100 && behind(end); round++) {
                try {
                    for (ConsumerRecord<String, DeploymentObserved> d : deployments.poll(settings.pollTimeout())) {
                        if (d.value() != null) {
                            book.observe(d.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping unreadable deployment record at {}@{}", e.topicPartition(), e.offset());
                    deployments.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }

        /** Closes the deployments consumer, once the loop has ended. */
        void closeDeployments() {
            if (deployments != null) {
                deployments.close();
                deployments = null;
            }
        }

        private boolean behind(Map<TopicPartition, Long> end) {
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (deployments.position(e.getKey()) < e.getValue()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean unreadable(Consumer<String, HealthReport> consumer, RecordDeserializationException e) {
            LOG.warn("skipping unreadable health record at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            metrics.report("unreadable");
            return true;
        }
    }

    /**
     * One record of the health topic. A report whose handling fails is logged, counted and skipped, so one
     * repository cannot stop the others; a broker that does not take the proposal ({@link KafkaException}) and
     * any {@link Error} end the loop instead (FAILED), leaving the offset uncommitted for the next run.
     */
    private void handleRecord(String key, HealthReport report) {
        try {
            if (report == null) {
                // the branch's health was removed: so goes its proposal
                if (key != null) {
                    withdraw(key);
                }
                return;
            }
            handle(report);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.report("failed");
            LOG.error("could not handle the health report of {}: {}", key, e.toString());
        }
    }

    /**
     * Handles one health report now: plans, publishes, pushes as the class describes, and returns what it did.
     * Problems with a remote or the forge are logged and reported in the outcome or the proposal's notes, never
     * thrown; a broker that does not accept the proposal is a {@link KafkaException}.
     */
    public synchronized Outcome handle(HealthReport report) {
        if (lifecycle.isClosing()) {
            throw new IllegalStateException(NAME + " is closed");
        }
        return handler.handle(report);
    }

    private synchronized void withdraw(String key) {
        handler.withdraw(key);
    }

    /** The handler's sink: the proposals' producer, opened when first needed; closures keep their header. */
    private final class Sink implements ProposalSink {
        @Override
        public void send(String key, FixProposal proposal) {
            proposals().send(key, proposal);
        }

        @Override
        public void close(String key, FixClosure closure) {
            proposals().close(key, closure);
        }
    }

    /** The proposals' producer, opened by {@link #start} or by the first {@link #handle}. */
    private synchronized KafkaProposalSink proposals() {
        if (proposals == null) {
            proposals = new KafkaProposalSink(clients.producer());
        }
        return proposals;
    }

    /** Stops the loop (waiting for the report in hand), then closes the producer; a second call does nothing. */
    @Override
    public void close() {
        PollLoop<String, HealthReport> l = loop;
        if (l != null) {
            // a failure of the loop is what happened, even when noticed only now
            l.state().cause().ifPresent(lifecycle::failed);
        }
        if (!lifecycle.closing()) {
            return;
        }
        if (l != null) {
            l.close();
        }
        if (work != null) {
            // the loop has ended: its thread no longer reads this consumer
            work.closeDeployments();
        }
        synchronized (this) {
            if (proposals != null) {
                proposals.close();
            }
        }
        handler.close();
    }
}
