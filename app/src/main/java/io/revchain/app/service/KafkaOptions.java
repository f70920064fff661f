package io.revchain.app.service;

import io.revchain.app.cli.UserError;
import io.revchain.runtime.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to reach it, for every service command: the client settings of {@link KafkaSettings}
 * ({@code KAFKA_*} variables, {@code --kafka-config-file}, {@code --kafka-config KEY=VALUE}; flag &gt; file &gt;
 * environment), with {@code --bootstrap-servers} over all of them. When no bootstrap servers are given at all,
 * {@link Platform} starts the embedded KRaft broker (with {@code --data-dir}, its data survives restarts) and the
 * other settings are not used: they are for a real cluster.
 */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,…]",
            description = "Kafka to use (default: $KAFKA_BOOTSTRAP_SERVERS, else an embedded broker)")
    String bootstrapServers;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the embedded broker's data here across runs (default: a temporary directory)")
    Path dataDir;

    @Option(
            names = "--kafka-config",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for every client, e.g. security.protocol=SASL_SSL (repeatable; "
                    + "over --kafka-config-file, over KAFKA_* variables: KAFKA_SASL_MECHANISM is sasl.mechanism)")
    List<String> kafkaConfig = new ArrayList<>();

    @Option(
            names = "--kafka-config-file",
            paramLabel = "FILE",
            description = "Kafka client settings in a properties file (TLS, SASL…), over KAFKA_* variables")
    Path kafkaConfigFile;

    /** The environment the settings are read from (a test gives its own). */
    Map<String, String> env = System.getenv();

    /**
     * The client settings from every source, {@code --bootstrap-servers} over all.
     *
     * @throws UserError when the file cannot be read or a flag is not {@code KEY=VALUE}
     */
    public KafkaSettings settings() {
        KafkaSettings s;
        try {
            s = KafkaSettings.resolve(
                    env, Optional.ofNullable(kafkaConfigFile), kafkaConfig == null ? List.of() : kafkaConfig);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            s = s.with("bootstrap.servers", bootstrapServers, KafkaSettings.Source.FLAG);
        }
        return s;
    }

    /** The configured bootstrap servers, or null to run the embedded broker. */
    public String bootstrapServers() {
        return settings().bootstrapServers().orElse(null);
    }

    /** For a service that runs alone: it needs a real cluster, never an embedded broker of its own. */
    public String requireExternal() {
        String s = bootstrapServers();
        if (s == null) {
            throw new UserError("no Kafka: give --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS "
                    + "(use 'revchain run' for everything in one process on an embedded broker)");
        }
        return s;
    }

    /** For a service that runs alone: every client setting, bootstrap servers included (required). */
    public Map<String, Object> requireExternalSettings() {
        return requireExternalKafka().asMap();
    }

    /** {@link #requireExternalSettings()} as settings that know their sources and redact their secrets. */
    public KafkaSettings requireExternalKafka() {
        requireExternal();
        return settings();
    }

    public Path dataDir() {
        return dataDir;
    }
}
