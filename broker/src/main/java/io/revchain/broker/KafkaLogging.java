package io.revchain.broker;

import java.util.Map;

/**
 * Keeps Kafka's own logging at WARN (ERROR for two chatty loggers) unless the user said otherwise.
 *
 * <p>Kafka 4.4 logs through the slf4j API (2.x is pinned by the parent pom; Kafka declares 1.7) and brings
 * log4j-core at runtime only for its dynamic log-level MBean. revchain binds slf4j to {@code slf4j-simple}, whose
 * per-logger levels are read from system properties each time a logger is created; so setting the properties
 * before the broker's classes create their loggers is enough. A property that is already set (on the command line
 * or by the application) is left alone, and with another slf4j backend these properties are simply unused.
 */
public final class KafkaLogging {
    private KafkaLogging() {}

    private static final String PREFIX = "org.slf4j.simpleLogger.log.";

    /** Logger name prefixes Kafka's broker, controller, raft and clients log under. */
    static final Map<String, String> QUIET = Map.of(
            "kafka", "warn",
            "org.apache.kafka", "warn",
            "state.change.logger", "warn",
            // logs every routine activation of an empty or restarted metadata log at WARN
            "org.apache.kafka.controller.QuorumController", "error",
            // warns on every clean broker shutdown ("already been closed") and every refused connection to a
            // broker that is stopping
            "org.apache.kafka.clients.NetworkClient", "error");

    /** Sets the quiet level for every Kafka logger prefix that has no level configured yet. */
    public static void quiet() {
        QUIET.forEach((logger, level) -> {
            if (System.getProperty(PREFIX + logger) == null) {
                System.setProperty(PREFIX + logger, level);
            }
        });
    }
}
