package io.revchain.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared server against slow, idle and misdirected clients. */
class HostileHttpServerTest {

    private final List<Socket> slow = new ArrayList<>();
    private GuardedHttpServer server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private int serve(int threads, Duration timeout) throws IOException {
        server = GuardedHttpServer.bind("test-http", new InetSocketAddress("127.0.0.1", 0), threads, timeout)
                .route("/ok", ex -> {
                    try (ex) {
                        byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
                        ex.sendResponseHeaders(200, body.length);
                        try (OutputStream o = ex.getResponseBody()) {
                            o.write(body);
                        }
                    }
                });
        server.start();
        return server.port();
    }

    private void halfRequests(int port, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream()
                    .write("GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }
    }

    private static int get(int port) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ok"))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    @Timeout(30)
    void twenty_half_sent_requests_leave_the_server_answering() throws Exception {
        int port = serve(GuardedHttpServer.DEFAULT_THREADS, GuardedHttpServer.DEFAULT_REQUEST_TIMEOUT);
        halfRequests(port, 20);
        Thread.sleep(300);

        assertThat(get(port)).isEqualTo(200);
        assertThat(get(port)).isEqualTo(200);
    }

    @Test
    @Timeout(30)
    void a_request_not_complete_within_the_timeout_is_closed_and_frees_its_thread() throws Exception {
        int port = serve(2, Duration.ofMillis(500));
        halfRequests(port, 4); // more than the threads

        for (Socket s : slow) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("the server closed the connection").isEqualTo(-1);
        }
        assertThat(get(port)).isEqualTo(200);
    }

    @Test
    @Timeout(30)
    void an_idle_keep_alive_connection_holds_no_thread() throws Exception {
        int port = serve(1, Duration.ofMillis(300));
        Socket idle = new Socket("127.0.0.1", port);
        slow.add(idle);
        idle.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        idle.getInputStream().read(new byte[64]);
        Thread.sleep(800);

        assertThat(get(port)).isEqualTo(200);
    }

    @Test
    void only_allowed_hosts_are_answered() throws Exception {
        int port = serve(2, Duration.ofSeconds(5));
        server.allowHosts(Set.of("localhost", "127.0.0.1", "[::1]", "Prometheus.Internal"));

        assertThat(statusWithHost(port, "localhost:" + port)).contains(" 200");
        assertThat(statusWithHost(port, "127.0.0.1")).contains(" 200");
        assertThat(statusWithHost(port, "[::1]:" + port)).contains(" 200");
        assertThat(statusWithHost(port, "prometheus.internal:9090")).contains(" 200");
        assertThat(statusWithHost(port, "rebound.attacker.example:" + port)).contains(" 421");
        assertThat(statusWithHost(port, "localhost.attacker.example")).contains(" 421");
    }

    @Test
    void host_names_are_compared_without_port_and_case() {
        assertThat(GuardedHttpServer.normalHost("LocalHost:8088")).isEqualTo("localhost");
        assertThat(GuardedHttpServer.normalHost("[::1]:8088")).isEqualTo("[::1]");
        assertThat(GuardedHttpServer.normalHost("::1")).isEqualTo("[::1]");
        assertThat(GuardedHttpServer.normalHost("reporter")).isEqualTo("reporter");
    }

    static String statusWithHost(int port, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write(("GET /ok HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    @Timeout(30)
    void a_body_trickled_past_the_timeout_is_cut_off_and_frees_its_thread() throws Exception {
        int port = serve(1, Duration.ofMillis(500));
        server.route("/post", ex -> {
            try (ex) {
                byte[] body = GuardedHttpServer.readBody(ex, 1 << 20);
                byte[] answer = (body.length + "\n").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, answer.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(answer);
                }
            }
        });
        // a whole body in time is read
        Socket quick = new Socket("127.0.0.1", port);
        slow.add(quick);
        quick.getOutputStream()
                .write("POST /post HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
                        .getBytes(StandardCharsets.US_ASCII));
        quick.setSoTimeout(5000);
        assertThat(new String(quick.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 200");

        // a complete header with a body that never comes, on the only thread
        Socket trickle = new Socket("127.0.0.1", port);
        slow.add(trickle);
        trickle.getOutputStream()
                .write("POST /post HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nfirst bytes"
                        .getBytes(StandardCharsets.US_ASCII));
        trickle.getOutputStream().flush();
        trickle.setSoTimeout(5000);
        int read;
        try {
            read = trickle.getInputStream().read();
        } catch (SocketException reset) {
            read = -1;
        }
        assertThat(read).as("the server closed the connection").isEqualTo(-1);
        assertThat(get(port)).isEqualTo(200);
    }
}
