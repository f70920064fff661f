package io.revchain.app.cli;

import io.revchain.app.service.KafkaOptions;
import io.revchain.reporter.compliance.Targets;
import io.revchain.reporter.service.ReporterConfig;
import io.revchain.reporter.service.ReporterService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain reporter}: organisation health, targets, {@code /metrics} and the dashboard, alone. */
@Command(name = "reporter", mixinStandardHelpOptions = true, description = ReporterCommand.DESCRIPTION)
public final class ReporterCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Run the reporter (dashboard, /metrics, compliance snapshots) alone against a Kafka cluster.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--host",
            defaultValue = "${env:REVCHAIN_HTTP_HOST:-127.0.0.1}",
            description = "Interface to bind ($REVCHAIN_HTTP_HOST, default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:REVCHAIN_HTTP_PORT:-8088}",
            description = "Dashboard, /metrics, /health/live and /health/ready port ($REVCHAIN_HTTP_PORT, default "
                    + "${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--allowed-hosts",
            paramLabel = "HOSTS",
            defaultValue = "${env:REVCHAIN_HTTP_ALLOWED_HOSTS:-}",
            description = "Host names the dashboard, API and /metrics answer besides localhost, 127.0.0.1, [::1] "
                    + "and --host, comma-separated; any other Host header is refused with 421 (DNS rebinding). "
                    + "List the name Prometheus scrapes, e.g. 'reporter' ($REVCHAIN_HTTP_ALLOWED_HOSTS)")
    String allowedHosts;

    @Option(
            names = "--snapshot-interval",
            defaultValue = "${env:REVCHAIN_SNAPSHOT_INTERVAL:-10}",
            description = "Seconds between compliance snapshots ($REVCHAIN_SNAPSHOT_INTERVAL)")
    int snapshotSeconds;

    @Option(
            names = "--target-p99-ms",
            defaultValue = "5",
            description = "p99 verification latency target, ms (marker published to verdict)")
    double p99;

    @Option(
            names = "--target-e2e-p99-ms",
            defaultValue = "100",
            description = "p99 end-to-end latency target, ms (ingest publish to report)")
    double e2e;

    @Option(
            names = "--target-window",
            defaultValue = "60",
            description = "Seconds of the rolling window latency, throughput and cache hit rate are measured over")
    int windowSeconds;

    @Option(
            names = "--target-min-samples",
            defaultValue = "100",
            description = "Samples a latency, throughput or cache target needs in the window before it is judged")
    int minSamples;

    @Option(
            names = "--target-throughput",
            defaultValue = "100",
            description = "Sustained verified events per busy second target")
    double throughput;

    @Option(
            names = "--target-cache-hit-rate",
            defaultValue = "0.85",
            description = "Parse-cache hit rate target over re-scans")
    double cache;

    @Option(names = "--target-compliance", defaultValue = "1.0", description = "Constitutional compliance target")
    double compliance;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Targets targets;
        try {
            targets =
                    new Targets(p99, throughput, cache, compliance, e2e, Duration.ofSeconds(windowSeconds), minSamples);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ReporterConfig cfg = ReporterConfig.defaults(kafka.requireExternal())
                .withKafka(kafka.requireExternalSettings())
                .withHttp(host, port)
                .withAllowedHosts(ReporterConfig.parseHosts(allowedHosts))
                .withTargets(targets)
                .withSnapshotInterval(Duration.ofSeconds(snapshotSeconds));
        try (ReporterService reporter = new ReporterService(cfg)) {
            reporter.start();
            err.printf(
                    "revchain: reporter at %s (dashboard), %smetrics (Ctrl-C to stop)%n",
                    reporter.uri(), reporter.uri());
            err.flush();
            IngestCommand.awaitShutdown();
            return 0;
        }
    }
}
