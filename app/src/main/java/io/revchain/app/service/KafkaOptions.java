package io.revchain.app.service;

import picocli.CommandLine.Option;

/**
 * Where Kafka is: flag, then {@code KAFKA_BOOTSTRAP_SERVERS}; when neither is set, {@link Platform} starts the
 * embedded KRaft broker (with {@code --data-dir}, its data survives restarts).
 */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            description = "Kafka to use (default: $KAFKA_BOOTSTRAP_SERVERS, else an embedded broker)")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the embedded broker's data here across runs (default: a temporary directory)")
    java.nio.file.Path dataDir;

    /** The configured bootstrap servers, or null to run the embedded broker. */
    public String bootstrapServers() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers;
        }
        String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return env == null || env.isBlank() ? null : env;
    }

    /** For a service that runs alone: it needs a real cluster, never an embedded broker of its own. */
    public String requireExternal() {
        String s = bootstrapServers();
        if (s == null) {
            throw new io.revchain.app.cli.UserError("no Kafka: give --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS "
                    + "(use 'revchain run' for everything in one process on an embedded broker)");
        }
        return s;
    }

    public java.nio.file.Path dataDir() {
        return dataDir;
    }
}
