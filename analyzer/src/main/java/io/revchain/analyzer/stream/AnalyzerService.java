package io.revchain.analyzer.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.revchain.analyzer.serve.QueryServer;
import io.revchain.event.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One analyzer instance: the {@link AnalyzerTopology} on Kafka Streams, its meters (including Kafka Streams' own,
 * bound with {@link KafkaStreamsMetrics}) in the registry it is given, and the {@link QueryServer}.
 *
 * <p>{@link #start()} creates the revchain topics when missing (if {@code create.topics}), binds the HTTP port
 * first (so {@code application.server} names the real port), then starts the streams; it returns without waiting
 * for {@code RUNNING} ({@code /health/ready} tells). {@link #close()} stops the streams without leaving the group
 * (static membership: a restart within the session timeout gets its partitions back without a rebalance), then
 * the server.
 */
public final class AnalyzerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerService.class);

    private final AnalyzerConfig config;
    private final AnalyzerMetrics metrics;
    private QueryServer server;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    public AnalyzerService(AnalyzerConfig config, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new AnalyzerMetrics(registry);
    }

    /** Starts serving; idempotent. */
    public synchronized AnalyzerService start() {
        if (streams != null) {
            return this;
        }
        if (config.createTopics()) {
            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.bootstrapServers()))) {
                Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
        }
        try {
            server = QueryServer.start(config.httpHost(), config.httpPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the analyzer's HTTP port " + config.httpHost() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        HostInfo self = new HostInfo(config.advertisedHost(), server.port());
        streams = new KafkaStreams(AnalyzerTopology.build(config, metrics, Clock.systemUTC()),
                config.streamsProperties(self.host() + ":" + self.port()));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("analyzer stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        server.attach(streams, self);
        streams.start();
        LOG.info("analyzer {} started: HTTP on {}, Kafka {}", config.instanceId(), self, config.bootstrapServers());
        return this;
    }

    /** The bound HTTP port (valid after {@link #start()}). */
    public int httpPort() {
        if (server == null) {
            throw new IllegalStateException("the analyzer is not started");
        }
        return server.port();
    }

    /** Kafka Streams' state, or {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** The running streams (interactive queries, tests). */
    public KafkaStreams streams() {
        return streams;
    }

    public AnalyzerMetrics metrics() {
        return metrics;
    }

    public AnalyzerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streamsMetrics.close();
            streams = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
