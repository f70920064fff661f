package io.revchain.app.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.app.service.KafkaOptions;
import io.revchain.runtime.http.HealthServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revchain analyzer}: the Kafka Streams analyzer alone, for a distributed deployment. Settings come from
 * flags, then {@code REVCHAIN_*} environment variables ({@code REVCHAIN_STATE_DIR}, {@code REVCHAIN_HTTP_PORT},
 * ...), then {@code --config} (a properties file), then defaults.
 */
@Command(name = "analyzer", mixinStandardHelpOptions = true, description = AnalyzerCommand.DESCRIPTION)
public final class AnalyzerCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION = "Run the analyzer (Kafka Streams) alone against a Kafka cluster.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of analyzer settings")
    Path config;

    @Option(names = "--instance-id", description = "group.instance.id, stable across restarts ($REVCHAIN_INSTANCE_ID)")
    String instanceId;

    @Option(names = "--state-dir", description = "This instance's state stores ($REVCHAIN_STATE_DIR)")
    Path stateDir;

    @Option(
            names = "--http-port",
            description = "The one HTTP port: queries (/repos), /metrics, /health/live and /health/ready "
                    + "($REVCHAIN_HTTP_PORT, default 8081; $REVCHAIN_HTTP_HOST or http.host is the interface)")
    Integer httpPort;

    @Option(
            names = "--advertised-host",
            description = "Host other instances reach this one on ($REVCHAIN_ADVERTISED_HOST)")
    String advertisedHost;

    @Option(names = "--standby-replicas", description = "num.standby.replicas ($REVCHAIN_NUM_STANDBY_REPLICAS)")
    Integer standby;

    @Option(names = "--exactly-once", description = "processing.guarantee=exactly_once_v2 (default at_least_once)")
    boolean exactlyOnce;

    @Option(names = "--policy", description = "Default policy, alembic or acgs2 ($REVCHAIN_POLICY)")
    String policy;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any analyzer setting (e.g. policy.my-repo=acgs2, " + "kafka.num.stream.threads=2)")
    Map<String, String> extra = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> flags = new LinkedHashMap<>();
        // every client setting reaches Kafka Streams as kafka.*; an analyzer --set kafka.* wins over it
        kafka.requireExternalSettings().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                flags.put("kafka." + k, String.valueOf(v));
            }
        });
        flags.putAll(extra);
        flags.put("bootstrap.servers", kafka.requireExternal());
        put(flags, "instance.id", instanceId);
        put(flags, "state.dir", stateDir);
        put(flags, "http.port", httpPort);
        put(flags, "advertised.host", advertisedHost);
        put(flags, "num.standby.replicas", standby);
        put(flags, "policy", policy);
        if (exactlyOnce) {
            flags.put("processing.guarantee", "exactly_once_v2");
        }
        AnalyzerConfig cfg;
        try {
            cfg = AnalyzerConfig.resolve(flags, config);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AnalyzerService analyzer = new AnalyzerService(cfg, registry);
                HealthServer http = HealthServer.bind(
                        "revchain-analyzer-http",
                        new InetSocketAddress(cfg.httpHost(), cfg.httpPort()),
                        registry::scrape,
                        analyzer.health())) {
            http.start();
            analyzer.servedBy(http).start();
            err.printf(
                    "revchain: analyzer %s running, queries, metrics and health on port %d (Ctrl-C to stop)%n",
                    cfg.instanceId(), analyzer.httpPort());
            err.flush();
            IngestCommand.awaitShutdown();
            return 0;
        }
    }

    private static void put(Map<String, String> m, String key, Object v) {
        if (v != null) {
            m.put(key, v.toString());
        }
    }
}
