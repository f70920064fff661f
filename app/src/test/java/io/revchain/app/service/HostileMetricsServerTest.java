package io.revchain.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.runtime.http.HealthServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The services' /metrics (and health) server against slow clients (one used to block the scrape). */
class HostileMetricsServerTest {

    private final List<Socket> slow = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
    }

    @Test
    @Timeout(60)
    void twenty_half_sent_requests_leave_metrics_answering() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("revchain_test_total").increment();
        try (HealthServer server = HealthServer.bind(
                        "revchain-metrics-http", new InetSocketAddress("127.0.0.1", 0), registry::scrape)
                .start()) {
            int port = server.port();
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream()
                        .write("GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(300);

            HttpResponse<String> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("revchain_test_total");
        }
    }
}
