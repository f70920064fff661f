package io.revchain.app.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.config.TargetSettings;
import io.revchain.core.model.Policy;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.RepositoryDiff;
import io.revchain.ingest.service.IngestService;
import io.revchain.ingest.service.IngestSettings;
import io.revchain.ingest.service.RepositoriesTopic;
import io.revchain.repairer.RepairerService;
import io.revchain.reporter.compliance.Targets;
import io.revchain.reporter.service.ReporterConfig;
import io.revchain.reporter.service.ReporterService;
import io.revchain.runtime.Health;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The four services in one process, wired the way a deployment wires them through Kafka: ingest publishes,
 * the analyzer reports, the repairer proposes and pushes, the reporter measures. Started in dependency order
 * (consumers first, so nothing is missed), closed in reverse. Every client gets the platform's settings; the
 * process has one {@link Health} and one HTTP port, the reporter's, which also serves the analyzer's queries.
 */
public final class Pipeline implements AutoCloseable {

    /**
     * Where the pipeline keeps its files and serves its pages.
     *
     * @param fleet ingest as a member of the ingest group: the configuration is synced to
     *              {@code revchain.repositories} at start and ingest polls what the group assigns it ({@code run});
     *              false = ingest polls the configuration's repositories itself, on {@code pollOnce} (the demo)
     */
    public record Options(Path workDir, String httpHost, int reporterPort, Duration snapshotInterval, boolean fleet) {
        /** Options with ingest polling the configuration's repositories itself. */
        public Options(Path workDir, String httpHost, int reporterPort, Duration snapshotInterval) {
            this(workDir, httpHost, reporterPort, snapshotInterval, false);
        }
    }

    /** The name of the environment variable holding each repository's webhook secret, if it has one. */
    public static Function<RepositorySpec, String> webhookSecrets(OrgConfig org) {
        return s -> org.webhookSecret(s.id());
    }

    private final Platform platform;
    private final ReporterService reporter;
    private final AnalyzerService analyzer;
    private final RepairerService repairer;
    private final IngestService ingest;
    private final ScheduledExecutorService ticker;

    private Pipeline(
            Platform platform,
            ReporterService reporter,
            AnalyzerService analyzer,
            RepairerService repairer,
            IngestService ingest,
            ScheduledExecutorService ticker) {
        this.platform = platform;
        this.reporter = reporter;
        this.analyzer = analyzer;
        this.repairer = repairer;
        this.ingest = ingest;
        this.ticker = ticker;
    }

    /** {@code defaults} with what {@code revchain.yaml}'s {@code targets:} section sets. */
    static Targets targets(Targets defaults, TargetSettings set) {
        Targets t = defaults;
        if (set.endToEndP99Ms() != null) {
            t = t.withEndToEndP99Ms(set.endToEndP99Ms());
        }
        if (set.windowSeconds() != null) {
            t = t.withWindow(Duration.ofSeconds(set.windowSeconds()));
        }
        if (set.minSamples() != null) {
            t = t.withMinSamples(Math.toIntExact(set.minSamples()));
        }
        return t;
    }

