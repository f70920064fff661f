package io.revchain.reporter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import io.revchain.event.EventJson;
import io.revchain.runtime.Health;
import io.revchain.runtime.http.GuardedHttpServer;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reporter's read-only HTTP surface, on the shared {@link GuardedHttpServer} (the JDK's server with a request
 * timeout per connection and enough threads that slow clients cannot starve it):
 * <ul>
 *   <li>{@code /} the dashboard (one self-contained page that polls the JSON endpoints);</li>
 *   <li>{@code /metrics} Prometheus text format;</li>
 *   <li>{@code /api/compliance} the current {@link io.revchain.event.ComplianceSnapshot} (JSON as on the
 *   topic; an unmeasured value is the string {@code "NaN"});</li>
 *   <li>{@code /api/repos} one object per branch ({@link io.revchain.reporter.model.RepoView});</li>
 *   <li>{@code /api/collisions} open collisions per repository: repository id → its
 *   {@link io.revchain.reporter.model.CollisionView}s (candidate, target, colliding revisions, findings, the
 *   repairer's proposal and its rebase branch);</li>
 *   <li>{@code /api/history} the sparkline's points ({@link HistoryPoint});</li>
 *   <li>{@code /health/live} and {@code /health/ready}: the process's {@link Health} (503 when a service failed,
 *   resp. is not running).</li>
 * </ul>
 * Only {@code GET} and {@code HEAD} are answered (405 otherwise); any other path is 404.
 *
 * <p>Against hostile web pages: only requests whose {@code Host} header is one of
 * {@link ReporterConfig#allowedHostsWithDefaults()} are answered ({@code 421} otherwise), so a DNS-rebinding page
 * cannot read {@code /api/repos}; set {@code REVCHAIN_HTTP_ALLOWED_HOSTS} ({@code --allowed-hosts}) to the names
 * Prometheus or a proxy use, e.g. {@code reporter} for a scrape of {@code reporter:8088}. Every answer carries
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} and a Content-Security-Policy that
 * allows nothing but the dashboard's own inline script and style (by their SHA-256 hashes, computed from the page
 * when it is loaded), requests to this origin, and no framing ({@code frame-ancestors 'none'}).
 */
final class ReporterHttp {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final GuardedHttpServer server;
    private final ObjectWriter json = EventJson.mapper().writer();
    private final byte[] dashboard;
    private final String contentSecurityPolicy;

    private final Health health;

    ReporterHttp(InetSocketAddress address, ReporterService reporter) throws IOException {
        this.health = reporter.health();
        this.dashboard = loadDashboard();
        this.contentSecurityPolicy = contentSecurityPolicy(new String(dashboard, StandardCharsets.UTF_8));
        this.server = GuardedHttpServer.bind("revchain-reporter-http", address)
                .allowHosts(reporter.config().allowedHostsWithDefaults());
        Map<String, Supplier<Response>> routes = Map.of(
                "/", () -> new Response("text/html; charset=utf-8", dashboard),
                "/metrics",
                        () -> new Response(
                                PROMETHEUS_TEXT, reporter.registry().scrape().getBytes(StandardCharsets.UTF_8)),
                "/api/compliance", () -> json(reporter.snapshot()),
                "/api/repos", () -> json(reporter.view().rows()),
                "/api/collisions", () -> json(reporter.view().collisionsByRepo()),
                "/api/history", () -> json(reporter.history()),
                "/health/live", () -> health(health.live()),
                "/health/ready", () -> health(health.ready()));
        server.route("/", exchange -> handle(exchange, routes));
    }

    /**
     * The policy for every answer: nothing but {@code page}'s own inline {@code <script>} and {@code <style>}
     * elements (by hash), fetches to this origin, and no framing.
     */
    static String contentSecurityPolicy(String page) {
        return "default-src 'none'; script-src " + hashes(page, "script") + "; style-src " + hashes(page, "style")
                + "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    private static String hashes(String page, String element) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<" + element + ">(.*?)</" + element + ">", Pattern.DOTALL)
                .matcher(page);
        while (m.find()) {
            out.add("'sha256-" + sha256(m.group(1)) + "'");
        }
        return out.isEmpty() ? "'none'" : String.join(" ", out);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private record Response(int status, String contentType, byte[] body) {
        Response(String contentType, byte[] body) {
            this(200, contentType, body);
        }
    }

    private static Response health(Health.Answer answer) {
        return new Response(answer.status(), JSON, answer.json().getBytes(StandardCharsets.UTF_8));
    }

    private Response json(Object value) {
        try {
            return new Response(JSON, json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange, Map<String, Supplier<Response>> routes) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Supplier<Response> route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                send(
                        exchange,
                        404,
                        new Response("text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8)),
                        true);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                send(
                        exchange,
                        405,
                        new Response(
                                "text/plain; charset=utf-8",
                                "read-only: GET or HEAD\n".getBytes(StandardCharsets.UTF_8)),
                        true);
            } else {
                Response r;
                try {
                    r = route.get();
                } catch (RuntimeException e) {
                    r = null;
                    send(
                            exchange,
                            500,
                            new Response(
                                    "text/plain; charset=utf-8",
                                    ("error: " + e + "\n").getBytes(StandardCharsets.UTF_8)),
                            true);
                }
                if (r != null) {
                    send(exchange, r.status(), r, method.equals("GET"));
                }
            }
        }
    }

    private void send(HttpExchange exchange, int status, Response r, boolean body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy", contentSecurityPolicy);
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

    /** The server, for the routes other services of the process add (the analyzer's queries in {@code run}). */
    HttpRoutes routes() {
        return server;
    }

    int port() {
        return server.port();
    }

    void stop() {
        server.close();
    }
}
