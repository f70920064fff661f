package io.revchain.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.runtime.Service;
import io.revchain.runtime.ServiceState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final class Flag implements Service {
        volatile ServiceState state = ServiceState.STARTING;

        @Override
        public String name() {
            return "loop";
        }

        @Override
        public void start() {}

        @Override
        public ServiceState state() {
            return state;
        }

        @Override
        public void close() {}
    }

    private static HttpResponse<String> get(int port, String path, String method) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthFromItsServicesAndMetricsAndExtraRoutes() throws Exception {
        try (HealthServer server =
                HealthServer.bind("test-health", new InetSocketAddress("127.0.0.1", 0), () -> "revchain_up 1\n")) {
            Flag loop = server.register(new Flag());
            server.route("/extra", ex -> {
                try (ex) {
                    ex.sendResponseHeaders(204, -1);
                }
            });
            server.start();
            int port = server.port();
            assertThat(get(port, "/health/live", "GET").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health/ready", "GET").statusCode()).isEqualTo(503);
            loop.state = ServiceState.RUNNING;
            assertThat(get(port, "/health/ready", "GET").statusCode()).isEqualTo(200);
            loop.state = ServiceState.failed(new IllegalStateException("boom"));
            HttpResponse<String> live = get(port, "/health/live", "GET");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("\"name\":\"loop\",\"state\":\"FAILED\"");
            assertThat(get(port, "/health/live", "HEAD").statusCode()).isEqualTo(503);
            HttpResponse<String> metrics = get(port, "/metrics", "GET");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).contains(HealthRoutes.PROMETHEUS_TEXT);
            assertThat(metrics.body()).isEqualTo("revchain_up 1\n");
            assertThat(get(port, "/metrics", "POST").statusCode()).isEqualTo(405);
            assertThat(get(port, "/extra", "GET").statusCode()).isEqualTo(204);
        }
    }
}
