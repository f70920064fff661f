package io.revchain.analyzer.stream;

import io.revchain.core.model.Policy;
import io.revchain.runtime.KafkaSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the analyzer, and where each one came from: a command-line flag wins over an environment
 * variable, which wins over a properties file, which wins over the default. Keys are the names below
 * ({@code state.dir}, {@code http.port}, ...); the environment variable of a key is {@code REVCHAIN_} followed by
 * the key in upper case with dots as underscores ({@code REVCHAIN_HTTP_PORT}), except that
 * {@code bootstrap.servers} is also read from the conventional {@code KAFKA_BOOTSTRAP_SERVERS}. Keys starting with
 * {@code kafka.} are passed to Kafka Streams as they are, without the prefix (from flags or the file).
 *
 * <p>The defaults are the low-latency ones: no record cache ({@code statestore.cache.max.bytes=0}), producer
 * {@code linger.ms=0}, {@code at_least_once} (reports are idempotent: a re-sent report is harmless on the
 * compacted topic), and static membership so a restarted instance rejoins without waiting for a session timeout.
 * The commit interval is {@value #COMMIT_INTERVAL_MS} ms under {@code at_least_once}, where a commit only bounds
 * what a crash replays but stalls the stream thread (flush the producer, commit the offsets, checkpoint the
 * stores), and {@value #EXACTLY_ONCE_COMMIT_INTERVAL_MS} ms under {@code exactly_once_v2}, where a
 * {@code read_committed} reader sees nothing before the commit.
 *
 * @param bootstrapServers  Kafka's {@code bootstrap.servers}
 * @param applicationId     {@code application.id} (the consumer group and the prefix of internal topics)
 * @param instanceId        {@code group.instance.id}: unique per instance, stable across its restarts
 * @param stateDir          {@code state.dir}: this instance's RocksDB stores
 * @param standbyReplicas   {@code num.standby.replicas}
 * @param exactlyOnce       {@code processing.guarantee=exactly_once_v2} instead of {@code at_least_once}
 * @param commitIntervalMs  {@code commit.interval.ms}
 * @param streamThreads     {@code num.stream.threads}
 * @param httpHost          the interface the query server binds
 * @param httpPort          its port, 0 for any free one
 * @param advertisedHost    the host other instances use to reach this one ({@code application.server})
 * @param policy            the policy every repository is graded by unless {@code repoPolicies} names another
 * @param repoPolicies      per-repository policy names ({@code policy.<repo id>=acgs2})
 * @param createTopics      create the revchain topics at start when missing
 * @param cacheFiles        the migration files each stream task keeps parsed in memory ({@code cache.files}); beyond
 *                          it the least recently used branches are dropped and rebuilt from RocksDB when next used
 * @param kafka             extra Kafka Streams properties (they win over everything above)
 */
public record AnalyzerConfig(
        String bootstrapServers,
        String applicationId,
        String instanceId,
        Path stateDir,
        int standbyReplicas,
        boolean exactlyOnce,
        long commitIntervalMs,
        int streamThreads,
        String httpHost,
        int httpPort,
        String advertisedHost,
        String policy,
        Map<String, String> repoPolicies,
        boolean createTopics,
        long cacheFiles,
        Map<String, String> kafka) {

    public static final String APPLICATION_ID = "revchain-analyzer";
    /** The default {@code commit.interval.ms} under {@code at_least_once}. */
    public static final int COMMIT_INTERVAL_MS = 1000;
    /** The default {@code commit.interval.ms} under {@code exactly_once_v2}. */
    public static final int EXACTLY_ONCE_COMMIT_INTERVAL_MS = 100;

    /** The analyzer producer's {@code batch.size}: large, so that a backlog leaves in few requests. */
    public static final int PRODUCER_BATCH_BYTES = 1024 * 1024;

    /**
     * The default {@code cache.files}: per stream task, 50–100 MB of parsed scripts (1–2 KB each on the heap), so the
     * default 6 partitions on one instance hold at most ~600 MB however large the fleet.
     */
    public static final long CACHE_FILES = 50_000;

    /** The keys this class reads (besides {@code kafka.*} and {@code policy.<repo>}). */
    public static final List<String> KEYS = List.of(
            "bootstrap.servers",
            "application.id",
            "instance.id",
            "state.dir",
            "num.standby.replicas",
            "processing.guarantee",
            "commit.interval.ms",
            "num.stream.threads",
            "http.host",
            "http.port",
            "advertised.host",
            "policy",
            "create.topics",
            "cache.files");

    public AnalyzerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Policy.named(policy);
        repoPolicies = repoPolicies == null ? Map.of() : Map.copyOf(repoPolicies);
        repoPolicies.values().forEach(Policy::named);
        kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
        if (standbyReplicas < 0
                || commitIntervalMs < 0
                || streamThreads < 1
                || httpPort < 0
                || httpPort > 65535
                || cacheFiles < 0) {
            throw new IllegalArgumentException("invalid analyzer settings: standby " + standbyReplicas + ", commit "
                    + commitIntervalMs + " ms, threads " + streamThreads + ", http port " + httpPort + ", cache "
                    + cacheFiles + " files");
        }
    }

    /** The defaults alone. */
    public static AnalyzerConfig defaults() {
        return resolve(Map.of(), Map.of(), Map.of());
    }

    /** {@link #resolve(Map, Map, Map)} with this process's environment and an optional properties file. */
    public static AnalyzerConfig resolve(Map<String, String> flags, Path file) {
        return resolve(flags, System.getenv(), file == null ? Map.of() : readFile(file));
    }

    /**
     * The settings from flags, then environment, then file, then defaults.
     *
     * @throws IllegalArgumentException naming the setting, its source and the bad value
     */
    public static AnalyzerConfig resolve(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        Layers l = new Layers(flags, env, file);
        String host = hostName();
        String instance = l.get("instance.id", "analyzer-" + host);
        Map<String, String> policies = new TreeMap<>();
        Map<String, String> kafka = new TreeMap<>();
        for (Map<String, String> layer : List.of(file, flags)) {
            for (Map.Entry<String, String> e : layer.entrySet()) {
                if (e.getKey().startsWith("policy.")) {
                    policies.put(e.getKey().substring("policy.".length()), e.getValue());
                } else if (e.getKey().startsWith("kafka.")) {
                    kafka.put(e.getKey().substring("kafka.".length()), e.getValue());
                }
            }
        }
        String guarantee = l.get("processing.guarantee", StreamsConfig.AT_LEAST_ONCE);
        if (!guarantee.equals(StreamsConfig.AT_LEAST_ONCE) && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            throw new IllegalArgumentException(
                    l.source("processing.guarantee") + ": '" + guarantee + "' is not at_least_once or exactly_once_v2");
        }
        return new AnalyzerConfig(
                l.get("bootstrap.servers", "localhost:9092"),
                l.get("application.id", APPLICATION_ID),
                instance,
                Path.of(l.get(
                        "state.dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "revchain-analyzer", instance)
                                .toString())),
                l.integer("num.standby.replicas", 0),
                guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2),
                l.integer(
                        "commit.interval.ms",
                        guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
                                ? EXACTLY_ONCE_COMMIT_INTERVAL_MS
                                : COMMIT_INTERVAL_MS),
                l.integer("num.stream.threads", 1),
                l.get("http.host", "0.0.0.0"),
                l.integer("http.port", 8081),
                l.get("advertised.host", "localhost"),
                l.get("policy", Policy.ALEMBIC),
                policies,
                Boolean.parseBoolean(l.get("create.topics", "true")),
                l.longValue("cache.files", CACHE_FILES),
                kafka);
    }

    /** The policy {@code repo} is graded by. */
    public Policy policyFor(String repo) {
        return Policy.named(repoPolicies.getOrDefault(repo, policy));
    }

    /** A copy with other ports and directories (for several instances in one JVM). */
    public AnalyzerConfig withInstance(String id, Path dir, int port) {
        return new AnalyzerConfig(
                bootstrapServers,
                applicationId,
                id,
                dir,
                standbyReplicas,
                exactlyOnce,
                commitIntervalMs,
                streamThreads,
                httpHost,
                port,
                advertisedHost,
                policy,
                repoPolicies,
                createTopics,
                cacheFiles,
                kafka);
    }

    /**
     * The Kafka Streams properties.
     *
     * @param applicationServer {@code host:port} of this instance's query server, or {@code null}
     */
    public Properties streamsProperties(String applicationServer) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        p.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        // linger 0 sends at once when the producer is idle; under a backlog records pile up while a request is in
        // flight, and 16 KiB batches (the default) made the changelog path cost twice the CPU per event
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        // ingest commits a poll's events in one transaction: an aborted one (a fenced ingest instance) is never read
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        p.put("processing.exception.handler.global.enabled", "true");
        // every store of the process in one bounded block cache (BoundedRocksDb)
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        p.putAll(kafka);
        return p;
    }

    /** Every setting, secrets among the {@code kafka.*} ones redacted (the config is logged, and a record's own
     * {@code toString} would print a SASL password). */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        kafka.forEach((k, v) -> shown.put(k, KafkaSettings.secret(k) ? KafkaSettings.REDACTED : v));
        return "AnalyzerConfig[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", instanceId=" + instanceId + ", stateDir=" + stateDir + ", standbyReplicas=" + standbyReplicas
                + ", exactlyOnce=" + exactlyOnce + ", commitIntervalMs=" + commitIntervalMs + ", streamThreads="
                + streamThreads + ", httpHost=" + httpHost + ", httpPort=" + httpPort + ", advertisedHost="
                + advertisedHost + ", policy=" + policy + ", repoPolicies=" + repoPolicies + ", createTopics="
                + createTopics + ", cacheFiles=" + cacheFiles + ", kafka=" + shown + "]";
    }

    /** Reads a {@code key=value} properties file. */
    public static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the analyzer settings: " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /** The environment variable a key is read from. */
    public static String envName(String key) {
        return "REVCHAIN_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The three sources in precedence order. */
    private record Layers(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        Layers {
            flags = flags == null ? Map.of() : flags;
            env = env == null ? Map.of() : env;
            file = file == null ? Map.of() : file;
        }

        String get(String key, String fallback) {
            String v = raw(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        private String raw(String key) {
            if (flags.containsKey(key)) {
                return flags.get(key);
            }
            if (env.containsKey(envName(key))) {
                return env.get(envName(key));
            }
            if (key.equals("bootstrap.servers") && env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                return env.get("KAFKA_BOOTSTRAP_SERVERS");
            }
            return file.get(key);
        }

        String source(String key) {
            if (flags.containsKey(key)) {
                return "--" + key;
            }
            if (env.containsKey(envName(key))) {
                return envName(key);
            }
            if (key.equals("bootstrap.servers") && env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                return "KAFKA_BOOTSTRAP_SERVERS";
            }
            return file.containsKey(key) ? "file setting " + key : key;
        }

        int integer(String key, int fallback) {
            String v = get(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source(key) + ": '" + v + "' is not a whole number");
            }
        }

        long longValue(String key, long fallback) {
            String v = get(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source(key) + ": '" + v + "' is not a whole number");
            }
        }
    }
}
