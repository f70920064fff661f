package io.revchain.analyzer.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

/** The interactive-query server against slow clients (four used to freeze /repos). No broker needed. */
class HostileQueryServerTest {

    private final List<Socket> slow = new ArrayList<>();
    private QueryServer server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(60)
    void twenty_half_sent_requests_leave_repos_and_health_answering() throws Exception {
        server = QueryServer.start("127.0.0.1", 0);
        int port = server.port();
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream()
                    .write("GET /repos HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }
        Thread.sleep(300);

        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String path : List.of("/repos", "/health/live", "/health/ready")) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // no streams attached yet: /repos and /health/ready answer 503, but they answer
            assertThat(r.statusCode()).as(path).isIn(200, 503);
        }
    }
}
