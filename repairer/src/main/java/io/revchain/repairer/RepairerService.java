package io.revchain.repairer;

import io.micrometer.core.instrument.MeterRegistry;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
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
 *
 * <p>This class only wires Kafka to the parts that decide and act: {@link ReportRouter} (what a report calls
 * for), {@link ReportHandler} (git work and planning), {@link FixPublisher} (pushes and pull requests),
 * {@link FixTexts}, {@link RepairerMetrics}. Its clients come from a {@link RepairerClients} and are made by
 * {@link #start} (or, for the producer, by the first {@link #handle}), never by the constructor.
 */
public final class RepairerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepairerService.class);

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

    private final RepairerSettings settings;
    private final RepairerClients clients;
    private final RepairerMetrics metrics;
    private final ReportHandler handler;
    private volatile boolean running;
    private Thread loop;
    private Consumer<String, HealthReport> consumer;
    private KafkaProposalSink proposals;

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
        this(config, settings, new KafkaRepairerClients(kafka), workDir, registry);
    }

    /** A service whose Kafka clients {@code clients} makes when it starts. */
    public RepairerService(OrgConfig config, RepairerSettings settings, RepairerClients clients, Path workDir,
                           MeterRegistry registry) {
        this(config, settings, clients, workDir, registry, new GitHubPulls(settings.forgeApi(),
                settings.remoteTimeout()));
    }

    RepairerService(OrgConfig config, RepairerSettings settings, RepairerClients clients, Path workDir,
                    MeterRegistry registry, PullRequests pulls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.metrics = new RepairerMetrics(registry);
        this.handler = new ReportHandler(config, settings, workDir, pulls, this::send, metrics);
    }

    /** Creates the topics if needed and starts consuming {@code revchain.health} on a thread of its own. */
    public synchronized void start() {
        if (running) {
            return;
        }
        clients.createTopics();
        proposals();
        consumer = clients.consumer(settings.groupId());
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
                    metrics.report("unreadable");
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
                    send(key, null);
                }
                return;
            }
            handle(report);
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
        return handler.handle(report);
    }

    private synchronized void send(String key, FixProposal proposal) {
        proposals().send(key, proposal);
    }

    /** The proposals' producer, opened on first use. */
    private synchronized KafkaProposalSink proposals() {
        if (proposals == null) {
            proposals = new KafkaProposalSink(clients.producer());
        }
        return proposals;
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
        synchronized (this) {
            if (proposals != null) {
                proposals.close();
            }
        }
        handler.close();
    }
}
