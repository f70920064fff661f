package io.revchain.app.service;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.Topics;
import io.revchain.runtime.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka a command runs against: an external cluster, reached with the client settings of
 * {@link KafkaOptions#settings()} (TLS, SASL…), or an embedded KRaft broker started for the command's lifetime
 * (plain, on loopback). Closes what it started, last in first out.
 */
public final class Platform implements AutoCloseable {

    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private final Map<String, Object> settings;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Platform(EmbeddedKafka embedded, String bootstrap, Map<String, Object> settings) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
        this.settings = Map.copyOf(settings);
    }

    public static Platform start(KafkaOptions options, PrintWriter log) {
        KafkaSettings external = options.settings();
        if (external.bootstrapServers().isPresent()) {
            return new Platform(null, external.bootstrapServers().get(), external.asMap());
        }
        long t = System.nanoTime();
        EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults();
        if (options.dataDir() != null) {
            config = config.withDataDir(options.dataDir());
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        log.printf(
                "revchain: embedded Kafka broker (KRaft) at %s, started in %.1f s%n",
                kafka.bootstrapServers(), (System.nanoTime() - t) / 1e9);
        log.flush();
        return new Platform(kafka, kafka.bootstrapServers(), Map.of());
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Client settings every service starts from: the bootstrap servers and, on a real cluster, the rest. */
    public Map<String, Object> kafka() {
        Map<String, Object> m = new HashMap<>(settings);
        m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return m;
    }

    /** Creates the registry's topics that are missing (single-node replication on the embedded broker). */
    public List<String> createTopics(Optional<Integer> partitions) {
        Map<String, Object> adminSettings = new HashMap<>();
        kafka().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminSettings.put(k, v);
            }
        });
        try (Admin admin = Admin.create(adminSettings)) {
            return Topics.create(
                    admin, partitions, embedded() ? Optional.of((short) 1) : Optional.empty(), Duration.ofSeconds(30));
        }
    }

    /** Closes {@code c} before the broker when the platform closes. */
    public <T extends AutoCloseable> T own(T c) {
        owned.add(c);
        return c;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.err.println(
                        "revchain: closing " + owned.get(i).getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        owned.clear();
        if (embedded != null) {
            embedded.close();
        }
    }
}
