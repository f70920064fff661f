package io.revchain.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET against a service's HTTP port, as a health check or a test asks it: bounded connect and response time. */
public final class HttpProbe {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpProbe() {}

    /** {@code GET http://127.0.0.1:port/path}. */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(URI.create("http://127.0.0.1:" + port + path));
    }

    /** {@code GET uri}. */
    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
