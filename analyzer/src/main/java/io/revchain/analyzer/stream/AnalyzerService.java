package io.revchain.analyzer.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.revchain.analyzer.serve.QueryServer;
import io.revchain.event.Topics;
import io.revchain.runtime.Health;
import io.revchain.runtime.Lifecycle;
import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One analyzer instance: the {@link AnalyzerTopology} on Kafka Streams, its meters (including Kafka Streams' own,
 * bound with {@link KafkaStreamsMetrics}) in the registry it is given, and the {@link QueryServer}.
 *
 * <p>{@link #start()} creates the revchain topics when missing (if {@code create.topics}), binds the HTTP port
 * (or mounts its queries on the process's server, {@link #servedBy}) first (so {@code application.server} names the real port), then starts the streams; it returns without waiting
 * for {@code RUNNING} ({@code /health/ready} tells). {@link #close()} stops the streams without leaving the group
 * (static membership: a restart within the session timeout gets its partitions back without a rebalance), then
 * the server. The constructor does no I/O.
 *
 * <p>As a {@link Service}, Kafka Streams' state decides the analyzer's: {@code RUNNING} is RUNNING;
 * {@code CREATED} and {@code REBALANCING} are STARTING (live, not ready); {@code ERROR}, and a shutdown nobody
 * asked for ({@code PENDING_SHUTDOWN}, {@code NOT_RUNNING} before {@link #close()}), are FAILED, with the exception
 * that killed the last stream thread as the cause. A stream thread that dies is replaced up to
 * {@value ThreadReplacements#DEFAULT_LIMIT} times in five minutes ({@link ThreadReplacements}); the next death
 * shuts the client down, rather than replaying a record that kills every thread for ever.
 */
public final class AnalyzerService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerService.class);

    private final AnalyzerConfig config;
    private final AnalyzerMetrics metrics;
    private final Clock clock;
    private final Health health;
    private final Lifecycle lifecycle = new Lifecycle("analyzer");
    private volatile ThreadReplacements replacements =
            new ThreadReplacements(ThreadReplacements.DEFAULT_LIMIT, ThreadReplacements.DEFAULT_WINDOW);
    private volatile Throwable lastThreadFailure;
    private QueryServer server;
    private volatile HttpRoutes mountOn;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    public AnalyzerService(AnalyzerConfig config, MeterRegistry registry) {
        this(config, registry, Clock.systemUTC(), null);
    }

    /**
     * An analyzer timing its reports with {@code clock}, whose health is part of {@code health} (the process's, when
     * several services share one; its own when {@code null}), which its query server answers
     * {@code /health/live} and {@code /health/ready} from.
     */
    public AnalyzerService(AnalyzerConfig config, MeterRegistry registry, Clock clock, Health health) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new AnalyzerMetrics(registry);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = health != null ? health : new Health();
        this.health.register(this);
    }

    @Override
    public String name() {
        return lifecycle.name();
    }

    /**
     * Starts serving.
     *
     * @throws IllegalStateException when started before, or closed
     */
    @Override
    public synchronized void start() {
        lifecycle.starting();
        try {
            startStreams();
        } catch (RuntimeException e) {
            lifecycle.failed(e);
            release();
            throw e;
        }
    }

    /**
     * How many stream thread deaths within five minutes are replaced before the analyzer shuts down (default
     * {@value ThreadReplacements#DEFAULT_LIMIT}; 0: the first one shuts it down). Set before {@link #start()}.
     */
    public AnalyzerService threadReplacements(int limit) {
        this.replacements = new ThreadReplacements(limit, ThreadReplacements.DEFAULT_WINDOW);
        return this;
    }

    /**
     * Serves the queries on the process's one server instead of binding {@code http.host:http.port}; its port is
     * then the one other instances are told ({@code application.server}). Set before {@link #start()}.
     */
    public AnalyzerService servedBy(HttpRoutes routes) {
        this.mountOn = Objects.requireNonNull(routes, "routes");
        return this;
    }

    /** {@link #start()}, then this analyzer (for try-with-resources). */
    public AnalyzerService started() {
        start();
        return this;
    }

    private void startStreams() {
        if (config.createTopics()) {
            try (Admin admin = Admin.create(adminProperties())) {
                Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
        }
        HttpRoutes shared = mountOn;
        try {
            server = shared != null
                    ? QueryServer.on(shared)
                    : QueryServer.start(config.httpHost(), config.httpPort(), health);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the analyzer's HTTP port " + config.httpHost() + ":" + config.httpPort() + ": "
                            + e.getMessage(),
                    e);
        }
        HostInfo self = new HostInfo(config.advertisedHost(), server.port());
        KafkaStreams s = new KafkaStreams(
                AnalyzerTopology.build(config, metrics, clock),
                config.streamsProperties(self.host() + ":" + self.port()));
        s.setUncaughtExceptionHandler(e -> {
            lastThreadFailure = e;
            StreamThreadExceptionResponse response = replacements.died(System.nanoTime());
            LOG.error(
                    response == StreamThreadExceptionResponse.REPLACE_THREAD
                            ? "analyzer stream thread failed; replacing it"
                            : "analyzer stream thread failed again; too many in a row, shutting the analyzer down",
                    e);
            return response;
        });
        streamsMetrics = new KafkaStreamsMetrics(s);
        streamsMetrics.bindTo(metrics.registry());
        server.attach(s, self);
        streams = s;
        s.start();
        LOG.info("analyzer {} started: HTTP on {}, Kafka {}", config.instanceId(), self, config.bootstrapServers());
    }

    /** The admin client's settings: the streams' own, as far as an admin client takes them (TLS, SASL…). */
    private Map<String, Object> adminProperties() {
        Properties p = config.streamsProperties(null);
        Map<String, Object> admin = new HashMap<>();
        p.stringPropertyNames().forEach(k -> {
            if (AdminClientConfig.configNames().contains(k)) {
                admin.put(k, p.get(k));
            }
        });
        return admin;
    }

    /** The analyzer's state, as Kafka Streams' state decides it (see the class comment). */
    @Override
    public ServiceState state() {
        ServiceState own = lifecycle.state();
        KafkaStreams s = streams;
        if (s == null || (own.phase() != ServiceState.Phase.STARTING && own.phase() != ServiceState.Phase.RUNNING)) {
            return own;
        }
        KafkaStreams.State now = s.state();
        switch (now) {
            case RUNNING:
                lifecycle.running();
                return ServiceState.RUNNING;
            case CREATED:
            case REBALANCING:
                return ServiceState.STARTING;
            default:
                Throwable cause = lastThreadFailure;
                lifecycle.failed(
                        cause != null
                                ? cause
                                : new IllegalStateException("Kafka Streams is " + now + " though nobody closed it"));
                return lifecycle.state();
        }
    }

    /** What this analyzer's {@code /health/live} and {@code /health/ready} answer from. */
    public Health health() {
        return health;
    }

    /** The bound HTTP port (valid after {@link #start()}). */
    public int httpPort() {
        QueryServer s = server;
        if (s == null) {
            throw new IllegalStateException("the analyzer is not started");
        }
        return s.port();
    }

    /** Kafka Streams' state, or {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State streamsState() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
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
    public void close() {
        // a failure seen before the close keeps the analyzer FAILED
        state();
        if (lifecycle.closing()) {
            release();
        }
    }

    private synchronized void release() {
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