    public static Pipeline start(OrgConfig org, Platform platform, Options o, PrintWriter log) throws Exception {
        Files.createDirectories(o.workDir());
        platform.createTopics(Optional.empty());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        Health health = new Health();
        ReporterConfig rc = ReporterConfig.defaults(platform.bootstrapServers())
                .withKafka(platform.kafka())
                .withHttp(o.httpHost(), o.reporterPort())
                .withSnapshotInterval(o.snapshotInterval())
                // the hash target leaves out repositories configured under a policy without the hash; one whose
                // policy is not set here may set it in its own file, so it stays in
                .withHashPolicyRepos(org.repositories().stream()
                        .filter(r -> r.repair().policy() != Policy.Kind.ALEMBIC)
                        .map(RepositorySpec::id)
                        .collect(Collectors.toSet()));
        rc = rc.withTargets(targets(rc.targets(), org.targets()));
        ReporterService reporter = platform.own(new ReporterService(rc, registry, Clock.systemUTC(), health));
        reporter.start();

        Map<String, String> flags = new HashMap<>();
        platform.kafka().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                flags.put("kafka." + k, String.valueOf(v));
            }
        });
        flags.put("bootstrap.servers", platform.bootstrapServers());
        flags.put("state.dir", o.workDir().resolve("analyzer-state").toString());
        flags.put("advertised.host", o.httpHost());
        for (RepositorySpec r : org.repositories()) {
            if (r.repair().policy() != null) {
                flags.put("policy." + r.id(), r.repair().policy().wire());
            }
        }
        AnalyzerService analyzer = platform.own(
                new AnalyzerService(AnalyzerConfig.resolve(flags, null), registry, Clock.systemUTC(), health));
        // one port per process: the analyzer's queries beside the reporter's dashboard, health and metrics
        analyzer.servedBy(reporter.http()).start();
        awaitRunning(analyzer, Duration.ofSeconds(60));

        RepairerService repairer = health.register(platform.own(
                new RepairerService(org, platform.kafka(), o.workDir().resolve("repairer"), registry)));
        repairer.start();

        IngestService ingest;
        if (o.fleet()) {
            // whoever owns the configuration writes it to the topic; ingest reads only the topic
            RepositoryDiff synced =
                    RepositoriesTopic.sync(org, webhookSecrets(org), platform.kafka(), Duration.ofSeconds(30));
            log.printf("revchain: %s: %s%n", Topics.REPOSITORIES.name(), synced.summary());
            log.flush();
            ingest = health.register(platform.own(IngestService.fleet(
                    org,
                    IngestSettings.defaults(),
                    platform.kafka(),
                    o.workDir().resolve("ingest"),
                    registry)));
            // push webhooks on the process's one port, beside the dashboard and the analyzer's queries
            ingest.webhooks(reporter.http());
        } else {
            ingest = health.register(platform.own(
                    new IngestService(org, platform.kafka(), o.workDir().resolve("ingest"), registry)));
        }

        // The ingest's parse cache feeds the reporter's cache-hit target (one process: no topic needed).
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revchain-pipeline-ticker");
            t.setDaemon(true);
            return t;
        });
        long[] last = new long[3];
        ticker.scheduleAtFixedRate(
                () -> {
                    long h = ingest.cache().hits();
                    long m = ingest.cache().misses();
                    // a load in flight may be counted cold before Caffeine counts its miss: carry it to a later tick
                    long c = Math.min(ingest.cache().coldMisses() - last[2], m - last[1]);
                    reporter.recordCache(h - last[0], m - last[1], c);
                    last[0] = h;
                    last[1] = m;
                    last[2] += c;
                },
                200,
                200,
                TimeUnit.MILLISECONDS);
        log.printf(
                "revchain: dashboard http://%s:%d/  metrics http://%s:%d/metrics  analyzer http://%s:%d/repos%n",
                o.httpHost(), reporter.port(), o.httpHost(), reporter.port(), o.httpHost(), reporter.port());
        log.flush();
        return new Pipeline(platform, reporter, analyzer, repairer, ingest, ticker);
    }

    // Ingest must not publish before the analyzer has its partitions, or the first reports carry its start-up time.
    private static void awaitRunning(AnalyzerService analyzer, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (analyzer.streamsState() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the analyzer did not reach RUNNING within " + timeout.toSeconds()
                        + " s (state " + analyzer.streamsState() + ")");
            }
            Thread.sleep(20);
        }
    }

    public ReporterService reporter() {
        return reporter;
    }

    public AnalyzerService analyzer() {
        return analyzer;
    }

    public RepairerService repairer() {
        return repairer;
    }

    public IngestService ingest() {
        return ingest;
    }

    public Platform platform() {
        return platform;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        // The services themselves are owned by the platform, which closes them before the broker.
    }
}
