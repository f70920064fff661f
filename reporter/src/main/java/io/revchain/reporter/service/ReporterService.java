package io.revchain.reporter.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.event.BranchKey;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.DeadLetter;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.OrgFinding;
import io.revchain.event.Topics;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.Targets;
import io.revchain.reporter.model.OrgFindings;
import io.revchain.reporter.model.OrgPicture;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoHistory;
import io.revchain.reporter.model.RepoPage;
import io.revchain.reporter.model.RepoQuery;
import io.revchain.reporter.model.StatusHistory;
import io.revchain.runtime.Health;
import io.revchain.runtime.Lifecycle;
import io.revchain.runtime.PollLoop;
import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The reporter: reads {@code revchain.health} and {@code revchain.fix-proposals} into the organisation picture,
 * measures the pipeline with Micrometer, publishes a {@link ComplianceSnapshot} on {@code revchain.compliance}
 * every {@link ReporterConfig#snapshotInterval()}, and serves {@code /metrics} (Prometheus), {@code /api/*} (JSON)
 * and the dashboard at {@code /} (see {@link ReporterHttp}).
 *
 * <p>Every instance reads both compacted topics from the beginning, with no consumer group: each reporter holds
 * the whole picture and a restart rebuilds it. Records published before the reporter started are history, not
 * latency or throughput samples ({@link io.revchain.reporter.compliance.Timing}). A record that cannot be read is
 * counted and never stops the loop; when it was appended after this reporter started it also goes to
 * {@code revchain.dead-letters} (so a restart, which replays the topics, does not dead-letter it again; two
 * reporters running side by side would each dead-letter it).
 *
 * <p>The ingest's parse cache lives in another service: it reaches the reporter through
 * {@link #recordCache(long, long)} (the CLI wires it when both run in one process), and when both share a
 * {@link PrometheusMeterRegistry} the ingest's own meters appear on {@code /metrics} too.
 *
 * <pre>{@code
 * try (ReporterService r = new ReporterService(ReporterConfig.defaults(kafka.bootstrapServers()))) {
 *     r.start();
 *     System.out.println("dashboard at " + r.uri());
 * }
 * }</pre>
 */
public final class ReporterService implements Service {

    private static final System.Logger LOG = System.getLogger(ReporterService.class.getName());
    private static final int HISTORY_POINTS = 120;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PICTURE_EVERY = Duration.ofMillis(250);

    private final ReporterConfig config;
    private final PrometheusMeterRegistry registry;
    private final boolean ownRegistry;
    private final Clock clock;
    private final ReporterMetrics metrics;
    private final OrgPicture picture = new OrgPicture();
    /** {@code revchain.org-findings}, applied by the consumer thread; {@link #orgFindings} is its last view. */
    private final OrgFindings org = new OrgFindings();

    private volatile OrgFindings.View orgView = OrgFindings.View.empty();
    private final ArrayDeque<HistoryPoint> history = new ArrayDeque<>();
    private final Lifecycle lifecycle = new Lifecycle("reporter");
    private final Health health;
    private boolean released;
    private volatile Instant liveSince;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile PollLoop<byte[], byte[]> loop;
    private ScheduledExecutorService scheduler;
    private ReporterHttp http;

    /** A reporter with its own Prometheus registry. */
    public ReporterService(ReporterConfig config) {
        this(config, null, Clock.systemUTC());
    }

    /** A reporter on the given servers, HTTP address and port (0: any free port), targets and snapshot interval. */
    public ReporterService(
            String bootstrapServers, String bindAddress, int port, Targets targets, Duration snapshotInterval) {
        this(ReporterConfig.defaults(bootstrapServers)
                .withHttp(bindAddress, port)
                .withTargets(targets)
                .withSnapshotInterval(snapshotInterval));
    }

    /**
     * A reporter publishing its meters to {@code registry} (shared with other services in the same process, so
     * that {@code /metrics} shows theirs too), or to its own when {@code null}; {@code clock} times arrivals.
     */
    public ReporterService(ReporterConfig config, PrometheusMeterRegistry registry, Clock clock) {
        this(config, registry, clock, null);
    }

    /**
     * A reporter like {@link #ReporterService(ReporterConfig, PrometheusMeterRegistry, Clock)} whose health is part
     * of {@code health} (the process's, when several services share one; its own when {@code null}), which its HTTP
     * server answers {@code /health/live} and {@code /health/ready} from.
     */
    public ReporterService(ReporterConfig config, PrometheusMeterRegistry registry, Clock clock, Health health) {
        this.config = Objects.requireNonNull(config, "config");
        this.ownRegistry = registry == null;
        this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = clock;
        this.metrics = new ReporterMetrics(
                this.registry,
                clock,
                config.latencySamples(),
                config.rateWindowSeconds(),
                config.targets().window(),
                config::hashApplies);
        this.health = health != null ? health : new Health();
        this.health.register(this);
        OrgFindingsMeters.register(this.registry, () -> orgView);
    }

    @Override
    public String name() {
        return lifecycle.name();
    }

    /**
     * Creates the pipeline's topics if they are missing, starts reading them, the snapshot schedule and the HTTP
     * server. Returns once the server is bound; the consumer is assigned on its own thread.
     *
     * @throws IllegalStateException                  when started before, or closed
     * @throws org.apache.kafka.common.KafkaException when the cluster does not answer
     * @throws UncheckedIOException                   when the HTTP address cannot be bound
     */
    @Override
    public synchronized void start() {
        lifecycle.starting();
        try {
            liveSince = clock.instant();
            try (Admin admin = Admin.create(clientProps(AdminClientConfig.configNames()))) {
                Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
            producer = new KafkaProducer<>(producerProps());
            loop = new PollLoop<>(lifecycle.name(), new KafkaConsumer<>(consumerProps()), POLL, new Reading());
            try {
                http = new ReporterHttp(new InetSocketAddress(config.bindAddress(), config.port()), this);
            } catch (IOException io) {
                throw new UncheckedIOException(
                        "cannot serve HTTP on " + config.bindAddress() + ":" + config.port() + ": " + io.getMessage(),
                        io);
            }
            loop.start();
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "revchain-reporter-snapshots");
                t.setDaemon(true);
                return t;
            });
            long every = config.snapshotInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::publishSnapshot, every, every, TimeUnit.MILLISECONDS);
            http.start();
            lifecycle.running();
        } catch (RuntimeException e) {
            lifecycle.failed(e);
            release();
            throw e;
        }
    }

    /**
     * RUNNING while the consumer loop runs; FAILED, with the loop's cause, once the loop stopped on an unexpected
     * failure (the reporter's picture no longer moves, so the process must be restarted).
     */
    @Override
    public ServiceState state() {
        ServiceState own = lifecycle.state();
        PollLoop<byte[], byte[]> l = loop;
        if (own.phase() != ServiceState.Phase.RUNNING || l == null) {
            return own;
        }
        ServiceState reading = l.state();
        return switch (reading.phase()) {
            case FAILED -> {
                lifecycle.failed(reading.cause().orElseThrow());
                yield lifecycle.state();
            }
            case NEW, STARTING -> ServiceState.STARTING;
            default -> own;
        };
    }

    /** What this reporter's {@code /health/live} and {@code /health/ready} answer from. */
    public Health health() {
        return health;
    }

    /** The port the HTTP server is bound to (the chosen one when the configured port is 0). */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("reporter not started");
        }
        return http.port();
    }

    /**
     * The reporter's server, which other services of the same process serve their routes on, so the process has
     * one port (valid after {@link #start()}).
     */
    public HttpRoutes http() {
        if (http == null) {
            throw new IllegalStateException("reporter not started");
        }
        return http.routes();
    }

    /** The dashboard's address. */
    public URI uri() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * Adds parse-cache hits and misses counted by ingest since its last call, not saying which misses were cold;
     * every miss then counts against the re-scan hit rate. Prefer {@link #recordCache(long, long, long)}.
     */
    public void recordCache(long hits, long misses) {
        metrics.recordCache(hits, misses, 0);
    }

    /**
     * Adds parse-cache lookups counted by ingest since its last call: {@code hits}, and {@code misses} of which
     * {@code coldMisses} were the first sight of their blob (which no cache can serve, so the hit rate leaves them
     * out; {@code io.revchain.git.ScriptCache#coldMisses()} counts them).
     */
    public void recordCache(long hits, long misses, long coldMisses) {
        metrics.recordCache(hits, misses, coldMisses);
    }

    /**
     * The organisation picture as of the last records read: rebuilt when the stream pauses (one empty poll,
     * at most 100 ms) and at least every 250 ms while records keep coming.
     */
    public OrgView view() {
        return metrics.view();
    }

    /**
     * The organisation-wide findings (revision ids declared in several repositories) as of the last records read,
     * rebuilt like {@link #view()}.
     */
    public OrgFindings.View orgFindings() {
        return orgView;
    }

    /** The compliance snapshot as of now (not published). */
    public ComplianceSnapshot snapshot() {
        OrgView v = metrics.view();
        return Compliance.snapshot(clock.instant(), v, metrics.measure(v), config.targets());
    }

    /** One page of the repositories table: filtered, sorted by severity (see {@link RepoQuery}). */
    public RepoPage repos(RepoQuery query) {
        return query.apply(metrics.view().rows());
    }

    /**
     * The status history and fix proposals of {@code key} ({@code repo@branch}), or of every branch of the
     * repository {@code key} names when it has no {@code @}; empty when nothing is known of it.
     */
    public List<RepoHistory> statusHistory(String key) {
        StatusHistory h = picture.history();
        List<RepoHistory> out = new ArrayList<>();
        if (key.indexOf(BranchKey.SEPARATOR) >= 0) {
            RepoHistory one = h.history(key);
            if (one != null) {
                out.add(one);
            }
            return out;
        }
        for (String k : h.keys()) {
            if (k.startsWith(key + BranchKey.SEPARATOR)) {
                RepoHistory one = h.history(k);
                if (one != null) {
                    out.add(one);
                }
            }
        }
        return out;
    }

    /** The charts' points, oldest first (one per snapshot, the last 120). */
    public List<HistoryPoint> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The registry behind {@code /metrics}. */
    /**
     * The registry's Prometheus text, taken between two replacements of the gauges' series (a scrape of
     * {@link #registry()} while a new picture replaces them could see a series twice and fail).
     */
    public String scrape() {
        return metrics.scrape(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The configuration this reporter runs with. */
    public ReporterConfig config() {
        return config;
    }

    /** The consumer loop's work: every record into the picture, the view rebuilt when the stream pauses. */
    private final class Reading implements PollLoop.Work<byte[], byte[]> {
        private boolean dirty;
        private long pictured = System.nanoTime();
        private Instant arrival;

        @Override
        public void open(Consumer<byte[], byte[]> consumer) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic :
                    List.of(Topics.HEALTH.name(), Topics.FIX_PROPOSALS.name(), Topics.ORG_FINDINGS.name())) {
                List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                // a cluster set up before the org findings existed has no such topic: the view stays empty
                for (PartitionInfo p : found == null ? List.<PartitionInfo>of() : found) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void record(ConsumerRecord<byte[], byte[]> r) {
            if (arrival == null) {
                arrival = clock.instant();
            }
            apply(r, arrival);
        }

        @Override
        public void polled(Consumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
            arrival = null;
            dirty |= !records.isEmpty();
            // the view costs O(branches): rebuild it when the stream pauses, or at most every PICTURE_EVERY
            if (dirty && (records.isEmpty() || System.nanoTime() - pictured >= PICTURE_EVERY.toNanos())) {
                metrics.picture(picture.view());
                orgView = org.view();
                pictured = System.nanoTime();
                dirty = false;
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r, Instant arrival) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        try {
            if (r.topic().equals(Topics.HEALTH.name())) {
                HealthReport report = Topics.HEALTH.valueSerde().deserializer().deserialize(r.topic(), r.value());
                picture.health(key, report);
                boolean live = report != null && metrics.report(report, arrival, liveSince);
                metrics.record(r.topic(), report == null ? "tombstone" : live ? "live" : "replayed");
            } else if (r.topic().equals(Topics.ORG_FINDINGS.name())) {
                OrgFinding f = Topics.ORG_FINDINGS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                org.apply(key, f);
                metrics.record(r.topic(), f == null ? "tombstone" : "read");
            } else {
                FixProposal p = Topics.FIX_PROPOSALS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                picture.proposal(key, p, arrival, p == null ? closure(r) : null);
                metrics.record(r.topic(), p == null ? "tombstone" : "read");
            }
        } catch (SerializationException | IllegalArgumentException e) {
            metrics.record(r.topic(), "unreadable");
            // a record appended before this reporter started was dead-lettered by whoever read it live
            if (r.timestamp() >= liveSince.toEpochMilli()) {
                deadLetter(r, e.getMessage());
            }
        }
    }

    /** The repairer's record of a closed proposal, from its tombstone's header; {@code null} when it has none. */
    private static FixClosure closure(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(FixClosure.HEADER);
        if (h == null || h.value() == null) {
            return null;
        }
        try {
            return FixClosure.fromBytes(h.value());
        } catch (IllegalArgumentException e) {
            // an unreadable closure leaves the tombstone as an older repairer's: the merge is inferred
            LOG.log(
                    System.Logger.Level.WARNING,
                    r.topic() + "/" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
            return null;
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        DeadLetter d = DeadLetter.of(
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), String.valueOf(reason), clock.instant());
        LOG.log(
                System.Logger.Level.WARNING,
                "unreadable record " + r.topic() + "/" + r.partition() + "@" + r.offset() + ": " + reason);
        producer.send(new ProducerRecord<>(
                Topics.DEAD_LETTERS.name(),
                r.key(),
                Topics.DEAD_LETTERS.valueSerde().serializer().serialize(Topics.DEAD_LETTERS.name(), d)));
    }

    private void publishSnapshot() {
        try {
            ComplianceSnapshot s = snapshot();
            metrics.targets(s.targets());
            synchronized (history) {
                history.addLast(new HistoryPoint(
                        s.at(),
                        s.p99LatencyMs(),
                        s.throughputPerSec(),
                        s.verificationP99Ms() == null ? Double.NaN : s.verificationP99Ms(),
                        s.arrivalPerSec() == null ? Double.NaN : s.arrivalPerSec(),
                        HistoryPoint.of(s.targets())));
                while (history.size() > HISTORY_POINTS) {
                    history.removeFirst();
                }
            }
            byte[] key = config.instanceId().getBytes(StandardCharsets.UTF_8);
            byte[] value = Topics.COMPLIANCE.valueSerde().serializer().serialize(Topics.COMPLIANCE.name(), s);
            producer.send(new ProducerRecord<>(Topics.COMPLIANCE.name(), key, value), (meta, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "compliance snapshot not published: " + e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            // a failed tick must not cancel the schedule
            LOG.log(System.Logger.Level.WARNING, "compliance snapshot failed: " + e, e);
        }
    }

    /** The configured client settings a client of one kind accepts, with the bootstrap servers. */
    private Map<String, Object> clientProps(Set<String> names) {
        Map<String, Object> p = new HashMap<>();
        config.kafka().forEach((k, v) -> {
            if (names.contains(k)) {
                p.put(k, v);
            }
        });
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return p;
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = clientProps(ConsumerConfig.configNames());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "revchain-reporter-" + config.instanceId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // latency is the point: hand over records as soon as one is there
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        return p;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = clientProps(ProducerConfig.configNames());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "revchain-reporter-" + config.instanceId());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    /** Stops the server, the schedule and the consumer; closes the producer and, if it is ours, the registry. */
    @Override
    public void close() {
        // a loop that failed before the close keeps the reporter FAILED
        state();
        if (lifecycle.closing()) {
            release();
        }
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        if (http != null) {
            http.stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (loop != null) {
            loop.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        metrics.close();
        if (ownRegistry) {
            registry.close();
        }
    }
}
