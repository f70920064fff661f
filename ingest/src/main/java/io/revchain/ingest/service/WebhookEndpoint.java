package io.revchain.ingest.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.revchain.event.PushTrigger;
import io.revchain.event.RepositoryRecord;
import io.revchain.ingest.webhook.DeliveryLog;
import io.revchain.ingest.webhook.Forge;
import io.revchain.ingest.webhook.WebhookDecision;
import io.revchain.runtime.http.GuardedHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push webhook endpoint, {@code POST /webhooks/github|gitlab|gitea|forgejo}: a thin adapter around
 * {@link WebhookDecision}. It refuses a body over {@code maxBytes} with {@code 413} (from its
 * {@code Content-Length} before reading anything, else once that many bytes were read), hands an accepted trigger
 * to {@code publish} (an asynchronous send: the request never waits for Kafka's acknowledgement, let alone for git)
 * and answers with the decision's status and one line. Never logs or echoes a secret, a signature or the body.
 */
final class WebhookEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

    /** The path the endpoint is mounted on. */
    static final String PATH = "/webhooks/";

    private final Function<String, Optional<RepositoryRecord>> directory;
    private final Function<String, String> env;
    private final DeliveryLog deliveries;
    private final Consumer<PushTrigger> publish;
    private final int maxBytes;

    WebhookEndpoint(
            Function<String, Optional<RepositoryRecord>> directory,
            Function<String, String> env,
            DeliveryLog deliveries,
            Consumer<PushTrigger> publish,
            int maxBytes) {
        this.directory = directory;
        this.env = env;
        this.deliveries = deliveries;
        this.publish = publish;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                respond(ex, 405, "POST only");
                return;
            }
            String path = ex.getRequestURI().getPath();
            Optional<Forge> forge = path.startsWith(PATH) && path.indexOf('/', PATH.length()) < 0
                    ? Forge.ofPath(path.substring(PATH.length()))
                    : Optional.empty();
            if (forge.isEmpty()) {
                respond(
                        ex,
                        404,
                        "unknown forge: use /webhooks/github, /webhooks/gitlab, /webhooks/gitea or "
                                + "/webhooks/forgejo");
                return;
            }
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            if (length != null && tooLong(length)) {
                respond(ex, 413, "body over " + maxBytes + " bytes");
                return;
            }
            // under the server's request timeout: a trickled body frees its thread like a trickled header
            byte[] body = GuardedHttpServer.readBody(ex, maxBytes + 1);
            if (body.length > maxBytes) {
                respond(ex, 413, "body over " + maxBytes + " bytes");
                return;
            }
            WebhookDecision.Outcome o = WebhookDecision.decide(
                    forge.get(), ex.getRequestHeaders()::getFirst, body, directory, env, deliveries, Instant.now());
            if (o.trigger() != null) {
                publish.accept(o.trigger());
            }
            if (o.status() == 401) {
                LOG.warn("webhook from {} refused: {}", forge.get().wire(), o.message());
            } else {
                LOG.debug("webhook from {}: {} {}", forge.get().wire(), o.status(), o.message());
            }
            respond(ex, o.status(), o.message());
        }
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void respond(HttpExchange ex, int status, String message) throws IOException {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
