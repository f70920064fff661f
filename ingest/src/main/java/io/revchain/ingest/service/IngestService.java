package io.revchain.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.database.VersionTable;
import io.revchain.core.parse.EnvPyVersionTable;
import io.revchain.core.parse.MigrationParser;
import io.revchain.deployments.Timeouts;
import io.revchain.deployments.VersionTableReader;
import io.revchain.event.BranchKey;
import io.revchain.event.CommitScanned;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.FileChanged;
import io.revchain.event.IngestState;
import io.revchain.event.MigrationEvent;
import io.revchain.event.PushTrigger;
import io.revchain.event.RepositoryRecord;
import io.revchain.event.Topics;
import io.revchain.git.GitMirror;
import io.revchain.git.GitUnavailableException;
import io.revchain.git.RepoScanner;
import io.revchain.git.ScriptCache;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.LayoutResolver;
import io.revchain.git.layout.TreeChange;
import io.revchain.ingest.plan.CandidateRefs;
import io.revchain.ingest.plan.ChangeClassifier;
import io.revchain.ingest.plan.CodeVersionTables;
import io.revchain.ingest.plan.EventBuilder;
import io.revchain.ingest.plan.Ownership;
import io.revchain.ingest.plan.PollSchedule;
import io.revchain.ingest.plan.ScanPlanner;
import io.revchain.ingest.webhook.DeliveryLog;
import io.revchain.ingest.webhook.RemoteKey;
import io.revchain.runtime.KafkaErrors;
import io.revchain.runtime.Lifecycle;
import io.revchain.runtime.PollLoop;
import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The ingest service: turns the commits of every configured repository into {@code FileChanged} events and
 * {@code CommitScanned} markers on {@code revchain.migration-events}, keyed by repository id.
 *
 * <p>Per cycle and repository: clone or fetch ({@link GitMirror}, bounded by the remote timeout), then per watched
 * branch decide the scan ({@link ScanPlanner}): a full scan of the head on first sight, after a force-push or after
 * too many commits; otherwise each new commit of the head's first-parent chain, oldest first, diffed against the
 * state already published (so the analyzer's per-path state always equals the commit's tree). A commit that
 * touches no migration gets no marker unless it is the head, whose marker tells the analyzer which commit its
 * report describes. Chains are resolved from the commit's tree as {@code revchain check} resolves a checkout
 * ({@code LayoutResolver}): each file event names its chain, each marker the chains and their rules; a commit that
 * moves a file to another chain (new version folders, a renamed section) is scanned in full.
 *
 * <p>Delivery: a branch's poll is one publication ({@link TransactionalPublisher}): its events and the
 * {@link IngestState} of its last commit go to {@code revchain.migration-events} and the compacted
 * {@code revchain.ingest-state} in one Kafka transaction (idempotent, {@code acks=all}, 1 MiB lz4 batches unless
 * configured), so a {@code read_committed} reader sees a commit's state only with its events, and a repository's
 * events stay in order. A restarted service reads the state topic to its end and resumes after the last committed
 * commit; a crash mid-transaction leaves nothing visible, and the poll is done again (a replayed commit carries the
 * same content). In a fleet the transaction is fenced by the ingest group's generation: see {@link #fleet}.
 *
 * <p>Failures: a repository that cannot be reached gets a {@code RepoUnavailable} event and is retried with
 * backoff; any failure is confined to its repository, the others go on. {@code publishedAt} is stamped just
 * before each send. Anything else that escapes a scheduled cycle (an {@link Error} in a repository's poll, a
 * producer that can no longer publish ({@link KafkaErrors#fatal}: refused credentials, a closed producer), a
 * failing {@linkplain #onCycle cycle listener}) is unexpected: the service stops polling and is
 * {@link ServiceState.Phase#FAILED FAILED} with that cause, so its liveness says so.
 *
 * <p>Lifecycle ({@link Service}): the constructor does no I/O; {@link #start()} (or a first {@link #pollOnce()})
 * creates the topics, reads the published state and opens the producers. While a repository is polled its id is in
 * SLF4J's MDC as {@code repo}.
 */
public final class IngestService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    /** The events producer's {@code linger.ms}: a poll's events fill batches until its transaction commits. */
    static final int EVENTS_LINGER_MS = 20;

    /** The events producer's {@code batch.size}, as the analyzer's producer: a first scan leaves in few requests. */
    static final int EVENTS_BATCH_BYTES = 1 << 20;

    /** The events producer's compression: the JSON of a chain's files repeats itself. */
    static final String EVENTS_COMPRESSION = "lz4";

    /**
     * How long a transaction may stay open before the broker aborts it: also how long a killed instance's open
     * transaction can hold back {@code read_committed} readers of its partitions, when no restart aborts it first.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Repositories polled at once. A poll ends waiting for its transaction, which it shares with the polls handed in
     * while the one before committed: many polls in flight keep the cores busy and the transactions large during a
     * first scan (16 made ingest's part of a 1,000 x 50 first scan 1.5x slower than before transactions; 48 made it as
     * fast). Memory stays bounded by one repository's events per poll (and the producer's buffer).
     */
    static final int POLL_THREADS = 48;

    private final OrgConfig config;
    private final IngestSettings settings;
    private final Path workDir;
    private final ScriptCache cache;
    private final Map<String, Object> kafka;
    /** The last committed commit per branch key; sorted, so a repository's branches are one range. */
    private final ConcurrentNavigableMap<String, String> published = new ConcurrentSkipListMap<>();

    private final Lifecycle lifecycle = new Lifecycle("ingest");
    private volatile boolean clientFailed;
    private volatile Consumer<CycleReport> onCycle = r -> {};
    /** The transactional producer of events and states ({@link TransactionalPublisher}). */
    private Producer<String, byte[]> transactional;

    private TransactionalPublisher publisher;
    private Serializer<MigrationEvent> eventBytes;
    private Serializer<IngestState> stateBytes;
    /** The ingest group's metadata as the membership consumer last saw it (fleet mode): what fences a transaction. */
    private volatile ConsumerGroupMetadata groupMetadata;

    private volatile Producer<String, DeploymentObserved> deployments;
    /** Partitions of {@code revchain.deployments}, read once from the producer's metadata. */
    private volatile int deploymentPartitions;
    /** The version tables of the environments of the repositories this instance polls. */
    private final DatabasePoller databases;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /**
     * Per repository with environments, what its code says of their version tables, read at its first watched
     * branch's head at each poll that moved it (a database is not read before: see {@link DatabasePoller}).
     */
    private final Map<String, CodeVersionTables> versionTables = new ConcurrentHashMap<>();

    private final ExecutorService remote;
    private final ExecutorService pollers;
    private final Counter filesCounter;
    private final Counter commitsCounter;
    private final Counter unavailableCounter;
    private final Timer cycleTimer;
    private ScheduledExecutorService scheduler;
    /** Repositories from the {@code revchain.repositories} topic (a member of the ingest group), else from config. */
    private final boolean fleet;
    /** This instance's name in logs, client ids and the {@link #INSTANCE_HEADER} of everything it publishes. */
    private final String instance;

    private final List<Header> instanceHeaders;
    private volatile PollListener pollListener = new PollListener() {};
    /** Guards {@link #ownership}, {@link #schedule} and {@link #running} transitions (fleet mode). */
    private final Object fleetLock = new Object();

    private final Ownership ownership = new Ownership();
    private final PollSchedule schedule;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile int owned;
    private PollLoop<String, byte[]> membership;
    /** Every repository of the topic, by id and by {@link RemoteKey}: whom a webhook names (fleet mode). */
    private final Map<String, RepositoryRecord> directoryById = new ConcurrentHashMap<>();

    private final Map<String, String> directoryByRemote = new ConcurrentHashMap<>();
    private PollLoop<String, byte[]> directory;
    /** The triggers of the partitions owned, assigned by hand; used only on the membership's thread. */
    private KafkaConsumer<String, byte[]> triggerConsumer;

    private volatile Producer<String, PushTrigger> triggers;
    /** Deliveries this instance's endpoint accepted, and those its triggers carried (a replay sent elsewhere). */
    private final DeliveryLog endpointDeliveries = new DeliveryLog(DELIVERIES_KEPT);

    private final DeliveryLog triggerDeliveries = new DeliveryLog(DELIVERIES_KEPT);
    private final Counter triggerCounter;

    private record Failures(int count, Instant retryAt) {}

    /**
     * A poll in flight (fleet mode): {@code stop} asks it to end at the next commit boundary; {@code lost} says its
     * repository went to another instance without this one giving it up, so nothing more of it may be committed.
     */
    private record Running(AtomicBoolean stop, AtomicBoolean lost, CountDownLatch done) {
        Running() {
            this(new AtomicBoolean(), new AtomicBoolean(), new CountDownLatch(1));
        }
    }

    /** The header naming the instance that published a record (its value: the instance's name, UTF-8). */
    public static final String INSTANCE_HEADER = "revchain-instance";

    /** The largest webhook body accepted by default: GitHub caps its payloads at 25 MB, a push is far smaller. */
    public static final int WEBHOOK_MAX_BYTES = 1 << 20;

    /** Delivery ids remembered to tell a replay. */
    static final int DELIVERIES_KEPT = 10_000;

    /** How long a revocation waits for a poll in flight to end before the rebalance goes on without it. */
    static final Duration REVOKE_WAIT = Duration.ofMinutes(2);

    /**
     * Told when a repository's poll begins and ends, on the polling thread (a progress line, a test that proves no
     * repository is polled by two instances at once); an exception it throws is logged and ignored.
     */
    public interface PollListener {
        /** A poll of {@code repo} begins (after ownership was checked, before any fetch). */
        default void started(String repo) {}

        /** A poll ended, with its outcome (every event it published is committed). */
        default void finished(CycleReport.RepoOutcome outcome) {}

        /** A branch's poll ({@code repo@branch}) is built and is about to be handed to its transaction. */
        default void publishing(String branchKey) {}

        /** The group's consumer returned from a poll (fleet mode, on the membership thread). */
        default void groupPolled() {}

        /** A transaction's records and group offsets are in and it is about to commit (on the publishing thread). */
        default void committing() {}
    }

    /**
     * A service on these settings; connects to nothing until {@link #start()} or {@link #pollOnce()}.
     *
     * @param config   the organisation's repositories
     * @param settings timeouts, backoff, cache size, environment
     * @param kafka    client settings ({@code bootstrap.servers} at least); producer settings given here win over
     *                 the defaults ({@code enable.idempotence=true}, {@code acks=all}; for the events
     *                 {@code linger.ms=20}, {@code batch.size} 1 MiB, {@code compression.type=lz4})
     * @param workDir  where the bare clones live (kept between runs)
     * @param registry where the meters go
     */
    public IngestService(
            OrgConfig config,
            IngestSettings settings,
            Map<String, Object> kafka,
            Path workDir,
            MeterRegistry registry) {
        this(config, settings, kafka, workDir, registry, false);
    }

    /**
     * An ingest instance of a fleet: the repositories it polls are those of the {@code revchain.repositories}
     * partitions the ingest group assigns it ({@link Ownership}); {@code config} gives only the organisation-wide
     * settings (the poll interval, the marker), never the repositories. {@link #start()} joins the group;
     * {@link #pollOnce()} is not available.
     *
     * <p>Assignment is cooperative-sticky (a rebalance moves only the partitions that change hands) and, with
     * {@link IngestSettings#instanceId()}, static ({@code group.instance.id}: a restart within the session timeout
     * keeps the partitions). A partition is read from its beginning whenever it is assigned (nothing is committed:
     * the compacted topic is the configuration, not a queue), and its repositories are polled only once it is read
     * to the end it had then. When partitions are revoked, the polls in flight of their repositories stop at the
     * next commit boundary and the revocation waits for their transactions, so the new owner (which re-reads
     * {@code revchain.ingest-state} on assignment) resumes after the last commit and a repository's events never
     * interleave from two instances. {@link #close()} does the same before it leaves.
     *
     * <p>An instance that stalls longer than the group's session (a frozen JVM coming back) is fenced: each
     * transaction commits an offset of the ingest group with the generation this instance last saw, which the group
     * coordinator refuses once the group has moved on, so the late transaction is aborted and never read; a new owner
     * first waits for any transaction still holding offsets of its partitions ({@link TransactionalPublisher}).
     * Polls of partitions lost that way are dropped, not committed.
     */
    public static IngestService fleet(
            OrgConfig config,
            IngestSettings settings,
            Map<String, Object> kafka,
            Path workDir,
            MeterRegistry registry) {
        return new IngestService(config, settings, kafka, workDir, registry, true);
    }

    private IngestService(
            OrgConfig config,
            IngestSettings settings,
            Map<String, Object> kafka,
            Path workDir,
            MeterRegistry registry,
            boolean fleet) {
        this.fleet = fleet;
        this.instance = settings.instanceId() != null ? settings.instanceId() : derivedInstance(hostName(), workDir);
        this.instanceHeaders = List.of(new RecordHeader(INSTANCE_HEADER, instance.getBytes(StandardCharsets.UTF_8)));
        this.schedule = new PollSchedule(config.interval());
        this.config = config;
        this.settings = settings;
        this.workDir = workDir;
        this.kafka = Map.copyOf(kafka);
        this.cache = new ScriptCache(new MigrationParser(config.marker()), settings.cacheEntries(), registry);
        // Repositories are independent (each one's events come from one thread, in order, keyed by the repository):
        // poll a few at once so a slow or hanging remote does not hold up the others.
        this.pollers = Executors.newFixedThreadPool(POLL_THREADS, r -> {
            Thread t = new Thread(r, "revchain-ingest-poll-repo");
            t.setDaemon(true);
            return t;
        });
        this.remote = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "revchain-ingest-git");
            t.setDaemon(true);
            return t;
        });
        this.filesCounter = Counter.builder("revchain.ingest.files")
                .description("FileChanged events published")
                .register(registry);
        this.commitsCounter = Counter.builder("revchain.ingest.commits")
                .description("CommitScanned markers published")
                .register(registry);
        this.unavailableCounter = Counter.builder("revchain.ingest.unavailable")
                .description("failed attempts to reach a repository")
                .register(registry);
        this.cycleTimer = Timer.builder("revchain.ingest.cycle")
                .description("one poll cycle over every repository")
                .register(registry);
        this.triggerCounter = Counter.builder("revchain.ingest.triggers")
                .description("verified pushes that made an owned repository due at once")
                .register(registry);
        Gauge.builder("revchain.ingest.owned", () -> owned)
                .description("repositories this instance owns (fleet mode)")
                .register(registry);
        Map<String, String> env = settings.env();
        this.databases = new DatabasePoller(
                this::pollableRepositories,
                repo -> Optional.ofNullable(versionTables.get(repo)),
                config.databaseInterval(),
                new VersionTableReader(Timeouts.DEFAULT)::read,
                env::get,
                Path.of("").toAbsolutePath(),
                this::publishObservation,
                Clock.systemUTC());
    }

    /** The repositories this instance polls now: what it owns in fleet mode, the configuration's otherwise. */
    private Collection<RepositorySpec> pollableRepositories() {
        if (!fleet) {
            return config.repositories();
        }
        synchronized (fleetLock) {
            return List.copyOf(ownership.pollable().values());
        }
    }

    /** Sends an observation to its repository's partition of {@code revchain.deployments}. */
    private void publishObservation(DeploymentObserved o) {
        Producer<String, DeploymentObserved> p = deployments;
        if (p == null) {
            return;
        }
        int partitions = deploymentPartitions;
        if (partitions == 0) {
            partitions = p.partitionsFor(Topics.DEPLOYMENTS.name()).size();
            deploymentPartitions = partitions;
        }
        p.send(
                new ProducerRecord<>(Topics.DEPLOYMENTS.name(), o.partition(partitions), o.key(), o, instanceHeaders),
                (meta, error) -> {
                    if (error != null) {
                        LOG.warn("{}: environment {}: not published: {}", o.repo(), o.environment(), error.toString());
                    }
                });
    }

    /**
     * Reads every environment of the configured repositories once and publishes what each gave, acknowledged on
     * return (the demo, a one-shot run; {@link #start()} reads them on the database interval instead).
     */
    public List<DeploymentObserved> pollDatabasesOnce() {
        if (fleet) {
            throw new IllegalStateException("a fleet ingest instance reads the databases it owns once started");
        }
        open();
        List<DeploymentObserved> read = databases.readAll(config.repositories());
        deployments.flush();
        return read;
    }

    /**
     * The instance name when {@code REVCHAIN_INSTANCE_ID} gives none: the same for every run on this host with this
     * work directory, so a one-shot run's {@code transactional.id} is reused instead of a new one per run (the broker
     * keeps each for a week), and a restarted instance aborts what its killed predecessor left open at once instead
     * of readers waiting out the transaction timeout. Two processes sharing a work directory cannot both be right, so
     * they fence each other, and the fenced one says so.
     */
    static String derivedInstance(String host, Path workDir) {
        String where = host + '\u0000' + workDir.toAbsolutePath().normalize();
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return "ingest-" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * This host's name as the kernel has it, read once: no name lookup, which could wait on DNS while a service is
     * being built.
     */
    private static String hostName() {
        return HostName.VALUE;
    }

    private static final class HostName {
        static final String VALUE = read();

        private static String read() {
            try {
                String kernel =
                        Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                if (!kernel.isEmpty()) {
                    return kernel;
                }
            } catch (IOException | RuntimeException notLinux) {
                // the environment's, below
            }
            String env = System.getenv("HOSTNAME");
            if (env == null || env.isBlank()) {
                env = System.getenv("COMPUTERNAME");
            }
            return env == null || env.isBlank() ? "localhost" : env.trim();
        }
    }

    /** {@link #IngestService(OrgConfig, IngestSettings, Map, Path, MeterRegistry)} with default settings. */
    public IngestService(OrgConfig config, Map<String, Object> kafka, Path workDir, MeterRegistry registry) {
        this(config, IngestSettings.defaults(), kafka, workDir, registry);
    }

    /**
     * Creates the topics if needed, reads the published state and opens the producers, once. Producer settings given
     * to the constructor win over the defaults ({@code enable.idempotence=true}, {@code acks=all},
     * {@code linger.ms=0}; the events' own batching: see {@link #EVENTS_LINGER_MS}; the events' and states'
     * {@code transactional.id} is {@code revchain-ingest-<instance>}, so a restart under the same instance name
     * aborts what its previous run left open and fences it).
     */
    private synchronized void open() {
        if (publisher != null) {
            return;
        }
        if (lifecycle.isClosing()) {
            throw new IllegalStateException("ingest is closed");
        }
        Map<String, Object> producer = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                producer.put(k, v);
            }
        });
        producer.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "revchain-ingest-" + instance);
        Map<String, Object> eventsProducer = new HashMap<>(producer);
        // A branch's events leave in large compressed batches: its transaction's commit sends at once whatever
        // lingers, so the linger costs a single commit no latency (a first scan: 5x fewer requests).
        eventsProducer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, EVENTS_LINGER_MS);
        eventsProducer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, EVENTS_BATCH_BYTES);
        eventsProducer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, EVENTS_COMPRESSION);
        eventsProducer.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "revchain-ingest-" + instance);
        eventsProducer.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (settings.createTopics()) {
            Map<String, Object> admin = new HashMap<>();
            kafka.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    admin.put(k, v);
                }
            });
            try (Admin a = Admin.create(admin)) {
                Topics.create(a, Optional.empty(), Optional.empty(), KAFKA_TIMEOUT);
            }
        }
        published.putAll(IngestStateReader.read(kafka, KAFKA_TIMEOUT));
        // a file whose event is over the record limit is published as an unparseable-file finding, never refused
        this.eventBytes =
                new EventSizeGuard(Topics.MIGRATION_EVENTS.valueSerde().serializer(), Topics.MAX_EVENT_BYTES);
        this.stateBytes = Topics.INGEST_STATE.valueSerde().serializer();
        Producer<String, byte[]> tx =
                new KafkaProducer<>(eventsProducer, new StringSerializer(), new ByteArraySerializer());
        try {
            tx.initTransactions();
        } catch (RuntimeException e) {
            tx.close(Duration.ZERO);
            throw e;
        }
        this.transactional = tx;
        this.deployments = new KafkaProducer<>(
                withClientId(producer, "revchain-ingest-deployments-" + instance),
                Topics.DEPLOYMENTS.keySerde().serializer(),
                Topics.DEPLOYMENTS.valueSerde().serializer());
        if (fleet) {
            this.triggers = new KafkaProducer<>(
                    withClientId(producer, "revchain-ingest-triggers-" + instance),
                    Topics.INGEST_TRIGGERS.keySerde().serializer(),
                    Topics.INGEST_TRIGGERS.valueSerde().serializer());
        }
        this.publisher = new TransactionalPublisher(
                        tx, fleet ? () -> groupMetadata : () -> null, instance, Duration.ofMillis(100))
                .beforeCommit(() -> tell(PollListener::committing));
    }

    @Override
    public String name() {
        return lifecycle.name();
    }

    @Override
    public ServiceState state() {
        ServiceState s = lifecycle.state();
        PollLoop<String, byte[]> m = membership;
        // the group membership's loop failing is the service failing
        if (m != null && s.phase() == ServiceState.Phase.RUNNING && m.state().phase() == ServiceState.Phase.FAILED) {
            return m.state();
        }
        PollLoop<String, byte[]> d = directory;
        if (d != null && s.phase() == ServiceState.Phase.RUNNING && d.state().phase() == ServiceState.Phase.FAILED) {
            return d.state();
        }
        return s;
    }

    /** This instance's name: its {@link #INSTANCE_HEADER}, client ids and (when configured) group instance id. */
    public String instance() {
        return instance;
    }

    /** Calls {@code listener} as each repository's poll begins and ends. */
    public IngestService onPoll(PollListener listener) {
        this.pollListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The repositories this instance owns and may poll now (fleet mode; every configured one otherwise). */
    public List<String> ownedRepositories() {
        if (!fleet) {
            return config.repositories().stream().map(RepositorySpec::id).toList();
        }
        synchronized (fleetLock) {
            return List.copyOf(ownership.pollable().keySet());
        }
    }

    /**
     * Calls {@code listener} with the report of each scheduled cycle, on the polling thread (a progress line, a
     * test); an exception it throws is unexpected and fails the service.
     */
    public IngestService onCycle(Consumer<CycleReport> listener) {
        this.onCycle = Objects.requireNonNull(listener, "listener");
        return this;
    }

    private static Map<String, Object> withClientId(Map<String, Object> props, String id) {
        Map<String, Object> copy = new HashMap<>(props);
        copy.put(ProducerConfig.CLIENT_ID_CONFIG, id);
        return copy;
    }

    /** The parse cache (its hit and miss counts). */
    public ScriptCache cache() {
        return cache;
    }

    /** The last committed commit of a branch, if any (connecting first, as {@link #pollOnce()} does). */
    public Optional<String> lastPublished(String repo, String branch) {
        open();
        return Optional.ofNullable(published.get(BranchKey.of(repo, branch)));
    }

    /** Polls every repository once, publishes what is new, and returns when its transactions are committed. */
    public synchronized CycleReport pollOnce() {
        return pollOnce(o -> {});
    }

    /** {@link #pollOnce()}, telling {@code progress} about each repository as soon as it is done (for a progress bar). */
    public synchronized CycleReport pollOnce(Consumer<CycleReport.RepoOutcome> progress) {
        if (fleet) {
            throw new IllegalStateException("a fleet ingest instance polls the repositories it owns once started");
        }
        open();
        long start = System.nanoTime();
        List<Future<CycleReport.RepoOutcome>> running = new ArrayList<>();
        for (RepositorySpec spec : config.repositories()) {
            running.add(pollers.submit(() -> {
                CycleReport.RepoOutcome o =
                        pollRepo(spec, () -> !lifecycle.isClosing(), TransactionalPublisher.Fence.ALWAYS);
                synchronized (progress) {
                    progress.accept(o);
                }
                return o;
            }));
        }
        List<CycleReport.RepoOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            RepositorySpec spec = config.repositories().get(i);
            try {
                outcomes.add(running.get(i).get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    // the JVM's own trouble (memory, stack) is no repository's: the service is not healthy
                    throw error;
                }
                if (e.getCause() instanceof ClientFailed fatal) {
                    throw fatal;
                }
                LOG.warn("{}: poll failed: {}", spec.id(), e.getCause().toString());
                outcomes.add(new CycleReport.RepoOutcome(
                        spec.id(), CycleReport.Status.FAILED, 0, 0, e.getCause().toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new CycleReport.RepoOutcome(spec.id(), CycleReport.Status.FAILED, 0, 0, "interrupted"));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        cycleTimer.record(took);
        int files = outcomes.stream().mapToInt(CycleReport.RepoOutcome::files).sum();
        int commits =
                outcomes.stream().mapToInt(CycleReport.RepoOutcome::commits).sum();
        return new CycleReport(outcomes, files, commits, took);
    }

    /**
     * Opens the clients, then polls now and then every {@link OrgConfig#interval()} until {@link #close()}.
     *
     * @throws IllegalStateException when started before, or closed
     */
    @Override
    public void start() {
        start(Duration.ZERO);
    }

    /** Polls every {@code interval}, the first time after {@code firstDelay} (after an initial scan done by hand). */
    public synchronized void start(Duration firstDelay) {
        lifecycle.starting();
        try {
            open();
        } catch (RuntimeException e) {
            lifecycle.failed(e);
            throw e;
        }
        if (fleet) {
            try {
                triggerConsumer = new KafkaConsumer<>(
                        plainConsumer("revchain-ingest-triggers-" + instance),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
                requireCoPartitioned(triggerConsumer);
                directory = new PollLoop<>(
                        "ingest-directory",
                        new KafkaConsumer<>(
                                plainConsumer("revchain-ingest-directory-" + instance),
                                new StringDeserializer(),
                                new ByteArrayDeserializer()),
                        Duration.ofMillis(200),
                        new Directory());
                directory.start();
                membership = new PollLoop<>(
                        "ingest-repositories",
                        new KafkaConsumer<>(
                                membershipConsumer(), new StringDeserializer(), new ByteArrayDeserializer()),
                        Duration.ofMillis(100),
                        new Membership());
                membership.start();
            } catch (RuntimeException e) {
                lifecycle.failed(e);
                throw e;
            }
            databases.start();
            lifecycle.running();
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revchain-ingest-poll");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                this::cycle, firstDelay.toMillis(), config.interval().toMillis(), TimeUnit.MILLISECONDS);
        databases.start();
        lifecycle.running();
    }

    private void cycle() {
        try {
            onCycle.accept(pollOnce());
        } catch (Throwable e) {
            // every expected failure is confined to its repository: this one is not, so polling stops for good
            if (lifecycle.failed(e)) {
                LOG.error("ingest stopped polling on an unexpected failure; the service is FAILED", e);
            }
            scheduler.shutdown();
        }
    }

    private CycleReport.RepoOutcome pollRepo(
            RepositorySpec spec, BooleanSupplier keepGoing, TransactionalPublisher.Fence fence) {
        try (MDC.MDCCloseable repo = MDC.putCloseable("repo", spec.id())) {
            tell(l -> l.started(spec.id()));
            CycleReport.RepoOutcome o = pollRepoInContext(spec, keepGoing, fence);
            tell(l -> l.finished(o));
            return o;
        }
    }

    private void tell(Consumer<PollListener> call) {
        try {
            call.accept(pollListener);
        } catch (RuntimeException e) {
            LOG.warn("a poll listener failed: {}", e.toString());
        }
    }

    private CycleReport.RepoOutcome pollRepoInContext(
            RepositorySpec spec, BooleanSupplier keepGoing, TransactionalPublisher.Fence fence) {
        Failures f = failures.get(spec.id());
        Instant now = Instant.now();
        if (f != null && now.isBefore(f.retryAt())) {
            return new CycleReport.RepoOutcome(
                    spec.id(), CycleReport.Status.BACKING_OFF, 0, 0, "next attempt at " + f.retryAt());
        }
        GitMirror mirror;
        try {
            // a repository with nothing published yet gets a first scan of its heads: no history is fetched
            String prefix = spec.id() + BranchKey.SEPARATOR;
            String next = published.ceilingKey(prefix);
            boolean firstScan = next == null || !next.startsWith(prefix);
            mirror = GitMirror.sync(
                    spec,
                    workDir,
                    settings.remoteTimeout(),
                    settings.env(),
                    remote,
                    new GitMirror.Options(firstScan, settings.localInPlace()));
        } catch (GitUnavailableException e) {
            return unavailable(spec, e.getMessage(), fence);
        } catch (RuntimeException e) {
            return unavailable(spec, e.toString(), fence);
        }
        try (mirror) {
            failures.remove(spec.id());
            int files = 0;
            int commits = 0;
            List<String> problems = new ArrayList<>();
            List<String> branches = spec.watched().branches();
            if (branches.isEmpty()) {
                Optional<String> def = mirror.defaultBranch();
                if (def.isEmpty() || mirror.head(def.get()).isEmpty()) {
                    return new CycleReport.RepoOutcome(
                            spec.id(),
                            CycleReport.Status.OK,
                            0,
                            0,
                            "the remote has no default branch with commits yet");
                }
                branches = List.of(def.get());
            }
            if (!spec.environments().isEmpty()) {
                try {
                    readVersionTables(spec, mirror, branches.get(0));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("{}: env.py not read at {}: {}", spec.id(), branches.get(0), e.toString());
                }
            }
            String target = Objects.requireNonNullElse(spec.candidates().target(), branches.get(0));
            List<String> excluded = new ArrayList<>(branches);
            excluded.add(target);
            Map<String, String> targets = new LinkedHashMap<>();
            branches.forEach(b -> targets.put(b, null));
            if (!spec.candidates().patterns().isEmpty()) {
                for (String c : CandidateRefs.select(spec.candidates().patterns(), mirror.refNames(), excluded)) {
                    targets.put(c, target);
                }
            }
            for (Map.Entry<String, String> watched : targets.entrySet()) {
                String branch = watched.getKey();
                if (!keepGoing.getAsBoolean()) {
                    problems.add("stopped before " + branch + ": no longer polled here");
                    break;
                }
                try {
                    int[] done = pollBranch(spec, mirror, branch, watched.getValue(), keepGoing, fence);
                    files += done[0];
                    commits += done[1];
                } catch (IOException | RuntimeException | ExecutionException e) {
                    if (KafkaErrors.fatal(e)) {
                        throw new ClientFailed(e, this);
                    }
                    LOG.warn("{}@{}: scan failed: {}", spec.id(), branch, e.toString());
                    problems.add(branch + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problems.add(branch + ": interrupted");
                    break;
                }
            }
            return new CycleReport.RepoOutcome(
                    spec.id(),
                    problems.isEmpty() ? CycleReport.Status.OK : CycleReport.Status.FAILED,
                    files,
                    commits,
                    String.join("; ", problems));
        } catch (IOException e) {
            return new CycleReport.RepoOutcome(spec.id(), CycleReport.Status.FAILED, 0, 0, e.toString());
        }
    }

    /**
     * Reads each chain's {@code env.py} at {@code branch}'s head, where Alembic's layout keeps it
     * ({@link EnvPyVersionTable#candidates}), unless that commit was read already.
     */
    private void readVersionTables(RepositorySpec spec, GitMirror mirror, String branch) throws IOException {
        Optional<ObjectId> head = mirror.head(branch);
        CodeVersionTables known = versionTables.get(spec.id());
        if (head.isEmpty() || known != null && known.commit().equals(head.get().name())) {
            return;
        }
        Map<String, EnvPyVersionTable> chains = new LinkedHashMap<>();
        try (RepoScanner scanner = new RepoScanner(mirror.repository())) {
            RevCommit commit = scanner.commit(head.get());
            LayoutResolver.Resolved resolved =
                    scanner.layout(commit, spec.watched().paths());
            List<Layout.Chain> layout = resolved.layout().chains();
            for (int i = 0; i < layout.size(); i++) {
                Layout.Chain c = layout.get(i);
                // the plans are the chains in order, but for folders named in revchain.yaml, which have none
                String location = resolved.plans().size() == layout.size()
                        ? resolved.plans().get(i).location()
                        : null;
                EnvPyVersionTable table = EnvPyVersionTable.NONE;
                for (String candidate : EnvPyVersionTable.candidates(location, c.versionLocations())) {
                    Optional<byte[]> bytes = scanner.file(commit, candidate, EnvPyVersionTable.MAX_BYTES);
                    if (bytes.isPresent()) {
                        table = EnvPyVersionTable.read(candidate, new String(bytes.get(), StandardCharsets.UTF_8));
                        break;
                    }
                }
                chains.put(c.name(), table);
            }
        }
        CodeVersionTables read = new CodeVersionTables(head.get().name(), chains);
        versionTables.put(spec.id(), read);
        if (known == null || !known.chains().equals(read.chains())) {
            read.notes().forEach(n -> LOG.warn("{}: {}", spec.id(), n));
            LOG.info("{}: version tables from env.py at {}: {}", spec.id(), branch, describe(read));
        }
    }

    private static String describe(CodeVersionTables t) {
        List<String> parts = new ArrayList<>();
        t.chains()
                .forEach((chain, env) -> parts.add(chain + " "
                        + (env.table() == null && env.schema() == null
                                ? "(none: alembic_version)"
                                : VersionTable.DEFAULT
                                        .with(env.schema(), env.table())
                                        .label())));
        return parts.isEmpty() ? "no chain" : String.join(", ", parts);
    }

    private CycleReport.RepoOutcome unavailable(
            RepositorySpec spec, String reason, TransactionalPublisher.Fence fence) {
        Failures prev = failures.get(spec.id());
        int attempt = prev == null ? 1 : prev.count() + 1;
        Instant now = Instant.now();
        failures.put(spec.id(), new Failures(attempt, settings.backoff().nextAttempt(now, attempt)));
        unavailableCounter.increment();
        LOG.warn("{}: unavailable (attempt {}): {}", spec.id(), attempt, reason);
        try {
            String topic = Topics.MIGRATION_EVENTS.name();
            MigrationEvent event =
                    EventBuilder.unavailable(spec.id(), spec.remote().url(), reason, attempt, Instant.now());
            publisher
                    .publish(new TransactionalPublisher.Publication(
                            spec.id(), List.of(record(topic, spec.id(), eventBytes.serialize(topic, event))), fence))
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (KafkaErrors.fatal(e) || publisher.failure() != null) {
                throw new ClientFailed(e, this);
            }
            LOG.warn("{}: could not publish RepoUnavailable: {}", spec.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new CycleReport.RepoOutcome(spec.id(), CycleReport.Status.UNAVAILABLE, 0, 0, reason);
    }

    /**
     * Returns {files, commits} acknowledged. A candidate ({@code target} set) is published like a branch, its
     * markers naming the target, the merge base with the target's head and the merge base's migration files.
     */
    private int[] pollBranch(
            RepositorySpec spec,
            GitMirror mirror,
            String branch,
            String target,
            BooleanSupplier keepGoing,
            TransactionalPublisher.Fence fence)
            throws IOException, ExecutionException, InterruptedException {
        Optional<ObjectId> headId = mirror.head(branch);
        if (headId.isEmpty()) {
            throw new IOException("branch '" + branch + "' does not exist on the remote");
        }
        String key = BranchKey.of(spec.id(), branch);
        String last = published.get(key);
        EventBuilder build = new EventBuilder(spec.id(), branch);
        Batch batch = new Batch();
        if (target != null) {
            Optional<ObjectId> targetHead = mirror.head(target);
            if (targetHead.isEmpty()) {
                throw new IOException(
                        "candidate '" + branch + "': its target branch '" + target + "' does not exist on the remote");
            }
            batch.candidate =
                    new CandidateOf(target, targetHead.get(), spec.watched().paths());
        }
        try (RepoScanner scanner = new RepoScanner(mirror.repository())) {
            RevCommit head = scanner.commit(headId.get());
            Optional<List<RevCommit>> chain =
                    last == null || last.equals(head.name()) ? Optional.of(List.of()) : scanner.newCommits(last, head);
            ScanPlanner.Mode mode = ScanPlanner.decide(
                    last, head.name(), chain.isPresent(), chain.map(List::size).orElse(0), settings.maxDeltaCommits());
            if (mode == ScanPlanner.Mode.UP_TO_DATE) {
                return new int[] {0, 0};
            }
            if (mode.full()) {
                if (mode == ScanPlanner.Mode.FULL_AFTER_REWRITE) {
                    LOG.info("{}: {} is no longer an ancestor of {}: full re-scan", key, last, head.name());
                }
                Layout layout = scanner.layout(head, spec.watched().paths()).layout();
                send(batch, build, scanner, head, layout, scanner.fullScan(head, layout), true, true);
            } else {
                RevCommit base = scanner.commit(ObjectId.fromString(last));
                Layout layout = scanner.layout(base, spec.watched().paths()).layout();
                List<RevCommit> commits = chain.get();
                for (int i = 0; i < commits.size(); i++) {
                    if (!keepGoing.getAsBoolean()) {
                        // abandoned at a commit boundary: what was built is committed below (unless the repository
                        // was lost), and the next owner resumes after it
                        LOG.info("{}: stopped after {} of {} commits: no longer polled here", key, i, commits.size());
                        break;
                    }
                    RevCommit c = commits.get(i);
                    // the head's marker tells the analyzer which commit its report describes
                    boolean marker = i == commits.size() - 1;
                    // a new file_template or release alone needs no marker of its own: every marker names the rules
                    List<TreeChange> changes = scanner.diff(base, c);
                    List<String> touched =
                            changes.stream().flatMap(t -> t.paths().stream()).toList();
                    if (layout.mayChange(touched)) {
                        Layout next = scanner.layout(c, spec.watched().paths()).layout();
                        // a file that changes chain is re-sent under its new one: a delta would keep the old
                        boolean moved = !next.sameFiles(layout);
                        layout = next;
                        if (moved) {
                            send(batch, build, scanner, c, layout, scanner.fullScan(c, layout), true, true);
                            base = c;
                            continue;
                        }
                    }
                    send(batch, build, scanner, c, layout, ChangeClassifier.classify(changes, layout), false, marker);
                    base = c;
                }
            }
        }
        return batch.publish(key, fence);
    }

    /**
     * The records of one branch's poll, in order: each commit's events and marker. Published as one transaction
     * with the state of the last commit, so the state is never read without the events it stands for.
     */
    private final class Batch {
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        final List<Integer> filesPerCommit = new ArrayList<>();
        IngestState lastState;
        /** Set for a candidate branch. */
        CandidateOf candidate;

        /** Commits the poll; returns {files, commits} published ({0, 0} when the repository was lost meanwhile). */
        int[] publish(String key, TransactionalPublisher.Fence fence) throws ExecutionException, InterruptedException {
            if (lastState == null) {
                return new int[] {0, 0};
            }
            String topic = Topics.INGEST_STATE.name();
            records.add(record(topic, lastState.key(), stateBytes.serialize(topic, lastState)));
            tell(l -> l.publishing(key));
            try {
                publisher
                        .publish(new TransactionalPublisher.Publication(key, records, fence))
                        .get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TransactionalPublisher.Dropped dropped) {
                    LOG.info("{}", dropped.getMessage());
                    return new int[] {0, 0};
                }
                if (publisher.failure() != null) {
                    // nothing can be published any more: the service, not this repository, has failed
                    throw new ClientFailed(publisher.failure(), IngestService.this);
                }
                LOG.warn("{}: the poll's transaction was not committed; it is done again next cycle", key);
                throw e;
            }
            published.put(key, lastState.commit());
            int files = filesPerCommit.stream().mapToInt(Integer::intValue).sum();
            filesCounter.increment(files);
            commitsCounter.increment(filesPerCommit.size());
            return new int[] {files, filesPerCommit.size()};
        }
    }

    /** What a candidate's markers are computed against. */
    private record CandidateOf(String target, ObjectId targetHead, List<String> paths) {}

    /** The candidate marker of commit {@code c}: target, merge base and the merge base's files (path → blob). */
    private static CommitScanned asCandidate(CommitScanned marker, CandidateOf of, RepoScanner scanner, RevCommit c)
            throws IOException {
        Optional<RevCommit> base = scanner.mergeBase(c, of.targetHead());
        if (base.isEmpty()) {
            // no shared history: everything on the candidate is its own change
            return marker.asCandidate(of.target(), ObjectId.zeroId().name(), Map.of());
        }
        Layout layout = scanner.layout(base.get(), of.paths()).layout();
        Map<String, String> files = new TreeMap<>();
        for (FileDelta d : scanner.fullScan(base.get(), layout)) {
            files.put(d.path(), d.blob());
        }
        return marker.asCandidate(of.target(), base.get().name(), files);
    }

    private void send(
            Batch batch,
            EventBuilder build,
            RepoScanner scanner,
            RevCommit c,
            Layout layout,
            List<FileDelta> deltas,
            boolean full,
            boolean markerEvenIfEmpty)
            throws IOException {
        if (deltas.isEmpty() && !markerEvenIfEmpty) {
            return;
        }
        Instant committedAt = Instant.ofEpochSecond(c.getCommitTime());
        String topic = Topics.MIGRATION_EVENTS.name();
        String repo = build.repo();
        for (FileDelta d : deltas) {
            var script = d.blob() == null ? null : cache.get(d.blob(), d.path(), scanner::read);
            // a constant's value depends on other files of the commit, so it is resolved after the per-blob cache
            script = scanner.resolveConstants(c, script, d.blob());
            FileChanged event = build.fileChanged(c.name(), committedAt, d, script, layout, Instant.now());
            if (d.blob() != null) {
                // what the analyzer compares with the body an environment applied
                event = event.withBody(cache.body(d.blob(), scanner::read))
                        // the file's own suppression comments, so a report suppresses what revchain check does
                        .withSuppressions(cache.directives(d.blob(), d.path(), scanner::read));
            }
            // serialized on the polling thread: the publisher's one thread only sends
            batch.records.add(record(topic, repo, eventBytes.serialize(topic, event)));
        }
        Instant scannedAt = Instant.now();
        CommitScanned marker = build.marker(c.name(), deltas.size(), full, layout, scannedAt, Instant.now());
        if (batch.candidate != null) {
            marker = asCandidate(marker, batch.candidate, scanner, c);
        }
        batch.records.add(record(topic, repo, eventBytes.serialize(topic, marker)));
        batch.lastState = build.state(c.name(), Instant.now());
        batch.filesPerCommit.add(deltas.size());
    }

    /** A record of this instance: its {@link #INSTANCE_HEADER} says who published it. */
    private <V> ProducerRecord<String, V> record(String topic, String key, V value) {
        return new ProducerRecord<>(topic, null, key, value, instanceHeaders);
    }

    /**
     * Stops polling (in fleet mode: every poll in flight ends at its next commit boundary and is waited for), then
     * flushes and closes the producers, and only then leaves the group, so the next owner of a repository starts
     * after this instance's last event of it; a second call does nothing.
     */
    @Override
    public void close() {
        if (!lifecycle.closing()) {
            return;
        }
        List<Running> inFlight;
        synchronized (fleetLock) {
            inFlight = List.copyOf(running.values());
            inFlight.forEach(r -> r.stop().set(true));
        }
        await(inFlight, KAFKA_TIMEOUT);
        databases.close();
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdown();
            }
        }
        try {
            if (scheduler != null && !scheduler.awaitTermination(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollers.shutdownNow();
        remote.shutdownNow();
        synchronized (this) {
            if (publisher != null) {
                // a producer that can no longer publish has nothing to flush: waiting for it only delays the exit
                Duration wait = clientFailed ? Duration.ZERO : KAFKA_TIMEOUT;
                publisher.close(wait);
                transactional.close(wait);
            }
            if (triggers != null) {
                triggers.close(clientFailed ? Duration.ZERO : KAFKA_TIMEOUT);
            }
            if (deployments != null) {
                deployments.close(clientFailed ? Duration.ZERO : KAFKA_TIMEOUT);
            }
        }
        if (membership != null) {
            membership.close();
        }
        if (directory != null) {
            directory.close();
        }
        if (triggerConsumer != null) {
            try {
                triggerConsumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // the membership's thread did not end in time and still holds it: the process is stopping anyway
                LOG.debug("closing the trigger consumer: {}", e.toString());
            }
        }
    }

    /**
     * Serves push webhooks on {@code routes} ({@code POST /webhooks/github|gitlab|gitea|forgejo}, bodies up to
     * {@link #WEBHOOK_MAX_BYTES}): a verified push for a watched repository and branch becomes a
     * {@link PushTrigger} on {@code revchain.ingest-triggers}, and the instance that owns the repository polls it at
     * once. Call before {@link #start()} on a fleet instance; the request never waits for git.
     */
    public IngestService webhooks(HttpRoutes routes) {
        return webhooks(routes, WEBHOOK_MAX_BYTES);
    }

    /** {@link #webhooks(HttpRoutes)} accepting bodies up to {@code maxBytes}. */
    public IngestService webhooks(HttpRoutes routes, int maxBytes) {
        if (!fleet) {
            throw new IllegalStateException("webhooks are served by a fleet ingest instance (IngestService.fleet)");
        }
        routes.route(
                WebhookEndpoint.PATH,
                new WebhookEndpoint(
                        key -> Optional.ofNullable(directoryByRemote.get(key)).map(directoryById::get),
                        settings.env()::get,
                        endpointDeliveries,
                        this::publishTrigger,
                        maxBytes));
        return this;
    }

    private void publishTrigger(PushTrigger t) {
        Producer<String, PushTrigger> p = triggers;
        if (p == null) {
            LOG.warn("push to {}@{} not forwarded: ingest is not started", t.repo(), t.branch());
            return;
        }
        // asynchronous: the webhook is answered at once; a lost trigger leaves the repository to its poll
        p.send(record(Topics.INGEST_TRIGGERS.name(), t.repo(), t), (md, e) -> {
            if (e != null) {
                LOG.warn("push to {}@{} not forwarded: {}", t.repo(), t.branch(), e.toString());
            }
        });
    }

    /** A consumer of no group: assigned by hand, nothing committed. */
    private Map<String, Object> plainConsumer(String clientId) {
        Map<String, Object> c = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return c;
    }

    /** A push reaches its owner only when both topics have the same partitions (see {@link Topics#INGEST_TRIGGERS}). */
    private static void requireCoPartitioned(KafkaConsumer<String, byte[]> c) {
        int repos = c.partitionsFor(Topics.REPOSITORIES.name(), KAFKA_TIMEOUT).size();
        int pushes =
                c.partitionsFor(Topics.INGEST_TRIGGERS.name(), KAFKA_TIMEOUT).size();
        if (repos == 0 || repos != pushes) {
            throw new IllegalStateException(Topics.INGEST_TRIGGERS.name() + " has " + pushes + " partitions and "
                    + Topics.REPOSITORIES.name() + " " + repos + ": they must have the same number (and more than "
                    + "none), since a push is read by the instance owning its repository's partition number");
        }
    }

    /** Every repository of the topic, for the webhook endpoint to know whom a push names and its secret. */
    private final class Directory implements PollLoop.Work<String, byte[]> {
        @Override
        public void open(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c) {
            List<TopicPartition> parts = c.partitionsFor(Topics.REPOSITORIES.name(), KAFKA_TIMEOUT).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
        }

        @Override
        public void record(ConsumerRecord<String, byte[]> r) {
            if (r.key() == null) {
                return;
            }
            RepositoryRecord before = directoryById.get(r.key());
            RepositoryRecord now = null;
            if (r.value() != null) {
                try {
                    now = Topics.REPOSITORIES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                } catch (RuntimeException e) {
                    return;
                }
            }
            if (before != null) {
                directoryByRemote.remove(RemoteKey.of(before.url()), r.key());
            }
            if (now == null) {
                directoryById.remove(r.key());
            } else {
                directoryById.put(r.key(), now);
                directoryByRemote.put(RemoteKey.of(now.url()), r.key());
            }
        }
    }

    private static boolean await(List<Running> polls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Running r : polls) {
                if (!r.done().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The ingest group's consumer of {@code revchain.repositories}: cooperative-sticky, static when named. */
    private Map<String, Object> membershipConsumer() {
        Map<String, Object> c = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase(Locale.ROOT));
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "revchain-ingest-repositories-" + instance);
        if (settings.instanceId() != null) {
            c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        } else {
            c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return c;
    }

    /**
     * The group membership, on the consumer's thread: assignments and revocations change {@link #ownership},
     * records add, edit and remove repositories, and after each poll the repositories due are handed to the
     * pollers, at most {@link #POLL_THREADS} at once.
     */
    private final class Membership implements PollLoop.Work<String, byte[]>, ConsumerRebalanceListener {
        private org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
        private final Map<TopicPartition, Long> loadingEnds = new HashMap<>();

        @Override
        public void open(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c) {
            this.consumer = c;
            c.subscribe(List.of(Topics.REPOSITORIES.name()), this);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            synchronized (fleetLock) {
                ownership.assigned(
                        partitions.stream().map(TopicPartition::partition).toList());
            }
            groupMetadata = consumer.groupMetadata();
            consumer.seekToBeginning(partitions);
            loadingEnds.putAll(consumer.endOffsets(partitions, KAFKA_TIMEOUT));
            // a transaction of the previous owner still holding offsets of these partitions ends (committed or
            // aborted) before this read of the group's offsets returns: only then is its state final
            try {
                consumer.committed(Set.copyOf(partitions), TRANSACTION_TIMEOUT.plus(KAFKA_TIMEOUT));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn(
                        "ingest {}: a previous owner's transaction on {} did not end in time; resuming from the "
                                + "state published so far",
                        instance,
                        partitions);
            }
            // the previous owner finished (or abandoned) its polls before giving these up: its last states are
            // in the topic now, and they are where its repositories resume
            refreshPublished();
            reassignTriggers();
            LOG.info("ingest {}: assigned {} of {}", instance, partitions, Topics.REPOSITORIES.name());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // the generation that revokes them: the polls finishing below commit under it
            groupMetadata = consumer.groupMetadata();
            if (!partitions.isEmpty()) {
                LOG.info("ingest {}: revoked {}", instance, partitions);
                giveUp(partitions, false);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.warn("ingest {}: lost {} (its session expired)", instance, partitions);
                giveUp(partitions, true);
            }
            groupMetadata = consumer.groupMetadata();
        }

        /** {@code lost}: another instance may own them already, so the polls in flight commit nothing more. */
        private void giveUp(Collection<TopicPartition> partitions, boolean lost) {
            List<Running> stopping = new ArrayList<>();
            synchronized (fleetLock) {
                for (String repo : ownership.revoked(
                        partitions.stream().map(TopicPartition::partition).toList())) {
                    schedule.remove(repo);
                    Running r = running.get(repo);
                    if (r != null) {
                        // lost before stop: a publisher that sees a newer generation sees the mark too
                        if (lost) {
                            r.lost().set(true);
                        }
                        r.stop().set(true);
                        stopping.add(r);
                    }
                }
                owned = ownership.pollable().size();
            }
            partitions.forEach(loadingEnds::remove);
            reassignTriggers();
            if (!await(stopping, REVOKE_WAIT)) {
                LOG.error("ingest {}: a poll of a revoked repository did not end within {}", instance, REVOKE_WAIT);
            }
        }

        @Override
        public void record(ConsumerRecord<String, byte[]> r) {
            if (r.key() == null) {
                return;
            }
            RepositorySpec spec = null;
            if (r.value() != null) {
                try {
                    spec = Topics.REPOSITORIES
                            .valueSerde()
                            .deserializer()
                            .deserialize(r.topic(), r.value())
                            .spec();
                } catch (RuntimeException e) {
                    // the record cannot say what to poll: the repository keeps its last readable configuration
                    LOG.warn(
                            "{}: unreadable record for '{}' at offset {} ignored: {}",
                            Topics.REPOSITORIES.name(),
                            r.key(),
                            r.offset(),
                            e.getMessage());
                    return;
                }
                if (!spec.id().equals(r.key())) {
                    LOG.warn(
                            "{}: record keyed '{}' configures '{}'; ignored",
                            Topics.REPOSITORIES.name(),
                            r.key(),
                            spec.id());
                    return;
                }
            }
            Instant now = Instant.now();
            synchronized (fleetLock) {
                switch (ownership.record(r.partition(), r.key(), spec)) {
                    case ADDED -> schedule.due(r.key(), now);
                    // an edit applies at once, after the poll in flight if there is one
                    case EDITED -> schedule.trigger(r.key(), now);
                    case REMOVED -> {
                        schedule.remove(r.key());
                        versionTables.remove(r.key());
                        Running run = running.get(r.key());
                        if (run != null) {
                            run.stop().set(true);
                        }
                        LOG.info("ingest {}: {} removed; no longer polled", instance, r.key());
                    }
                    case UNCHANGED, IGNORED -> {}
                }
            }
        }

        @Override
        public void polled(
                org.apache.kafka.clients.consumer.Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
            groupMetadata = c.groupMetadata();
            for (var it = loadingEnds.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (c.position(e.getKey()) >= e.getValue()) {
                    synchronized (fleetLock) {
                        ownership.caughtUp(e.getKey().partition());
                    }
                    it.remove();
                }
            }
            if (!triggerConsumer.assignment().isEmpty()) {
                for (ConsumerRecord<String, byte[]> t : triggerConsumer.poll(Duration.ZERO)) {
                    trigger(t);
                }
            }
            dispatch();
            tell(PollListener::groupPolled);
        }

        /** The trigger partitions with the numbers of the repositories partitions owned, new ones from their end. */
        private void reassignTriggers() {
            Set<Integer> parts;
            synchronized (fleetLock) {
                parts = ownership.partitions();
            }
            Set<TopicPartition> before = triggerConsumer.assignment();
            List<TopicPartition> now = parts.stream()
                    .map(p -> new TopicPartition(Topics.INGEST_TRIGGERS.name(), p))
                    .toList();
            triggerConsumer.assign(now);
            // an older push is moot: a repository newly owned is polled at once anyway
            triggerConsumer.seekToEnd(
                    now.stream().filter(tp -> !before.contains(tp)).toList());
        }

        private void trigger(ConsumerRecord<String, byte[]> r) {
            if (r.key() == null || r.value() == null) {
                return;
            }
            PushTrigger t;
            try {
                t = Topics.INGEST_TRIGGERS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                LOG.warn("{}: unreadable trigger at offset {} ignored", Topics.INGEST_TRIGGERS.name(), r.offset());
                return;
            }
            if (t.delivery() != null && !triggerDeliveries.firstTime(t.forge() + ":" + t.delivery())) {
                return;
            }
            synchronized (fleetLock) {
                if (ownership.pollable(t.repo()) && schedule.trigger(t.repo(), Instant.now())) {
                    triggerCounter.increment();
                    LOG.info("ingest {}: push to {}@{} ({}): polling now", instance, t.repo(), t.branch(), t.forge());
                }
            }
        }
    }

    /** Hands the repositories due to the pollers, each at most once at a time. */
    private void dispatch() {
        synchronized (fleetLock) {
            // under the lock: close() stops every poll registered before it, and none starts after
            if (lifecycle.isClosing() || lifecycle.state().phase() == ServiceState.Phase.FAILED) {
                return;
            }
            owned = ownership.pollable().size();
            for (String repo : schedule.dueAt(Instant.now())) {
                if (running.size() >= POLL_THREADS) {
                    // the rest wait their turn here, where a push can still move them to the front
                    break;
                }
                if (!ownership.pollable(repo)) {
                    continue;
                }
                Running run = new Running();
                schedule.started(repo);
                running.put(repo, run);
                pollers.execute(() -> pollOwned(repo, run));
            }
        }
    }

    private void pollOwned(String repo, Running run) {
        try {
            RepositorySpec spec;
            OptionalInt partition;
            synchronized (fleetLock) {
                spec = run.stop().get() ? null : ownership.spec(repo).orElse(null);
                partition = ownership.partitionOf(repo);
            }
            if (spec != null && partition.isPresent()) {
                TransactionalPublisher.Fence fence = new TransactionalPublisher.Fence() {
                    @Override
                    public boolean held() {
                        return !run.lost().get();
                    }

                    @Override
                    public OptionalInt partition() {
                        return partition;
                    }
                };
                pollRepo(spec, () -> !run.stop().get() && !lifecycle.isClosing(), fence);
            }
        } catch (Throwable e) {
            // an Error or a producer that can no longer publish: this instance can poll nothing
            if (lifecycle.failed(e)) {
                LOG.error("ingest {} stopped polling on an unexpected failure; the service is FAILED", instance, e);
            }
        } finally {
            synchronized (fleetLock) {
                schedule.finished(repo, Instant.now());
                running.remove(repo);
            }
            run.done().countDown();
        }
    }

    /**
     * Reads {@code revchain.ingest-state} again: the branches of repositories not being polled here take what it
     * says (a repository just assigned resumes after its previous owner's last commit).
     */
    private void refreshPublished() {
        Map<String, String> fresh = IngestStateReader.read(kafka, KAFKA_TIMEOUT);
        Set<String> keys = new HashSet<>(published.keySet());
        keys.addAll(fresh.keySet());
        for (String key : keys) {
            if (running.containsKey(BranchKey.parse(key).repo())) {
                continue;
            }
            String commit = fresh.get(key);
            if (commit == null) {
                published.remove(key);
            } else {
                published.put(key, commit);
            }
        }
    }

    /** A Kafka client of ingest can no longer publish ({@link KafkaErrors#fatal}): no repository can be polled. */
    static final class ClientFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientFailed(Throwable cause, IngestService service) {
            super(message(cause, service.instance), cause);
            service.clientFailed = true;
        }

        private static String message(Throwable cause, String instance) {
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                    // the one way to be fenced by transactional id: two processes under one instance name
                    return "a Kafka producer can no longer publish: another ingest instance started under the name '"
                            + instance + "' (transactional id revchain-ingest-" + instance + ") and took over; "
                            + "give each instance its own REVCHAIN_INSTANCE_ID (unset, the name comes from the host and "
                            + "the work directory, so also its own --work-dir) (" + cause + ")";
                }
            }
            return "a Kafka producer can no longer publish: " + cause;
        }
    }
}
