package io.revchain.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import io.revchain.runtime.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The health and metrics routes every service process serves, on any {@link GuardedHttpServer}:
 * {@code /health/live}, {@code /health/ready} (from a {@link Health}) and {@code /metrics} (Prometheus text).
 * {@code GET} and {@code HEAD} only; answers are never cached.
 */
public final class HealthRoutes {

    /** Prometheus' text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HealthRoutes() {}

    /** Serves {@code /health/live} and {@code /health/ready} from {@code health} on {@code server}. */
    public static void health(GuardedHttpServer server, Health health) {
        server.route("/health/live", ex -> answer(ex, health.live()));
        server.route("/health/ready", ex -> answer(ex, health.ready()));
    }

    /** Serves {@code /metrics} from {@code scrape} (e.g. {@code PrometheusMeterRegistry::scrape}) on {@code server}. */
    public static void metrics(GuardedHttpServer server, Supplier<String> scrape) {
        server.route("/metrics", ex -> send(ex, 200, PROMETHEUS_TEXT, scrape.get()));
    }

    /** Answers {@code ex} with a health answer (200 or 503, JSON). */
    public static void answer(HttpExchange ex, Health.Answer answer) throws IOException {
        send(ex, answer.status(), "application/json; charset=utf-8", answer.json());
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(method);
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
            }
        }
    }
}
