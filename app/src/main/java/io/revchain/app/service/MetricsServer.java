package io.revchain.app.service;

import io.revchain.runtime.http.GuardedHttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} in Prometheus text format for a service that has no HTTP server of its own, on the shared
 * {@link GuardedHttpServer} (slow or idle clients cannot hold the scrape up). No Host allow-list: it serves only
 * metrics, and Prometheus reaches it by any service name.
 */
public final class MetricsServer implements AutoCloseable {

    private final GuardedHttpServer server;

    private MetricsServer(GuardedHttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
        GuardedHttpServer s = GuardedHttpServer.bind("revchain-metrics-http", new InetSocketAddress(host, port));
        s.route("/metrics", ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
                if (!"HEAD".equals(ex.getRequestMethod())) {
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(body);
                    }
                }
            }
        });
        s.start();
        return new MetricsServer(s);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
