package io.revchain.reporter.service;

import static io.revchain.reporter.Reports.T0;
import static io.revchain.reporter.Reports.finding;
import static io.revchain.reporter.Reports.healthy;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.core.model.Check;
import io.revchain.core.model.Severity;
import io.revchain.event.HealthReport;
import io.revchain.reporter.Reports;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.Targets;
import io.revchain.reporter.model.OrgPicture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReporterMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    /** Feeds {@code latenciesMs} live reports (one per millisecond value) and returns the scrape, parsed. */
    private PrometheusText feed(ReporterMetrics m, long... latenciesMs) {
        for (int i = 0; i < latenciesMs.length; i++) {
            HealthReport r = report("r" + i, "main", 2, List.of(), T0);
            assertThat(m.report(r, T0.plusMillis(latenciesMs[i]), T0)).isTrue();
        }
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void latency_is_a_histogram_with_a_5ms_slo_bucket() {
        // Given three live reports: 1 ms, 4 ms and 7 ms after ingest published them
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 100, 10);
        PrometheusText p = feed(m, 1, 4, 7);

        // Then
        assertThat(p.types).containsEntry("revchain_latency_seconds", "histogram");
        assertThat(p.value("revchain_latency_seconds_bucket", Map.of("le", "0.005")))
                .isEqualTo(2.0);
        assertThat(p.value("revchain_latency_seconds_bucket", Map.of("le", "+Inf")))
                .isEqualTo(3.0);
        assertThat(p.value("revchain_latency_seconds_count", Map.of())).isEqualTo(3.0);
        assertThat(p.value("revchain_latency_seconds_sum", Map.of())).isCloseTo(0.012, within());
        // a percentile histogram: many buckets, cumulative
        List<PrometheusText.Sample> buckets = p.samples("revchain_latency_seconds_bucket");
        assertThat(buckets).hasSizeGreaterThan(20);
        assertThat(buckets).extracting(PrometheusText.Sample::value).isSorted();
        // the exact p99 of three samples is the largest
        assertThat(p.value("revchain_latency_p99_seconds", Map.of())).isCloseTo(0.007, within());
        assertThat(p.types).containsEntry("revchain_latency_p99_seconds", "gauge");
    }

    private static Offset<Double> within() {
        return Offset.offset(1e-9);
    }

    @Test
    void every_metric_the_dashboards_use_is_exposed_with_its_type() {
        // Given a picture of 3 repositories (1 unhealthy, 2 of 12 migrations lacking the hash) and cache counts
        Instant now = T0.plusSeconds(1);
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(now, ZoneOffset.UTC), 100, 1);
        OrgPicture picture = new OrgPicture();
        List<HealthReport> reports = List.of(report("a", 4, missingHash(2)), healthy("b", 4), healthy("c", 4));
        reports.forEach(r -> picture.health(null, r));
        // and one open collision in a (a candidate's merge preview)
        picture.health(null, Reports.collision("a", "feature-y"));
        reports.forEach(r -> m.report(r, T0.plusMillis(2), T0));
        m.picture(picture.view());
        m.recordCache(170, 30);
        m.record("revchain.health", "live");
        m.targets(Compliance.evaluate(m.measure(picture.view()), Targets.defaults()));

        // When
        PrometheusText p = PrometheusText.parse(registry.scrape());

        // Then
        assertThat(p.types)
                .containsEntry("revchain_events_processed_total", "counter")
                .containsEntry("revchain_events_per_second", "gauge")
                .containsEntry("revchain_cache_hits_total", "counter")
                .containsEntry("revchain_cache_misses_total", "counter")
                .containsEntry("revchain_cache_hit_ratio", "gauge")
                .containsEntry("revchain_repositories", "gauge")
                .containsEntry("revchain_repositories_healthy_ratio", "gauge")
                .containsEntry("revchain_findings", "gauge")
                .containsEntry("revchain_proposals_open", "gauge")
                .containsEntry("revchain_collisions_open", "gauge")
                .containsEntry("revchain_constitutional_compliance_ratio", "gauge")
                .containsEntry("revchain_compliance_target_pass", "gauge")
                .containsEntry("revchain_compliance_target_measured", "gauge")
                .containsEntry("revchain_reporter_records_total", "counter")
                .containsEntry("revchain_latency_skipped_total", "counter");
        assertThat(p.value("revchain_events_processed_total", Map.of())).isEqualTo(3.0);
        // three events during second T0, counted over a 1 s window once it is complete
        assertThat(p.value("revchain_events_per_second", Map.of())).isEqualTo(3.0);
        assertThat(p.value("revchain_cache_hits_total", Map.of())).isEqualTo(170.0);
        assertThat(p.value("revchain_cache_misses_total", Map.of())).isEqualTo(30.0);
        assertThat(p.value("revchain_cache_hit_ratio", Map.of())).isEqualTo(0.85);
        assertThat(p.value("revchain_repositories", Map.of("status", "healthy")))
                .isEqualTo(2.0);
        assertThat(p.value("revchain_repositories", Map.of("status", "unhealthy")))
                .isEqualTo(1.0);
        assertThat(p.value("revchain_repositories", Map.of("status", "warning")))
                .isZero();
        assertThat(p.value("revchain_repositories", Map.of("status", "unavailable")))
                .isZero();
        assertThat(p.value("revchain_repositories_healthy_ratio", Map.of())).isCloseTo(2.0 / 3, within());
        assertThat(p.value("revchain_findings", Map.of("check", Check.MISSING_CONSTITUTIONAL_HASH.wire())))
                .isEqualTo(2);
        assertThat(p.value("revchain_findings", Map.of("check", Check.CYCLE.wire())))
                .isZero();
        assertThat(p.samples("revchain_findings")).hasSize(Check.wireNames().size());
        assertThat(p.value("revchain_collisions_open", Map.of("repo", "a"))).isEqualTo(1.0);
        assertThat(p.value("revchain_collisions_open", Map.of("repo", "b"))).isZero();
        assertThat(p.samples("revchain_collisions_open")).hasSize(3);
        assertThat(p.value("revchain_constitutional_compliance_ratio", Map.of()))
                .isCloseTo(10.0 / 12, within());
        assertThat(p.value("revchain_compliance_target_pass", Map.of("target", "p99-latency-ms")))
                .isEqualTo(1);
        assertThat(p.value("revchain_compliance_target_pass", Map.of("target", "throughput-per-sec")))
                .isZero();
        assertThat(p.value("revchain_compliance_target_pass", Map.of("target", "cache-hit-rate")))
                .isZero();
        assertThat(p.value("revchain_compliance_target_measured", Map.of("target", "cache-hit-rate")))
                .isEqualTo(0.85);
        assertThat(p.value("revchain_reporter_records_total", Map.of("topic", "revchain.health", "outcome", "live")))
                .isEqualTo(1.0);
    }

    @Test
    void replayed_history_and_skewed_reports_are_not_latency_samples() {
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 100, 10);
        // published an hour before the reporter started: history
        assertThat(m.report(report("old", "main", 1, List.of(), T0.minusSeconds(3600)), T0, T0))
                .isFalse();
        // published "after" it arrived: another host's clock is ahead
        assertThat(m.report(report("skew", "main", 1, List.of(), T0.plusMillis(50)), T0.plusMillis(10), T0))
                .isTrue();
        PrometheusText p = PrometheusText.parse(registry.scrape());
        assertThat(p.value("revchain_latency_seconds_count", Map.of())).isZero();
        assertThat(p.value("revchain_events_processed_total", Map.of())).isEqualTo(1.0);
        assertThat(p.value("revchain_latency_skipped_total", Map.of())).isEqualTo(1.0);
        assertThat(m.p99Ms()).isNaN();
    }

    @Test
    void closing_removes_the_reporters_meters_from_a_shared_registry() {
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 100, 10);
        m.report(report("a", "main", 1, List.of(finding(Check.CYCLE.wire(), Severity.ERROR, "x.py")), T0), T0, T0);
        m.record("revchain.health", "live");
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
