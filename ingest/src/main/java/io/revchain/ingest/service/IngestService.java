package io.revchain.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.BranchKey;
import io.revchain.event.CommitScanned;
import io.revchain.event.IngestState;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.git.GitMirror;
import io.revchain.git.GitUnavailableException;
import io.revchain.git.RepoScanner;
import io.revchain.git.ScriptCache;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.TreeChange;
import io.revchain.ingest.plan.CandidateRefs;
import io.revchain.ingest.plan.ChangeClassifier;
import io.revchain.ingest.plan.EventBuilder;
import io.revchain.ingest.plan.ScanPlanner;
import io.revchain.runtime.KafkaErrors;
import io.revchain.runtime.Lifecycle;
import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * <p>Delivery: the producer is idempotent with {@code acks=all} (and {@code linger.ms=0} unless configured), so a
 * repository's events stay in order. Once a commit's marker is acknowledged (never before: a state that overtook
 * its events would make a crash skip them), the branch's {@link IngestState} goes to the compacted
 * {@code revchain.ingest-state} topic; a restarted service reads that topic to its end and resumes after the last
 * acknowledged commit. A crash between a marker and its state record re-sends the commits after the last stored
 * state (at-least-once; a replayed commit carries the same content).
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

    /** Repositories polled at once. */
    static final int POLL_THREADS = 4;

    private final OrgConfig config;
    private final IngestSettings settings;
    private final Path workDir;
    private final ScriptCache cache;
    private final Map<String, Object> kafka;
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final Lifecycle lifecycle = new Lifecycle("ingest");
    private volatile boolean clientFailed;
    private volatile Consumer<CycleReport> onCycle = r -> {};
    private Producer<String, MigrationEvent> events;
    private Producer<String, IngestState> states;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final ExecutorService remote;
    private final ExecutorService pollers;
    private final Counter filesCounter;
    private final Counter commitsCounter;
    private final Counter unavailableCounter;
    private final Timer cycleTimer;
    private ScheduledExecutorService scheduler;

    private record Failures(int count, Instant retryAt) {}

    /**
     * A service on these settings; connects to nothing until {@link #start()} or {@link #pollOnce()}.
     *
     * @param config   the organisation's repositories
     * @param settings timeouts, backoff, cache size, environment
     * @param kafka    client settings ({@code bootstrap.servers} at least); producer settings given here win over
     *                 the defaults ({@code enable.idempotence=true}, {@code acks=all}, {@code linger.ms=0})
     * @param workDir  where the bare clones live (kept between runs)
     * @param registry where the meters go
     */
    public IngestService(
            OrgConfig config,
            IngestSettings settings,
            Map<String, Object> kafka,
            Path workDir,
            MeterRegistry registry) {
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
    }

    /** {@link #IngestService(OrgConfig, IngestSettings, Map, Path, MeterRegistry)} with default settings. */
    public IngestService(OrgConfig config, Map<String, Object> kafka, Path workDir, MeterRegistry registry) {
        this(config, IngestSettings.defaults(), kafka, workDir, registry);
    }

    /**
     * Creates the topics if needed, reads the published state and opens the producers, once. Producer settings given
     * to the constructor win over the defaults ({@code enable.idempotence=true}, {@code acks=all},
     * {@code linger.ms=0}).
     */
    private synchronized void open() {
        if (events != null) {
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
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "revchain-ingest");
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
        Producer<String, MigrationEvent> e = new KafkaProducer<>(
                producer,
                Topics.MIGRATION_EVENTS.keySerde().serializer(),
                new EventSizeGuard(Topics.MIGRATION_EVENTS.valueSerde().serializer(), Topics.MAX_EVENT_BYTES));
        this.states = new KafkaProducer<>(
                withClientId(producer, "revchain-ingest-state"),
                Topics.INGEST_STATE.keySerde().serializer(),
                Topics.INGEST_STATE.valueSerde().serializer());
        this.events = e;
    }

    @Override
    public String name() {
        return lifecycle.name();
    }

    @Override
    public ServiceState state() {
        return lifecycle.state();
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

    /** The last acknowledged commit of a branch, if any (connecting first, as {@link #pollOnce()} does). */
    public Optional<String> lastPublished(String repo, String branch) {
        open();
        return Optional.ofNullable(published.get(BranchKey.of(repo, branch)));
    }

    /** Polls every repository once, publishes what is new, and returns when the broker acknowledged it. */
    public synchronized CycleReport pollOnce() {
        return pollOnce(o -> {});
    }

    /** {@link #pollOnce()}, telling {@code progress} about each repository as soon as it is done (for a progress bar). */
    public synchronized CycleReport pollOnce(Consumer<CycleReport.RepoOutcome> progress) {
        open();
        long start = System.nanoTime();
        List<Future<CycleReport.RepoOutcome>> running = new ArrayList<>();
        for (RepositorySpec spec : config.repositories()) {
            running.add(pollers.submit(() -> {
                CycleReport.RepoOutcome o = pollRepo(spec);
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
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revchain-ingest-poll");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                this::cycle, firstDelay.toMillis(), config.interval().toMillis(), TimeUnit.MILLISECONDS);
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

    private CycleReport.RepoOutcome pollRepo(RepositorySpec spec) {
        try (MDC.MDCCloseable repo = MDC.putCloseable("repo", spec.id())) {
            return pollRepoInContext(spec);
        }
    }

    private CycleReport.RepoOutcome pollRepoInContext(RepositorySpec spec) {
        Failures f = failures.get(spec.id());
        Instant now = Instant.now();
        if (f != null && now.isBefore(f.retryAt())) {
            return new CycleReport.RepoOutcome(
                    spec.id(), CycleReport.Status.BACKING_OFF, 0, 0, "next attempt at " + f.retryAt());
        }
        GitMirror mirror;
        try {
            mirror = GitMirror.sync(spec, workDir, settings.remoteTimeout(), settings.env(), remote);
        } catch (GitUnavailableException e) {
            return unavailable(spec, e.getMessage());
        } catch (RuntimeException e) {
            return unavailable(spec, e.toString());
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
                try {
                    int[] done = pollBranch(spec, mirror, branch, watched.getValue());
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

    private CycleReport.RepoOutcome unavailable(RepositorySpec spec, String reason) {
        Failures prev = failures.get(spec.id());
        int attempt = prev == null ? 1 : prev.count() + 1;
        Instant now = Instant.now();
        failures.put(spec.id(), new Failures(attempt, settings.backoff().nextAttempt(now, attempt)));
        unavailableCounter.increment();
        LOG.warn("{}: unavailable (attempt {}): {}", spec.id(), attempt, reason);
        try {
            events.send(new ProducerRecord<>(
                            Topics.MIGRATION_EVENTS.name(),
                            spec.id(),
                            EventBuilder.unavailable(spec.id(), spec.remote().url(), reason, attempt, Instant.now())))
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (KafkaErrors.fatal(e)) {
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
    private int[] pollBranch(RepositorySpec spec, GitMirror mirror, String branch, String target)
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
        return batch.await(key);
    }

    /**
     * The sends of one branch, in order, with the state record each commit stands for. A commit's state is sent
     * only once its marker (and so, on the same partition, every earlier event of the repository) is acknowledged:
     * the two producers are independent, and a state that overtook its events would make a crash skip them.
     */
    private final class Batch {
        final List<Future<RecordMetadata>> fileSends = new ArrayList<>();
        final List<Future<RecordMetadata>> markerSends = new ArrayList<>();
        final List<IngestState> stateRecords = new ArrayList<>();
        final List<Integer> filesPerCommit = new ArrayList<>();
        /** Set for a candidate branch. */
        CandidateOf candidate;

        /** Waits for every send; records the last commit whose marker and state were both acknowledged. */
        int[] await(String key) throws ExecutionException, InterruptedException {
            events.flush();
            List<Future<RecordMetadata>> stateSends = new ArrayList<>();
            ExecutionException refused = null;
            int fileIndex = 0;
            for (int i = 0; i < stateRecords.size() && refused == null; i++) {
                try {
                    for (int j = 0; j < filesPerCommit.get(i); j++) {
                        fileSends.get(fileIndex++).get();
                    }
                    markerSends.get(i).get();
                } catch (ExecutionException e) {
                    refused = e;
                    break;
                }
                IngestState st = stateRecords.get(i);
                stateSends.add(states.send(new ProducerRecord<>(Topics.INGEST_STATE.name(), st.key(), st)));
            }
            states.flush();
            int files = 0;
            int commits = 0;
            try {
                for (int i = 0; i < stateSends.size(); i++) {
                    stateSends.get(i).get();
                    published.put(key, stateRecords.get(i).commit());
                    files += filesPerCommit.get(i);
                    commits++;
                    filesCounter.increment(filesPerCommit.get(i));
                    commitsCounter.increment();
                }
            } catch (ExecutionException e) {
                refused = e;
            }
            if (refused != null) {
                LOG.warn(
                        "{}: the broker refused a record after {} commit(s); the rest is re-sent next cycle",
                        key,
                        commits);
                throw refused;
            }
            return new int[] {files, commits};
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
        int first = batch.fileSends.size();
        for (FileDelta d : deltas) {
            var script = d.blob() == null ? null : cache.get(d.blob(), d.path(), scanner::read);
            // a constant's value depends on other files of the commit, so it is resolved after the per-blob cache
            script = scanner.resolveConstants(c, script, d.blob());
            batch.fileSends.add(events.send(new ProducerRecord<>(
                    topic, repo, build.fileChanged(c.name(), committedAt, d, script, layout, Instant.now()))));
        }
        // A file the producer refused at once (the broker's refusals come later, in Batch.await) must not be
        // followed by the marker: the analyzer would report the commit without it, as if the file were not there.
        List<String> refused = new ArrayList<>();
        for (int i = first; i < batch.fileSends.size(); i++) {
            Future<RecordMetadata> f = batch.fileSends.get(i);
            if (f.isDone()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    refused.add(deltas.get(i - first).path() + " (" + e.getCause() + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IOException("commit " + c.name() + ": the broker client refused " + String.join(", ", refused)
                    + "; no marker sent, so the commit is not reported without them");
        }
        Instant scannedAt = Instant.now();
        CommitScanned marker = build.marker(c.name(), deltas.size(), full, layout, scannedAt, Instant.now());
        if (batch.candidate != null) {
            marker = asCandidate(marker, batch.candidate, scanner, c);
        }
        batch.markerSends.add(events.send(new ProducerRecord<>(topic, repo, marker)));
        batch.stateRecords.add(build.state(c.name(), Instant.now()));
        batch.filesPerCommit.add(deltas.size());
    }

    /** Stops polling, then flushes and closes the Kafka clients; a second call does nothing. */
    @Override
    public void close() {
        if (!lifecycle.closing()) {
            return;
        }
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
            if (events != null) {
                // a producer that can no longer publish has nothing to flush: waiting for it only delays the exit
                Duration wait = clientFailed ? Duration.ZERO : KAFKA_TIMEOUT;
                events.close(wait);
                states.close(wait);
            }
        }
    }

    /** A Kafka client of ingest can no longer publish ({@link KafkaErrors#fatal}): no repository can be polled. */
    static final class ClientFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientFailed(Throwable cause, IngestService service) {
            super("a Kafka producer can no longer publish: " + cause, cause);
            service.clientFailed = true;
        }
    }
}
