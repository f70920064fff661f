package io.revchain.reporter.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import io.revchain.event.EventJson;
import io.revchain.reporter.model.RepoHistory;
import io.revchain.reporter.model.RepoQuery;
import io.revchain.runtime.Health;
import io.revchain.runtime.http.GuardedHttpServer;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
 *   <li>{@code /api/repos} one object per branch ({@link io.revchain.reporter.model.RepoView}, with its fix-branch
 *   state); with any of the parameters {@code status}, {@code q}, {@code page}, {@code size}: one
 *   {@link io.revchain.reporter.model.RepoPage} of them, filtered and sorted by severity ({@link RepoQuery}; a
 *   wrong parameter is a 400 naming it);</li>
 *   <li>{@code /api/repos/{repo@branch}/history} (or {@code /api/repos/{repo}/history}, every branch) the
 *   status history and fix proposals ({@link RepoHistory}); 404 when nothing is known of it;</li>
 *   <li>{@code /api/collisions} open collisions per repository: repository id → its
 *   {@link io.revchain.reporter.model.CollisionView}s (candidate, target, colliding revisions, findings, the
 *   repairer's proposal and its rebase branch);</li>
 *   <li>{@code /api/history} the charts' points over time, each with every target's value and verdict
 *   ({@link HistoryPoint});</li>
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
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String REPOS = "/api/repos/";
    private static final String HISTORY = "/history";
    /** The longest query string answered: the filters are short. */
    private static final int MAX_QUERY = 1024;

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
        Map<String, Function<Map<String, String>, Response>> routes = Map.of(
                "/", q -> new Response("text/html; charset=utf-8", dashboard),
                "/metrics", q -> new Response(PROMETHEUS_TEXT, reporter.scrape().getBytes(StandardCharsets.UTF_8)),
                "/api/compliance", q -> json(reporter.snapshot()),
                // no parameter: every row, as before paging (what scripts read); any: one page
                "/api/repos",
                        q -> q.isEmpty() ? json(reporter.view().rows()) : json(reporter.repos(RepoQuery.parse(q))),
                "/api/collisions", q -> json(reporter.view().collisionsByRepo()),
                // every organisation-wide finding, or (?repo=ID) those naming one repository
                "/api/org-findings",
                        q -> json(
                                q.containsKey("repo")
                                        ? reporter.orgFindings().of(q.get("repo"))
                                        : reporter.orgFindings()),
                "/api/history", q -> json(reporter.history()),
                "/health/live", q -> health(health.live()),
                "/health/ready", q -> health(health.ready()));
        server.route(
                "/",
                exchange -> handle(exchange, path -> {
                    Function<Map<String, String>, Response> route = routes.get(path);
                    if (route == null
                            && path.startsWith(REPOS)
                            && path.endsWith(HISTORY)
                            && path.length() > REPOS.length() + HISTORY.length()) {
                        String key = path.substring(REPOS.length(), path.length() - HISTORY.length());
                        route = q -> repoHistory(reporter, key);
                    }
                    return route;
                }));
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

        static Response text(int status, String text) {
            return new Response(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A branch's ({@code repo@branch}) or a repository's status histories; 404 when nothing is known of it. */
    private Response repoHistory(ReporterService reporter, String key) {
        List<RepoHistory> found = reporter.statusHistory(key);
        if (found.isEmpty()) {
            return Response.text(404, "no history of " + key);
        }
        return json(found);
    }

    /**
     * The query string's parameters (the last of a repeated name wins).
     *
     * @throws IllegalArgumentException when it is too long or not URL-encoded text
     */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        if (rawQuery.length() > MAX_QUERY) {
            throw new IllegalArgumentException("the query string is longer than " + MAX_QUERY + " characters");
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
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

    private void handle(HttpExchange exchange, Function<String, Function<Map<String, String>, Response>> routes)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Function<Map<String, String>, Response> route =
                    routes.apply(exchange.getRequestURI().getPath());
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
                    r = route.apply(parameters(exchange.getRequestURI().getRawQuery()));
                } catch (IllegalArgumentException e) {
                    // a wrong filter or page is the caller's mistake: say which, in one line
                    r = Response.text(400, "bad request: " + e.getMessage());
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
