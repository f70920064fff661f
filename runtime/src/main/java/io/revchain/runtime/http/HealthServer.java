package io.revchain.runtime.http;

import com.sun.net.httpserver.HttpHandler;
import io.revchain.runtime.Health;
import io.revchain.runtime.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A process's health server: a {@link GuardedHttpServer} serving {@code /health/live}, {@code /health/ready} over
 * the {@link Service}s {@linkplain #register registered} with it and {@code /metrics}, plus any other routes the
 * process adds (the analyzer's queries, the reporter's dashboard). No Host allow-list unless one is set: probes and
 * Prometheus reach it by any name.
 */
public final class HealthServer implements HttpRoutes, AutoCloseable {

    private final GuardedHttpServer server;
    private final Health health;

    private HealthServer(GuardedHttpServer server, Health health) {
        this.server = server;
        this.health = health;
    }

    /**
     * Binds {@code address} (port 0: any free port), not yet started.
     *
     * @param name    the server threads' name prefix
     * @param scrape  the Prometheus text for {@code /metrics}, or null for no {@code /metrics}
     */
    public static HealthServer bind(String name, InetSocketAddress address, Supplier<String> scrape)
            throws IOException {
        return bind(name, address, scrape, new Health());
    }

    /** {@link #bind(String, InetSocketAddress, Supplier)} answering from an existing {@code health}. */
    public static HealthServer bind(String name, InetSocketAddress address, Supplier<String> scrape, Health health)
            throws IOException {
        GuardedHttpServer s = GuardedHttpServer.bind(name, address);
        HealthRoutes.health(s, health);
        if (scrape != null) {
            HealthRoutes.metrics(s, scrape);
        }
        return new HealthServer(s, health);
    }

    /** Makes {@code service}'s state part of this process's health; returns it. */
    public <S extends Service> S register(S service) {
        return health.register(service);
    }

    /** What the health routes answer from. */
    public Health health() {
        return health;
    }

    @Override
    public HealthServer route(String path, HttpHandler handler) {
        server.route(path, handler);
        return this;
    }

    /** See {@link GuardedHttpServer#allowHosts}. */
    public HealthServer allowHosts(Set<String> hosts) {
        server.allowHosts(hosts);
        return this;
    }

    public HealthServer start() {
        server.start();
        return this;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
