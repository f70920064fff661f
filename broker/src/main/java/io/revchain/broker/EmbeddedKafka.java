package io.revchain.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real single-node Kafka 4.4 (KRaft, combined broker and controller) running inside this JVM, started from
 * Kafka's production jars: the default broker of {@code revchain run}/{@code demo} and of every integration test.
 *
 * <p>Storage is formatted as {@code kafka-storage format --standalone} does; ports are free loopback ports
 * (picked again if another process takes one first); {@link #start()} returns once {@code describeCluster} answers.
 * Without a data directory the broker lives in a temporary directory that {@link #close()} deletes; with one, the
 * directory, the cluster id and the ports are kept so that the next start finds its topics again. Kafka's own
 * logging is turned down to WARN (see {@link KafkaLogging}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    /**
     * How to start the broker.
     *
     * @param dataDir        where the broker keeps its data (kept on close), or {@code null} for a temporary
     *                       directory deleted on close
     * @param brokerPort     the client port, 0 to pick a free one (single node only)
     * @param controllerPort the controller port, 0 to pick a free one (single node only)
     * @param overrides      broker properties that replace the defaults (e.g. {@code auto.create.topics.enable})
     * @param startTimeout   how long to wait for the broker to answer
     */
    public record Config(
            Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides, Duration startTimeout) {

        public Config {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (brokerPort < 0 || controllerPort < 0 || (brokerPort != 0 && brokerPort == controllerPort)) {
                throw new IllegalArgumentException(
                        "invalid ports: broker " + brokerPort + ", controller " + controllerPort);
            }
        }

        /** A temporary directory, free ports, Kafka's defaults as revchain tunes them, 60 s to start. */
        public static Config defaults() {
            return new Config(null, 0, 0, Map.of(), Duration.ofSeconds(60));
        }

        public Config withDataDir(Path dir) {
            return new Config(dir, brokerPort, controllerPort, overrides, startTimeout);
        }

        public Config withPorts(int broker, int controller) {
            return new Config(dataDir, broker, controller, overrides, startTimeout);
        }

        public Config withOverride(String key, String value) {
            Map<String, String> m = new HashMap<>(overrides);
            m.put(key, value);
            return new Config(dataDir, brokerPort, controllerPort, m, startTimeout);
        }

        public Config withStartTimeout(Duration timeout) {
            return new Config(dataDir, brokerPort, controllerPort, overrides, timeout);
        }

        boolean fixedPorts() {
            return brokerPort != 0 || controllerPort != 0;
        }
    }

    private final EmbeddedKafkaCluster cluster;

    private EmbeddedKafka(EmbeddedKafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a single node in a temporary directory. */
    public static EmbeddedKafka start() {
        return start(Config.defaults());
    }

    /** Starts a single node as {@code config} says. */
    public static EmbeddedKafka start(Config config) {
        return new EmbeddedKafka(EmbeddedKafkaCluster.start(1, config));
    }

    /**
     * Starts {@code brokers} nodes in temporary directories: the first three (or fewer) are combined
     * broker+controller nodes forming the KRaft quorum, the rest are brokers only. Topics default to replication
     * factor {@code min(3, brokers)} and {@code min.insync.replicas} {@code min(2, brokers)}.
     */
    public static EmbeddedKafkaCluster startCluster(int brokers) {
        return startCluster(brokers, Config.defaults());
    }

    /** {@link #startCluster(int)} with a data directory, overrides and timeout from {@code config}. */
    public static EmbeddedKafkaCluster startCluster(int brokers, Config config) {
        if (config.fixedPorts() && brokers > 1) {
            throw new IllegalArgumentException("fixed ports are for a single node; a cluster picks its own");
        }
        return EmbeddedKafkaCluster.start(brokers, config);
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The directory holding the broker's data. */
    public Path dataDir() {
        return cluster.dataDir();
    }

    /** The KRaft cluster id. */
    public String clusterId() {
        return cluster.clusterId();
    }

    /** Shuts the broker down cleanly and deletes its temporary directory (a given data directory is kept). */
    @Override
    public void close() {
        cluster.close();
    }
}
