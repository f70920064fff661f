package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reporter's HTTP surface against hostile peers: slow clients. No broker needed. */
class HostileReporterHttpTest {

    private final List<Socket> slow = new ArrayList<>();
    private ReporterHttp http;

    @AfterEach
    void close() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (http != null) {
            http.stop();
        }
    }

    private ReporterHttp serve(ReporterConfig config) throws IOException {
        ReporterService reporter = new ReporterService(config, null, Clock.systemUTC());
        http = new ReporterHttp(new InetSocketAddress(config.bindAddress(), 0), reporter);
        http.start();
        return http;
    }

    /** Opens {@code n} connections that each send half a request header and then nothing. */
    static List<Socket> halfRequests(int port, int n, List<Socket> into) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            OutputStream out = s.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            into.add(s);
        }
        return into;
    }

    @Test
    @Timeout(60)
    void wrong_or_hostile_query_strings_get_a_one_line_400_and_unknown_histories_a_404() throws Exception {
        int port = serve(ReporterConfig.defaults("127.0.0.1:9").withHttp("127.0.0.1", 0))
                .port();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Function<String, HttpResponse<String>> get = path -> {
            try {
                return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(path, e);
            }
        };

        HttpResponse<String> page = get.apply("/api/repos?page=1&size=10");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"pages\":1", "\"rows\":[]");
        assertThat(get.apply("/api/repos").body()).isEqualTo("[]");

        // a malformed escape, which the JDK's client will not send, over a socket
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.getOutputStream()
                    .write("GET /api/repos?q=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // the JDK's server refuses it before any route: a 400 all the same, never a 500
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        for (String bad : List.of(
                "/api/repos?size=0",
                "/api/repos?status=on-fire",
                "/api/repos?page=99999999999",
                "/api/repos?q=" + "a".repeat(2000))) {
            HttpResponse<String> r = get.apply(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("bad request: ").endsWith("\n");
            assertThat(r.body().strip()).as(bad).doesNotContain("\n").hasSizeLessThan(300);
        }
        assertThat(get.apply("/api/repos/nobody@main/history").statusCode()).isEqualTo(404);
        assertThat(get.apply("/api/repos/nobody/history").statusCode()).isEqualTo(404);
        assertThat(get.apply("/api/repos//history").statusCode()).isEqualTo(404);
    }

    @Test
    @Timeout(60)
    void twenty_half_sent_requests_leave_metrics_dashboard_and_api_answering() throws Exception {
        int port = serve(ReporterConfig.defaults("127.0.0.1:9").withHttp("127.0.0.1", 0))
                .port();
        halfRequests(port, 20, slow);
        Thread.sleep(300); // the server has taken them up

        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String path : List.of("/metrics", "/", "/api/repos", "/api/compliance")) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void every_answer_forbids_framing_sniffing_referrers_and_foreign_code() throws Exception {
        int port = serve(ReporterConfig.defaults("127.0.0.1:9").withHttp("127.0.0.1", 0))
                .port();
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/", "/api/repos", "/metrics", "/nowhere")) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp)
                    .as(path)
                    .contains("frame-ancestors 'none'")
                    .contains("default-src 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void the_policy_allows_exactly_the_dashboards_own_inline_script_and_style() throws Exception {
        int port = serve(ReporterConfig.defaults("127.0.0.1:9").withHttp("127.0.0.1", 0))
                .port();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String page = r.body();
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();

        for (String element : List.of("script", "style")) {
            Matcher m = Pattern.compile("<" + element + "(\\s[^>]*)?>(.*?)</" + element + ">", Pattern.DOTALL)
                    .matcher(page);
            int found = 0;
            while (m.find()) {
                found++;
                String hash = Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                .digest(m.group(2).getBytes(StandardCharsets.UTF_8)));
                assertThat(csp).as(element + " #" + found).contains("'sha256-" + hash + "'");
            }
            assertThat(found).as(element).isPositive();
        }
        // a style="…" or on…="…" attribute would be blocked by the policy: the page has none
        assertThat(page).doesNotContainPattern("<[^>]*\\sstyle=").doesNotContainPattern("<[^>]*\\son[a-z]+=");
        assertThat(csp).contains("connect-src 'self'");
    }

    @Test
    void a_host_name_not_allowed_is_refused_so_dns_rebinding_cannot_read_the_api() throws Exception {
        int port = serve(ReporterConfig.defaults("127.0.0.1:9").withHttp("127.0.0.1", 0))
                .port();

        assertThat(statusWithHost(port, "/api/repos", "rebound.attacker.example:" + port))
                .contains(" 421");
        assertThat(statusWithHost(port, "/", "rebound.attacker.example")).contains(" 421");
        assertThat(statusWithHost(port, "/metrics", "reporter:" + port)).contains(" 421");
        assertThat(statusWithHost(port, "/api/repos", "localhost:" + port)).contains(" 200");
        assertThat(statusWithHost(port, "/api/repos", "127.0.0.1:" + port)).contains(" 200");
        assertThat(statusWithHost(port, "/api/repos", "[::1]:" + port)).contains(" 200");
    }

    @Test
    void prometheus_scraping_by_host_name_works_once_the_name_is_allowed() throws Exception {
        ReporterConfig config = ReporterConfig.defaults("127.0.0.1:9")
                .withHttp("127.0.0.1", 0)
                .withAllowedHosts(ReporterConfig.parseHosts("reporter, Metrics.Internal"));
        int port = serve(config).port();

        assertThat(statusWithHost(port, "/metrics", "reporter:" + port)).contains(" 200");
        assertThat(statusWithHost(port, "/metrics", "metrics.internal")).contains(" 200");
        assertThat(statusWithHost(port, "/metrics", "elsewhere.example")).contains(" 421");
    }

    /** The status line of a raw request for {@code path} with {@code host} as its Host header. */
    static String statusWithHost(int port, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
