package io.revchain.reporter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.revchain.core.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The reporter's read-only HTTP surface, on the JDK's {@link HttpServer}:
 * <ul>
 *   <li>{@code /} the dashboard (one self-contained page that polls the JSON endpoints);</li>
 *   <li>{@code /metrics} Prometheus text format;</li>
 *   <li>{@code /api/compliance} the current {@link io.revchain.core.event.ComplianceSnapshot} (JSON as on the
 *   topic; an unmeasured value is the string {@code "NaN"});</li>
 *   <li>{@code /api/repos} one object per branch ({@link io.revchain.reporter.model.RepoView});</li>
 *   <li>{@code /api/collisions} open collisions per repository: repository id → its
 *   {@link io.revchain.reporter.model.CollisionView}s (candidate, target, colliding revisions, findings, the
 *   repairer's proposal and its rebase branch);</li>
 *   <li>{@code /api/history} the sparkline's points ({@link HistoryPoint}).</li>
 * </ul>
 * Only {@code GET} and {@code HEAD} are answered (405 otherwise); any other path is 404.
 */
final class ReporterHttp {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectWriter json = EventJson.mapper().writer();
    private final byte[] dashboard;

    ReporterHttp(InetSocketAddress address, ReporterService reporter) throws IOException {
        this.dashboard = loadDashboard();
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "revchain-reporter-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        Map<String, Supplier<Response>> routes = Map.of(
                "/", () -> new Response("text/html; charset=utf-8", dashboard),
                "/metrics", () -> new Response(PROMETHEUS_TEXT,
                        reporter.registry().scrape().getBytes(StandardCharsets.UTF_8)),
                "/api/compliance", () -> json(reporter.snapshot()),
                "/api/repos", () -> json(reporter.view().rows()),
                "/api/collisions", () -> json(reporter.view().collisionsByRepo()),
                "/api/history", () -> json(reporter.history()));
        server.createContext("/", exchange -> handle(exchange, routes));
    }

    private record Response(String contentType, byte[] body) {}

    private Response json(Object value) {
        try {
            return new Response(JSON, json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(HttpExchange exchange, Map<String, Supplier<Response>> routes) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Supplier<Response> route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                send(exchange, 404, new Response("text/plain; charset=utf-8",
                        "not found\n".getBytes(StandardCharsets.UTF_8)), true);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(exchange, 405, new Response("text/plain; charset=utf-8",
                        "read-only: GET or HEAD\n".getBytes(StandardCharsets.UTF_8)), true);
            } else {
                Response r;
                try {
                    r = route.get();
                } catch (RuntimeException e) {
                    r = null;
                    send(exchange, 500, new Response("text/plain; charset=utf-8",
                            ("error: " + e + "\n").getBytes(StandardCharsets.UTF_8)), true);
                }
                if (r != null) {
                    send(exchange, 200, r, method.equals("GET"));
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, Response r, boolean body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (body) {
            exchange.sendResponseHeaders(status, r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static byte[] loadDashboard() throws IOException {
        try (InputStream in = ReporterHttp.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IOException("dashboard.html is missing from the reporter's resources");
            }
            return in.readAllBytes();
        }
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
