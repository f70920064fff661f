package io.revchain.repairer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens or updates the pull request of a fix branch through the GitHub REST API ({@code GET/POST/PATCH
 * /repos/{owner}/{repo}/pulls}). Decides: an open pull request for the branch whose title and body already match is
 * left as it is, one that differs is updated, and none means one is opened.
 *
 * <p>The token travels only in the {@code Authorization} header; it is scrubbed from every error message, so it
 * cannot reach a log line or an event.
 */
public final class GitHubPulls implements PullRequests {

    /** The public GitHub API. */
    public static final URI GITHUB_API = URI.create("https://api.github.com");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GITHUB_URL = Pattern.compile(
            "^(?:https?://(?:[^@/]+@)?github\\.com/|ssh://git@github\\.com/|git@github\\.com:)([^/]+)/([^/]+?)(?:\\.git)?/?$");

    /** What {@link #ensure} did. */
    public enum Action {
        OPENED,
        UPDATED,
        UNCHANGED
    }

    /** The pull request after {@link #ensure}. */
    public record Result(Action action, int number, String url) {}

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;

    public GitHubPulls(URI api, Duration timeout) {
        this.api = Objects.requireNonNull(api, "api");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code owner/name} of a GitHub remote url ({@code https}, {@code ssh} or scp-like), if it is one. */
    public static Optional<String> repositoryOf(String url) {
        Matcher m = GITHUB_URL.matcher(url.trim());
        return m.matches() ? Optional.of(m.group(1) + "/" + m.group(2)) : Optional.empty();
    }

    /**
     * Makes sure an open pull request from {@code head} into {@code base} carries {@code title} and {@code body}.
     *
     * @param repository {@code owner/name}
     * @throws IOException when the API refuses or does not answer (the message never holds the token)
     */
    @Override
    public Result ensure(String repository, String token, String head, String base, String title, String body)
            throws IOException {
        String owner = repository.substring(0, repository.indexOf('/'));
        String pulls = "/repos/" + repository + "/pulls";
        JsonNode open = call(
                token,
                "GET",
                pulls + "?state=open&head=" + URLEncoder.encode(owner + ":" + head, StandardCharsets.UTF_8),
                null);
        ObjectNode payload = JSON.createObjectNode().put("title", title).put("body", body);
        if (open.isArray() && !open.isEmpty()) {
            JsonNode pr = open.get(0);
            int number = pr.path("number").asInt();
            if (title.equals(pr.path("title").asText())
                    && body.equals(pr.path("body").asText())) {
                return new Result(Action.UNCHANGED, number, pr.path("html_url").asText());
            }
            JsonNode updated = call(token, "PATCH", pulls + "/" + number, payload);
            return new Result(Action.UPDATED, number, updated.path("html_url").asText());
        }
        payload.put("head", head).put("base", base).put("maintainer_can_modify", true);
        JsonNode created = call(token, "POST", pulls, payload);
        return new Result(
                Action.OPENED,
                created.path("number").asInt(),
                created.path("html_url").asText());
    }

    private JsonNode call(String token, String method, String path, JsonNode payload) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.toString().replaceAll("/+$", "") + path))
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "revchain-repairer")
                .header("Authorization", "Bearer " + token);
        if (payload == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(payload)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + path + " interrupted", e);
        } catch (IOException e) {
            throw new IOException(scrub(method + " " + path + " failed: " + e.getMessage(), token));
        }
        if (r.statusCode() / 100 != 2) {
            String text = r.body() == null ? "" : r.body();
            throw new IOException(scrub(
                    method + " " + path + " answered " + r.statusCode() + ": "
                            + text.substring(0, Math.min(200, text.length())),
                    token));
        }
        return r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static String scrub(String text, String token) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
