package io.revchain.app.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.core.config.OrgConfig;
import io.revchain.ingest.plan.RepositoryDiff;
import io.revchain.ingest.service.CycleReport;
import io.revchain.ingest.service.IngestService;
import io.revchain.ingest.service.IngestSettings;
import io.revchain.ingest.service.RepositoriesTopic;
import io.revchain.runtime.http.HealthServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain ingest}: scans the organisation's repositories and publishes migration change events. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = IngestCommand.DESCRIPTION)
public final class IngestCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Scan the repositories of revchain.yaml and publish migration-file change events to Kafka.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OrgOptions org;

    @Option(
            names = "--once",
            description = "Poll every repository of revchain.yaml once, then exit (alone: no group, no topic of "
                    + "repositories)")
    boolean once;

    @Option(
            names = "--no-sync",
            description = "Do not write revchain.yaml's repositories to revchain.repositories at start: another "
                    + "instance or 'revchain repos sync' owns the configuration")
    boolean noSync;

    @Option(
            names = "--metrics-port",
            defaultValue = "${env:REVCHAIN_METRICS_PORT:-9400}",
            description = "Serve /metrics, /health/live and /health/ready on this port while running (0: any free "
                    + "port; $REVCHAIN_METRICS_PORT, default ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "${env:REVCHAIN_HTTP_HOST:-127.0.0.1}",
            description = "Interface /metrics binds ($REVCHAIN_HTTP_HOST, default ${DEFAULT-VALUE})")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OrgConfig config = org.load();
        Path work = org.workDir();
        try (Platform platform = Platform.start(kafka, err)) {
            platform.createTopics(Optional.empty());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            if (once) {
                IngestService ingest = platform.own(new IngestService(config, platform.kafka(), work, registry));
                CycleReport r = ingest.pollOnce();
                spec.commandLine()
                        .getOut()
                        .printf(
                                "ingest: %d repositories, %d files, %d commits in %d ms%n",
                                r.repos().size(),
                                r.files(),
                                r.commits(),
                                r.took().toMillis());
                return 0;
            }
            if (!noSync) {
                RepositoryDiff d = RepositoriesTopic.sync(
                        config, Pipeline.webhookSecrets(config), platform.kafka(), Duration.ofSeconds(30));
                err.println(ReposCommand.describe(d));
            }
            // one member of the ingest group: it polls the repositories of the partitions assigned to it
            IngestService ingest = platform.own(
                    IngestService.fleet(config, IngestSettings.defaults(), platform.kafka(), work, registry));
            HealthServer health = platform.own(HealthServer.bind(
                    "revchain-ingest-http", new InetSocketAddress(metricsHost, metricsPort), registry::scrape));
            health.register(ingest);
            // push webhooks (/webhooks/github|gitlab|gitea|forgejo) on the same port as /metrics and /health
            ingest.webhooks(health);
            health.start();
            ingest.start();
            err.println(
                    "revchain: ingest running, /metrics and /health on port " + health.port() + " (Ctrl-C to stop)");
            err.flush();
            awaitShutdown();
            return 0;
        }
    }

    /** Set once the JVM is stopping: {@code System.exit} must not be called then (it would block). */
    public static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM); the caller's try-with-resources then closes. */
    public static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            SHUTTING_DOWN.set(true);
                            stop.countDown();
                            try {
                                main.join(30_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "revchain-shutdown"));
        stop.await();
    }
}
