package io.revchain.analyzer.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.revchain.analyzer.stream.AnalyzerTopology;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.BranchKey;
import io.revchain.event.EventJson;
import io.revchain.event.HealthReport;
import io.revchain.runtime.Health;
import io.revchain.runtime.http.GuardedHttpServer;
import io.revchain.runtime.http.HealthRoutes;
import io.revchain.runtime.http.HttpRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the analyzer's health store, on the shared {@link GuardedHttpServer} (the JDK's HTTP
 * server with a request timeout per connection and enough threads that slow clients cannot starve it).
 *
 * <ul>
 *   <li>{@code GET /repos}: every repository branch (id, branch, status, commit, revision/head/base/finding
 *   counts) from every instance: this one's store plus each other instance's, asked with {@code ?scope=local};</li>
 *   <li>{@code GET /repos/{id}} (optionally {@code ?branch=}): the full latest report; a repository another
 *   instance owns ({@code queryMetadataForKey}) is forwarded to it, once;</li>
 *   <li>{@code GET /health/live} and {@code GET /health/ready}: the process's {@link Health} (503 when a service,
 *   this analyzer included, failed, resp. is not running).</li>
 * </ul>
 * Answers are JSON; while a rebalance leaves a store unavailable the answer is 503 with the reason.
 */
public final class QueryServer implements AutoCloseable {

    /** Marks a request forwarded by another instance, so it is never forwarded again. */
    static final String FORWARDED = "X-Revchain-Forwarded";

    private static final ObjectMapper JSON = EventJson.mapper();

    /** The server this one bound and owns; null when mounted on another's. */
    private final GuardedHttpServer own;

    private final HttpRoutes routes;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Supplier<KafkaStreams> streams = () -> null;
    private volatile HostInfo self;

    private QueryServer(GuardedHttpServer own, HttpRoutes routes) {
        this.own = own;
        this.routes = routes;
        routes.route("/repos", this::repos);
    }

    /** Serves the queries on {@code routes}, the process's one server, which answers health and metrics itself. */
    public static QueryServer on(HttpRoutes routes) {
        return new QueryServer(null, routes);
    }

    /** Binds {@code host:port} (0 = any free port) and starts serving; the streams are attached later. */
    public static QueryServer start(String host, int port) throws IOException {
        return start(host, port, new Health());
    }

    /** {@link #start(String, int)}, answering {@code /health/live} and {@code /health/ready} from {@code health}. */
    public static QueryServer start(String host, int port, Health health) throws IOException {
        GuardedHttpServer server = GuardedHttpServer.bind("revchain-analyzer-http", new InetSocketAddress(host, port));
        HealthRoutes.health(server, health);
        QueryServer q = new QueryServer(server, server);
        server.start();
        return q;
    }

    /** The port actually bound. */
    public int port() {
        return routes.port();
    }

    /** Serves queries from {@code streams}, which knows this instance as {@code self} ({@code application.server}). */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.streams = () -> streams;
        this.self = self;
    }

    private void repos(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, error("only GET"));
                return;
            }
            KafkaStreams s = streams.get();
            if (s == null) {
                send(ex, 503, error("the analyzer is starting"));
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String rest = path.length() > "/repos".length() ? path.substring("/repos/".length()) : "";
            String query = ex.getRequestURI().getRawQuery();
            if (rest.isEmpty()) {
                list(ex, s, query != null && query.contains("scope=local"));
            } else {
                one(ex, s, URLDecoder.decode(rest, StandardCharsets.UTF_8), param(query, "branch"));
            }
        } catch (InvalidStateStoreException e) {
            send(ex, 503, error("state store not available (rebalancing?): " + e.getMessage()));
        } catch (RuntimeException e) {
            send(ex, 500, error(e.toString()));
        }
    }

    private void list(HttpExchange ex, KafkaStreams s, boolean localOnly) throws IOException {
        ArrayNode out = JSON.createArrayNode();
        List<HealthReport> local = new ArrayList<>();
        try (KeyValueIterator<String, HealthReport> it = store(s).all()) {
            it.forEachRemaining(kv -> local.add(kv.value));
        }
        local.sort(Comparator.comparing(HealthReport::key));
        local.forEach(r -> out.add(summary(r)));
        if (!localOnly) {
            for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
                if (m.hostInfo().equals(self) || !m.stateStoreNames().contains(AnalyzerTopology.HEALTH_STORE)) {
                    continue;
                }
                HttpResponse<String> r = get(m.hostInfo(), "/repos?scope=local");
                if (r.statusCode() != 200) {
                    send(ex, 502, error("instance " + m.hostInfo() + " answered " + r.statusCode()));
                    return;
                }
                JSON.readTree(r.body()).forEach(out::add);
            }
        }
        send(ex, 200, out);
    }

    private void one(HttpExchange ex, KafkaStreams s, String repo, String branch) throws IOException {
        boolean forwarded = ex.getRequestHeaders().containsKey(FORWARDED);
        KeyQueryMetadata meta = s.queryMetadataForKey(
                AnalyzerTopology.HEALTH_STORE, repo, Serdes.String().serializer());
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
            send(ex, 503, error("no instance owns '" + repo + "' yet (starting or rebalancing)"));
            return;
        }
        if (!forwarded && self != null && !meta.activeHost().equals(self)) {
            String uri = "/repos/" + URLEncoder.encode(repo, StandardCharsets.UTF_8)
                    + (branch == null ? "" : "?branch=" + URLEncoder.encode(branch, StandardCharsets.UTF_8));
            HttpResponse<String> r = get(meta.activeHost(), uri);
            sendRaw(ex, r.statusCode(), r.body(), meta.activeHost().toString());
            return;
        }
        List<HealthReport> reports = new ArrayList<>();
        try (KeyValueIterator<String, HealthReport> it =
                store(s).prefixScan(repo + BranchKey.SEPARATOR, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> reports.add(kv.value));
        }
        HealthReport pick = reports.stream()
                .filter(r -> branch == null || r.branch().equals(branch))
                .max(Comparator.comparing(HealthReport::analyzedAt))
                .orElse(null);
        if (pick == null) {
            send(ex, 404, error("no report for '" + repo + "'" + (branch == null ? "" : " on branch " + branch)));
            return;
        }
        sendRaw(ex, 200, JSON.writeValueAsString(pick), self == null ? "local" : self.toString());
    }

    private static ReadOnlyKeyValueStore<String, HealthReport> store(KafkaStreams s) {
        return s.store(StoreQueryParameters.fromNameAndType(
                AnalyzerTopology.HEALTH_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private HttpResponse<String> get(HostInfo host, String pathAndQuery) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .header(FORWARDED, "1")
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + host, e);
        }
    }

    private static ObjectNode summary(HealthReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.repo())
                .put("branch", r.branch())
                .put("status", r.status().label())
                .put("commit", r.commit())
                .put("revisions", r.revisions())
                .put("heads", r.heads().size())
                .put("bases", r.bases().size())
                .put("findings", r.findings().size())
                .put("errors", r.findings().stream().filter(Finding::isError).count())
                .put(
                        "warnings",
                        r.findings().stream()
                                .filter(f -> f.severity() == Severity.WARNING)
                                .count())
                .put("analyzedAt", r.analyzedAt().toString());
        return n;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        sendRaw(ex, status, JSON.writeValueAsString(body), null);
    }

    private static void sendRaw(HttpExchange ex, int status, String body, String servedBy) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (servedBy != null) {
            ex.getResponseHeaders().set("X-Revchain-Served-By", servedBy);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
