package io.revchain.app.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.core.config.OrgConfig;
import io.revchain.repairer.RepairerService;
import io.revchain.repairer.RepairerSettings;
import io.revchain.runtime.KafkaSettings;
import io.revchain.runtime.http.HealthServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain repairer}: fix proposals and fix branches for every unhealthy report, alone. */
@Command(name = "repairer", mixinStandardHelpOptions = true, description = RepairerCommand.DESCRIPTION)
public final class RepairerCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Run the repairer alone against a Kafka cluster: verified fix proposals, and fix branches "
                    + "pushed under revchain/ where revchain.yaml allows it.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OrgOptions org;

    @Option(
            names = "--metrics-port",
            defaultValue = "${env:REVCHAIN_METRICS_PORT:-9400}",
            description = "Serve /metrics, /health/live and /health/ready on this port ($REVCHAIN_METRICS_PORT, "
                    + "default ${DEFAULT-VALUE})")
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
        Path work = org.workDir().resolve("repairer");
        KafkaSettings settings = kafka.requireExternalKafka();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RepairerService repairer =
                        new RepairerService(config, RepairerSettings.defaults(), settings, work, registry);
                HealthServer health = HealthServer.bind(
                        "revchain-repairer-http", new InetSocketAddress(metricsHost, metricsPort), registry::scrape)) {
            health.register(repairer);
            health.start();
            repairer.start();
            err.printf(
                    "revchain: repairer running for %d repositories, /metrics and /health on port %d "
                            + "(Ctrl-C to stop)%n",
                    config.repositories().size(), health.port());
            err.flush();
            IngestCommand.awaitShutdown();
            return 0;
        }
    }
}
