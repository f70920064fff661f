package io.revchain.reporter.service;

import static io.revchain.reporter.Reports.T0;
import static io.revchain.reporter.Reports.healthy;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.event.EventJson;
import io.revchain.event.HealthReport;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.Targets;
import io.revchain.reporter.model.OrgPicture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code deploy/grafana/revchain-dashboard.json} queries only metrics the reporter really exposes. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of(System.getProperty("basedir", "."))
            .resolve("../deploy/grafana/revchain-dashboard.json")
            .normalize();

    @Test
    void every_metric_the_grafana_dashboard_queries_is_in_the_scrape() throws Exception {
        // Given a reporter's registry with every meter carrying a value
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 10, 10);
        OrgPicture picture = new OrgPicture();
        List<HealthReport> reports =
                List.of(report("a", 4, missingHash(1)), healthy("b", 4), EnvironmentMetricsTest.withEnvironments("c"));
        reports.forEach(r -> picture.health(null, r));
        reports.forEach(r -> m.report(r, T0.plusMillis(1), T0));
        m.picture(picture.view());
        m.recordCache(1, 1, 0);
        m.record("revchain.health", "live");
        m.targets(Compliance.evaluate(m.measure(picture.view()), Targets.defaults()));
        PrometheusText scrape = PrometheusText.parse(registry.scrape());
        Set<String> exposed = new TreeSet<>();
        scrape.samples.forEach(s -> exposed.add(s.name()));

        // When the dashboard's queries are read
        JsonNode dashboard = EventJson.mapper().readTree(Files.readAllBytes(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("\\brevchain_[a-z0-9_]+");
        assertThat(dashboard.get("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as("panel %s", panel.get("title")).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher mm = metric.matcher(target.get("expr").asText());
                while (mm.find()) {
                    queried.add(mm.group());
                }
            }
        }

        // Then
        assertThat(dashboard.get("uid").asText()).isEqualTo("revchain-org");
        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(exposed).containsAll(queried);
        registry.close();
    }
}
