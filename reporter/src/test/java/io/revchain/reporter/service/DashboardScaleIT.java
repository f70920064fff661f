package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Severity;
import io.revchain.event.EventJson;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topic;
import io.revchain.event.Topics;
import io.revchain.reporter.compliance.Compliance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of an organisation of 1,000 repositories, rendered by a real headless Chromium: the first page
 * shows the most severe branches first with the page count, a filter in the address narrows the rows, a
 * branch's history shows when it broke and which fix branch fixed it, the fix-branch states read proposed,
 * merged, stale and replaced, every target has a chart over time; a screenshot is taken, and the page's
 * accessibility basics are checked on the rendered DOM (labels, table headers, text alternatives, the contrast of
 * every badge's colours as the page's CSS sets them).
 *
 * <p>The organisation (every record on the embedded broker's topics, read by a real reporter):
 * <ul>
 *   <li>{@code repo-0000} … {@code repo-0999}, one branch {@code main} each;</li>
 *   <li>every tenth ({@code i % 10 == 0}) unhealthy with {@code 1 + (i / 10) % 7} missing-hash errors, except
 *   {@code repo-0500} with 9 (the most severe of all);</li>
 *   <li>{@code i % 10 == 1}: a multiple-heads warning; {@code i % 50 == 2}: unavailable; the rest healthy;</li>
 *   <li>{@code repo-0010}: a pushed proposal (proposed); {@code repo-0020}: a proposal replaced by another plan on
 *   another fix branch (replaced, then proposed); {@code repo-0030}: proposed at one commit, then the branch moved
 *   on, still broken (stale); {@code repo-0003}: broke, fix proposed, healthy at a later commit, proposal closed
 *   (merged: the repairer's closure on the tombstone says main's history carries the plan; the {@code fixed}
 *   transition names the fix branch); {@code repo-0005}: the same, fixed by hand (the closure names no merged
 *   plan: stale).</li>
 * </ul>
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Tag("browser")
class DashboardScaleIT {

    private static final Path CHROMIUM = Paths.get(System.getProperty("revchain.chromium", "/usr/bin/chromium"));
    private static final int REPOS = 1000;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final double WCAG_AA = 4.5;

    private static EmbeddedKafka kafka;
    private static ReporterService reporter;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as(
                        "the dashboard test needs a real browser: %s is missing; install it with "
                                + "'apt-get install -y chromium' or point -Drevchain.chromium at one",
                        CHROMIUM)
                .isTrue();
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, Optional.empty(), Optional.of((short) 1), Duration.ofSeconds(30));
        }
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < REPOS; i++) {
                String repo = repo(i);
                if (i == 3) {
                    // broke, a fix proposed on it, then healthy at a later commit and the proposal closed
                    send(p, Topics.HEALTH, key(repo), report(repo, "a1", errors(2), 1));
                    send(p, Topics.FIX_PROPOSALS, key(repo), fix(repo, "a1", "revchain/fix-main-3333333"));
                    send(p, Topics.HEALTH, key(repo), report(repo, "a2", List.of(), 2));
                    closed(p, key(repo), new FixClosure("a2", List.of("revchain/fix-main-3333333")));
                    continue;
                }
                if (i == 5) {
                    // broke, a fix proposed, then fixed by hand: the repairer's closure names no merged plan
                    send(p, Topics.HEALTH, key(repo), report(repo, "e1", errors(1), 1));
                    send(p, Topics.FIX_PROPOSALS, key(repo), fix(repo, "e1", "revchain/fix-main-5555555"));
                    send(p, Topics.HEALTH, key(repo), report(repo, "e2", List.of(), 2));
                    closed(p, key(repo), new FixClosure("e2", List.of()));
                    continue;
                }
                send(p, Topics.HEALTH, key(repo), report(repo, "c" + i, findings(i), 0));
            }
            send(p, Topics.FIX_PROPOSALS, key(repo(10)), fix(repo(10), "c10", "revchain/fix-main-1010101"));
            send(p, Topics.FIX_PROPOSALS, key(repo(20)), fix(repo(20), "c20", "revchain/fix-main-2020aaa"));
            send(p, Topics.FIX_PROPOSALS, key(repo(20)), fix(repo(20), "c20", "revchain/fix-main-2020bbb"));
            send(p, Topics.FIX_PROPOSALS, key(repo(30)), fix(repo(30), "c30", "revchain/fix-main-3030303"));
            send(p, Topics.HEALTH, key(repo(30)), report(repo(30), "c30-next", findings(30), 3));
            p.flush();
        }
        reporter = new ReporterService(ReporterConfig.defaults(kafka.bootstrapServers())
                .withHttp("127.0.0.1", 0)
                .withSnapshotInterval(Duration.ofMillis(300))
                .withInstanceId("scale-it"));
        reporter.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> reporter.view().rows().size() == REPOS
                        && reporter.view().rows().stream()
                                .anyMatch(r -> r.key().equals(key(repo(30)))
                                        && r.commit().equals("c30-next"))
                        && reporter.history().size() >= 3);
    }

    @AfterAll
    static void stop() {
        if (reporter != null) {
            reporter.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static String repo(int i) {
        return String.format(Locale.ROOT, "repo-%04d", i);
    }

    static String key(String repo) {
        return repo + "@main";
    }

    static List<Finding> errors(int n) {
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new Finding(
                    Check.MISSING_CONSTITUTIONAL_HASH.wire(),
                    Severity.ERROR,
                    null,
                    "versions/m" + k + ".py",
                    1,
                    "no hash",
                    null,
                    List.of()));
        }
        return out;
    }

    static List<Finding> findings(int i) {
        if (i == 500) {
            return errors(9);
        }
        if (i % 10 == 0) {
            return errors(1 + (i / 10) % 7);
        }
        if (i % 10 == 1) {
            return List.of(new Finding(
                    Check.MULTIPLE_HEADS.wire(), Severity.WARNING, null, null, 0, "two heads", null, List.of()));
        }
        return List.of();
    }

    static HealthReport report(String repo, String commit, List<Finding> findings, int minute) {
        Instant at = T0.plusSeconds(60L * minute);
        int n = Integer.parseInt(repo.substring(5));
        if (n % 50 == 2) {
            return HealthReport.unreachable(repo, "main", at);
        }
        return new HealthReport(
                repo,
                "main",
                commit,
                10,
                List.of("h" + n),
                List.of("b" + n),
                findings,
                HealthStatus.of(findings),
                at,
                at,
                at.plusMillis(3));
    }

    static FixProposal fix(String repo, String commit, String branch) {
        return new FixProposal(
                repo,
                "main",
                commit,
                "merge",
                List.of(new FixAction("add-hash", "versions/m0.py", "m0", "missing-constitutional-hash", Risk.LOW)),
                "--- a/versions/m0.py\n+++ b/versions/m0.py\n# " + branch + "\n",
                Risk.LOW,
                true,
                branch);
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> p, Topic<String, V> topic, String key, V value) {
        byte[] v = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        p.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), v));
    }

    /** The repairer's tombstone with its closure in the header. */
    private static void closed(KafkaProducer<byte[], byte[]> p, String key, FixClosure closure) {
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(Topics.FIX_PROPOSALS.name(), key.getBytes(StandardCharsets.UTF_8), null);
        r.headers().add(FixClosure.HEADER, closure.toBytes());
        p.send(r);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        // one branch's records in the order sent
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static List<String> chromium(Path profile, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("chromium", ".log");
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=6000",
                "--enable-logging=stderr",
                "--v=0"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd)
                .redirectError(err.toFile())
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s; stderr in " + err);
        }
        assertThat(p.exitValue()).as("chromium exit status (stderr in %s)", err).isZero();
        List<String> log = Files.readAllLines(err);
        assertThat(log)
                .as("chromium console (stderr in %s)", err)
                .noneMatch(l -> l.contains("Content Security Policy") || l.contains("Uncaught"));
        String dom = Files.readString(out);
        Files.deleteIfExists(err);
        Files.deleteIfExists(out);
        return List.of(dom);
    }

    private static Document render(Path profile, String pathAndQuery) throws IOException, InterruptedException {
        String url = reporter.uri().resolve(pathAndQuery).toString();
        String dom = chromium(profile, "--dump-dom", url).get(0);
        return Jsoup.parse(dom, url);
    }

    private static List<String> keys(Document dom) {
        return dom.select("#repos tbody tr[data-key]").eachAttr("data-key");
    }

    @Test
    void the_first_page_shows_the_most_severe_first_with_the_page_count(@TempDir Path profile) throws Exception {
        Document dom = render(profile, "/");

        List<Element> rows = dom.select("#repos tbody tr[data-key]");
        assertThat(rows).hasSize(50);
        // repo-0500 has the most errors (9); then the broken ones by error count (7, 7, …), then by name
        assertThat(keys(dom).get(0)).isEqualTo("repo-0500@main");
        assertThat(rows).allMatch(r -> r.attr("data-status").equals("unhealthy"));
        List<Integer> errors = new ArrayList<>();
        for (Element r : rows) {
            errors.add(Integer.parseInt(
                    r.select("> td").get(7).select("summary").text().replaceAll(".*×", "")));
        }
        assertThat(errors).isSortedAccordingTo((a, b) -> b - a);
        assertThat(errors.get(1)).isEqualTo(7);
        assertThat(dom.getElementById("page-info").text()).isEqualTo("page 1 of 20");
        assertThat(dom.getElementById("repo-count").text())
                .isEqualTo("(1000 branches, 100 broken; 1000 shown by the filter)");
        assertThat(dom.getElementById("page-prev").hasAttr("disabled")).isTrue();
        assertThat(dom.getElementById("page-next").hasAttr("disabled")).isFalse();
        assertThat(dom.getElementById("card-repos").text()).isEqualTo("1000");
        assertThat(dom.getElementById("error").text()).isEmpty();

        // each target has a chart over time: axes with units, the time range, the target line, a verdict
        List<Element> charts = dom.select("#charts figure.chart");
        assertThat(charts).extracting(c -> c.attr("data-target")).containsExactlyElementsOf(Compliance.NAMES);
        for (Element c : charts) {
            Element svg = c.selectFirst("svg");
            assertThat(svg).isNotNull();
            String name = c.attr("data-target");
            String unit = name.endsWith("-ms") ? "ms" : name.equals(Compliance.THROUGHPUT_PER_SEC) ? "events/s" : "%";
            String tick = unit.equals("events/s") ? " /s" : " " + unit;
            List<String> texts = svg.select("text").eachText();
            // the y axis's title is the unit, each of its three ticks carries it, the x axis spans the time range
            assertThat(texts).as("axis labels of %s", name).contains(unit, "time");
            assertThat(texts.stream().filter(t -> t.matches("[0-9.]+" + tick)))
                    .as("y ticks of %s", name)
                    .hasSize(3);
            assertThat(texts.stream().filter(t -> t.matches("\\d{1,2}:\\d{2}:\\d{2}.*")))
                    .as("start and end times of %s", name)
                    .hasSize(2);
            assertThat(svg.select("line.axis")).hasSize(2);
            assertThat(svg.select("circle[class^=v-]")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(svg.select("line.goal")).hasSize(1);
            assertThat(c.select("figcaption .verdict").text()).isIn("pass", "fail", "not enough data", "idle");
        }
        assertThat(dom.getElementById("charts-range").text()).matches("\\(last \\d+ s, \\d+ snapshots\\)");
        // compliance: 100 broken repositories under the hash policy lack it; the table lists ten and says how many more
        assertThat(dom.select("#repo-compliance tbody tr[data-repo]")).hasSize(10);

        assertAccessible(dom);
    }

    @Test
    void a_filter_in_the_address_narrows_the_rows_and_shows_fix_branch_states(@TempDir Path profile) throws Exception {
        Document dom = render(profile, "/?q=repo-000");
        // ten matches, most severe first: broken, unavailable, warning, then healthy by name
        assertThat(keys(dom))
                .containsExactly(
                        "repo-0000@main",
                        "repo-0002@main",
                        "repo-0001@main",
                        "repo-0003@main",
                        "repo-0004@main",
                        "repo-0005@main",
                        "repo-0006@main",
                        "repo-0007@main",
                        "repo-0008@main",
                        "repo-0009@main");
        assertThat(dom.getElementById("page-info").text()).isEqualTo("page 1 of 1");
        assertThat(dom.getElementById("repo-filter").val()).isEqualTo("repo-000");
        Element merged = dom.selectFirst("#repos tr[data-key=repo-0003@main]");
        assertThat(merged.attr("data-fix")).isEqualTo("merged");
        assertThat(merged.select(".fix-name").text()).isEqualTo("revchain/fix-main-3333333");
        assertThat(merged.select(".fix-state + code + .detail").text())
                .isEqualTo("merged: its plan is in the history of a2; fix branch deleted");
        // fixed by hand: the repairer's closure names no merged plan, so the proposal no longer applies
        Element byHand = dom.selectFirst("#repos tr[data-key=repo-0005@main]");
        assertThat(byHand.attr("data-fix")).isEqualTo("stale");
        assertThat(byHand.select(".detail").text()).contains("fixed at e2 without it");

        Document broken = render(profile, "/?q=repo-00&status=unhealthy");
        assertThat(keys(broken)).hasSize(10).allMatch(k -> k.matches("repo-00\\d0@main"));
        Map<String, String> states = new HashMap<>();
        for (Element r : broken.select("#repos tbody tr[data-fix]")) {
            states.put(
                    r.attr("data-key"),
                    r.attr("data-fix") + " " + r.select(".fix-name").text());
        }
        assertThat(states)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "repo-0010@main", "proposed revchain/fix-main-1010101",
                        "repo-0020@main", "proposed revchain/fix-main-2020bbb",
                        "repo-0030@main", "stale revchain/fix-main-3030303"));
        assertThat(broken.getElementById("repo-status")
                        .select("option[selected]")
                        .text())
                .isEqualTo("unhealthy (broken)");
    }

    @Test
    void a_branch_history_says_when_it_broke_and_which_fix_branch_fixed_it(@TempDir Path profile) throws Exception {
        Document dom = render(profile, "/?q=repo-0003&open=repo-0003@main");
        Element history = dom.selectFirst("#repos tr.history-row[data-history-for=repo-0003@main]");
        assertThat(history).as("the opened history row").isNotNull();
        List<Element> changes = history.select("table.transitions tbody tr[data-kind]");
        // newest first: fixed at a2 by the fix branch, broke at a1 (first seen broken)
        assertThat(changes).extracting(r -> r.attr("data-kind")).containsExactly("fixed", "first-seen");
        List<String> fixed = changes.get(0).select("> td").eachText();
        assertThat(fixed.get(2)).isEqualTo("unhealthy → healthy");
        assertThat(fixed.get(3)).isEqualTo("a2");
        assertThat(fixed.get(5)).isEqualTo("revchain/fix-main-3333333");
        assertThat(changes.get(1).select("> td").eachText().get(4))
                .isEqualTo("2 error(s), 2 finding(s): missing-constitutional-hash");
        assertThat(history.select("table.fixes tbody tr[data-fix]").eachAttr("data-fix"))
                .containsExactly("merged");

        JsonNode replaced = json("/api/repos/repo-0020@main/history").get(0).get("fixes");
        assertThat(replaced.findValuesAsText("state")).containsExactly("proposed", "replaced");
        assertThat(replaced.get(1).get("detail").asText()).isEqualTo("replaced by revchain/fix-main-2020bbb");
        assertAccessible(dom);
    }

    @Test
    void the_api_pages_filters_and_refuses_a_wrong_parameter_in_one_line() throws Exception {
        JsonNode page = json("/api/repos?status=unhealthy&size=30&page=4");
        assertThat(page.get("matched").asInt()).isEqualTo(100);
        assertThat(page.get("pages").asInt()).isEqualTo(4);
        assertThat(page.get("page").asInt()).isEqualTo(4);
        assertThat(page.get("rows")).hasSize(10);
        assertThat(page.get("byStatus").get("unavailable").asInt()).isEqualTo(20);
        // no parameter: the unpaged array other readers know
        assertThat(json("/api/repos").isArray()).isTrue();
        assertThat(json("/api/repos")).hasSize(REPOS);

        HttpResponse<String> bad = get("/api/repos?page=two");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("bad request: page must be a whole number: 'two'\n");
        assertThat(get("/api/repos?status=broken").body()).startsWith("bad request: status must be all or");
        assertThat(get("/api/repos/nobody@main/history").statusCode()).isEqualTo(404);
    }

    @Test
    void a_screenshot_of_the_first_page(@TempDir Path profile) throws Exception {
        Path png = Paths.get("target", "dashboard-1000-repos.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        chromium(
                profile,
                "--screenshot=" + png,
                "--window-size=1400,1000",
                reporter.uri().toString());
        System.out.println("dashboard screenshot (1,000 repositories): " + png);
        assertPng(png);

        // the whole page, filtered to ten branches with one history open, the targets' charts below
        Path whole = Paths.get("target", "dashboard-1000-repos-history.png").toAbsolutePath();
        Files.deleteIfExists(whole);
        chromium(
                profile,
                "--screenshot=" + whole,
                "--window-size=1400,2600",
                reporter.uri().resolve("/?q=repo-000&open=repo-0003@main").toString());
        System.out.println("dashboard screenshot (a filter, a history, the charts): " + whole);
        assertPng(whole);
    }

    private static void assertPng(Path png) throws IOException {
        assertThat(png).isRegularFile();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(10_000);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(reporter.uri().toString()).resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body());
    }

    // ---- accessibility basics, on the rendered DOM ----

    static void assertAccessible(Document dom) {
        for (Element input : dom.select("input, select, textarea")) {
            boolean labelled = !input.attr("aria-label").isBlank()
                    || !input.attr("aria-labelledby").isBlank()
                    || (!input.id().isEmpty() && dom.selectFirst("label[for=" + input.id() + "]") != null);
            assertThat(labelled).as("a label for %s", input.outerHtml()).isTrue();
        }
        for (Element button : dom.select("button")) {
            assertThat(button.text().isBlank() && button.attr("aria-label").isBlank())
                    .as("a name for %s", button.outerHtml())
                    .isFalse();
        }
        assertThat(dom.select("table")).isNotEmpty();
        for (Element table : dom.select("table")) {
            assertThat(table.select("> thead th"))
                    .as("header cells of %s", table.id())
                    .isNotEmpty();
        }
        for (Element svg : dom.select("svg")) {
            String alt = svg.attr("aria-label");
            if (alt.isBlank() && svg.hasAttr("aria-labelledby")) {
                Element title = dom.getElementById(svg.attr("aria-labelledby"));
                alt = title == null ? "" : title.text();
            }
            assertThat(svg.attr("role")).isEqualTo("img");
            assertThat(alt).as("text alternative of a chart").isNotBlank().contains("over time");
        }
        assertThat(dom.select("img:not([alt])")).isEmpty();
        assertThat(dom.selectFirst("html").attr("lang")).isNotBlank();
        assertBadgeContrast(dom.select("style").html());
    }

    /**
     * Every badge ({@code .status.X}, {@code .fix-state.X}, {@code .verdict.X}): its foreground on its background,
     * as the page's CSS sets them (custom properties resolved), has a WCAG 2 contrast ratio of at least 4.5.
     */
    static void assertBadgeContrast(String css) {
        Map<String, String> vars = new HashMap<>();
        Matcher root = Pattern.compile(":root\\s*\\{([^}]*)}").matcher(css);
        assertThat(root.find()).as(":root in the page's CSS").isTrue();
        Matcher v = Pattern.compile("(--[\\w-]+)\\s*:\\s*([^;]+);").matcher(root.group(1));
        while (v.find()) {
            vars.put(v.group(1), v.group(2).strip());
        }
        Map<String, Integer> checked = new HashMap<>();
        for (String badge : List.of("status", "fix-state", "verdict")) {
            Map<String, String> base = declarations(css, "\\." + badge);
            Matcher m = Pattern.compile("\\." + badge + "\\.([\\w-]+)\\s*\\{([^}]*)}")
                    .matcher(css);
            while (m.find()) {
                Map<String, String> own = declarations(m.group(2));
                String fg = resolve(own.getOrDefault("color", base.get("color")), vars);
                String bg = resolve(own.get("background"), vars);
                double ratio = contrast(fg, bg);
                assertThat(ratio)
                        .as(".%s.%s: %s on %s", badge, m.group(1), fg, bg)
                        .isGreaterThanOrEqualTo(WCAG_AA);
                checked.merge(badge, 1, Integer::sum);
            }
        }
        assertThat(checked)
                .containsEntry("status", 4)
                .containsEntry("fix-state", 4)
                .containsEntry("verdict", 4);
    }

    private static Map<String, String> declarations(String css, String selector) {
        Matcher m = Pattern.compile("(?m)^\\s*" + selector + "\\s*\\{([^}]*)}").matcher(css);
        assertThat(m.find()).as("the rule %s", selector).isTrue();
        return declarations(m.group(1));
    }

    private static Map<String, String> declarations(String block) {
        Map<String, String> out = new HashMap<>();
        for (String d : block.split(";")) {
            int colon = d.indexOf(':');
            if (colon > 0) {
                out.put(d.substring(0, colon).strip(), d.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static String resolve(String value, Map<String, String> vars) {
        assertThat(value).as("a colour").isNotNull();
        Matcher m = Pattern.compile("var\\((--[\\w-]+)\\)").matcher(value);
        return m.matches() ? resolve(vars.get(m.group(1)), vars) : value;
    }

    /** WCAG 2 contrast ratio of two {@code #rgb} or {@code #rrggbb} colours. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        assertThat(hex).as("a hex colour").matches("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16) / 255.0;
            c[i] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
