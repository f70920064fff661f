package io.revchain.reporter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.reporter.compliance.Compliance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The dashboard rendered by a real headless Chromium (Debian's {@code chromium}, which {@code .ci/run}
 * installs): the DOM after its scripts ran must hold the repositories, the targets and the findings.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Tag("browser")
class DashboardBrowserIT {

    private static final Path CHROMIUM = Paths.get(System.getProperty("revchain.chromium", "/usr/bin/chromium"));

    private static LiveOrg org;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as(
                        "the dashboard test needs a real browser: %s is missing; install it with "
                                + "'apt-get install -y chromium' (.ci/run does) or point -Drevchain.chromium at one",
                        CHROMIUM)
                .isTrue();
        org = new LiveOrg();
        // a few snapshots, so the sparkline has points to draw
        await().atMost(Duration.ofSeconds(20))
                .until(() -> org.reporter.history().size() >= 3);
    }

    @AfterAll
    static void stop() {
        if (org != null) {
            org.close();
        }
    }

    /** Chromium's DOM after the page's scripts ran (virtual time lets the polling fetches finish). */
    private static Document render(Path profile) throws IOException, InterruptedException {
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
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--dump-dom",
                "--enable-logging=stderr",
                "--v=0",
                org.reporter.uri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] dom;
        try (var in = p.getInputStream()) {
            dom = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s; stderr in " + err);
        }
        assertThat(p.exitValue()).as("chromium exit status (stderr in %s)", err).isZero();
        // the page's own script and style run under its Content-Security-Policy: the console reports no violation
        assertThat(Files.readAllLines(err))
                .as("chromium console (stderr in %s)", err)
                .noneMatch(l -> l.contains("Content Security Policy"));
        Files.deleteIfExists(err);
        return Jsoup.parse(
                new String(dom, StandardCharsets.UTF_8), org.reporter.uri().toString());
    }

    private static List<String> cells(Element row) {
        return row.select("> td").eachText();
    }

    @Test
    void the_rendered_dashboard_shows_repositories_targets_findings_and_charts(@TempDir Path profile) throws Exception {
        Document dom = render(profile);

        // the repositories table: one row per branch, most severe first, with status, heads/bases and proposal
        List<Element> repos = dom.select("#repos tbody tr[data-key]");
        assertThat(repos)
                .extracting(r -> r.attr("data-key"))
                .containsExactly("alpha@main", "gamma@main", "beta@main", "delta@main", "legacy@main");
        List<String> alpha = cells(repos.get(0));
        assertThat(alpha.subList(0, 3)).containsExactly("alpha", "main", "unhealthy");
        assertThat(alpha.get(4)).isEqualTo("head1");
        assertThat(alpha.get(5)).isEqualTo("base1");
        assertThat(alpha.get(6)).isEqualTo("8");
        assertThat(alpha.get(7)).contains("missing-constitutional-hash ×2");
        assertThat(repos.get(0).select(".fix-branch").text()).isEqualTo("branch revchain/fix-main-1a2b3c4");
        assertThat(repos.get(0).select("pre.diff").text()).contains("+++ b/versions/merge_ab.py");
        assertThat(repos.get(0).select("span.status.unhealthy")).hasSize(1);
        assertThat(cells(repos.get(1)).get(2)).isEqualTo("warning");
        assertThat(cells(repos.get(3)).get(8)).isEqualTo("none");
        // the fix-branch state: alpha's proposal was planned on commit c0ffee, its report is at another commit and
        // still broken, so the plan no longer applies
        assertThat(repos.get(0).attr("data-fix")).isEqualTo("stale");
        assertThat(repos.get(0).select(".fix-name").text()).isEqualTo("revchain/fix-main-1a2b3c4");
        // delta's proposal was closed while delta was healthy at another commit: merged
        assertThat(repos.get(3).attr("data-fix")).isEqualTo("merged");
        assertThat(dom.getElementById("page-info").text()).isEqualTo("page 1 of 1");

        // the open collisions: alpha's candidate feature-y into main, its colliding revisions, finding and rebase
        List<Element> collisions = dom.select("#collisions tbody tr[data-key]");
        assertThat(collisions).extracting(r -> r.attr("data-key")).containsExactly("alpha@feature-y");
        List<String> c = cells(collisions.get(0));
        assertThat(c.subList(0, 3)).containsExactly("alpha", "feature-y", "main");
        assertThat(c.get(3)).isEqualTo("cafe9 → beef01");
        assertThat(c.get(4)).isEqualTo("003y, 003x");
        assertThat(c.get(5)).contains("multiple-heads-after-merge ×1");
        assertThat(collisions.get(0).select(".fix-branch").text())
                .isEqualTo("branch revchain/rebase-feature-y-0a1b2c3d");
        assertThat(collisions.get(0).select("pre.diff").text()).contains("+down_revision = '003x'");
        assertThat(dom.getElementById("collisions-count").text()).isEqualTo("(1)");

        // the targets panel: measured, required, verdict, the sample behind it and its window
        List<Element> targets = dom.select("#targets tbody tr[data-target]");
        assertThat(targets).extracting(t -> t.attr("data-target")).containsExactlyElementsOf(Compliance.NAMES);
        List<String> cache = cells(targets.get(3));
        assertThat(cache.get(0)).startsWith("Cache hit rate (re-scans)").contains("cold lookups apart: 0");
        assertThat(cache.subList(1, 6)).containsExactly("90 %", "> 85 %", "pass", "100 (min 100)", "last 60 s");
        assertThat(cells(targets.get(4)).subList(1, 4)).containsExactly("90.48 %", ">= 100 %", "fail");
        assertThat(targets.get(4).select("td.fail")).hasSize(1);
        // five live reports are too few to judge throughput: not enough data, not a failure
        assertThat(cells(targets.get(2)).get(3)).isEqualTo("not enough data");
        assertThat(targets.get(2).attr("data-verdict")).isEqualTo("not-enough-data");
        assertThat(dom.getElementById("initial-scan").text()).startsWith("initial scan: ");
        assertThat(dom.select("#repo-compliance tbody tr[data-repo]"))
                .extracting(r -> r.attr("data-repo"))
                .first()
                .isEqualTo("alpha");

        // findings by check and the organisation cards
        assertThat(dom.select("#findings tbody tr[data-check]"))
                .extracting(r -> cells(r))
                .containsExactly(List.of("missing-constitutional-hash", "2"), List.of("multiple-heads", "1"));
        assertThat(dom.getElementById("card-repos").text()).isEqualTo("5");
        assertThat(dom.getElementById("card-healthy").text()).isEqualTo("60 %");
        assertThat(dom.getElementById("card-proposals").text()).isEqualTo("1");

        // one chart per target over time, a verdict dot per snapshot
        assertThat(dom.select("#charts figure.chart"))
                .extracting(f -> f.attr("data-target"))
                .containsExactlyElementsOf(Compliance.NAMES);
        assertThat(dom.select("#charts figure.chart").get(4).select("circle.v-fail"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(dom.getElementById("error").text()).isEmpty();
    }

    @Test
    void the_page_is_self_contained() throws Exception {
        String html = org.get("/").body();
        Document page = Jsoup.parse(html);
        assertThat(page.select("script[src], link[href], img[src], iframe")).isEmpty();
        assertThat(html).doesNotContain("http://", "https://");
    }
}
