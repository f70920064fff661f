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

    /**
     * Feeds {@code latenciesMs} steady live reports (one per millisecond value, of repositories known from history,
     * so none is a first scan) and returns the scrape, parsed.
     */
    private PrometheusText feed(ReporterMetrics m, long... latenciesMs) {
        for (int i = 0; i < latenciesMs.length; i++) {
            assertThat(m.report(report("r" + i, "main", 2, List.of(), T0.minusSeconds(60)), T0, T0))
                    .isFalse();
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
        assertThat(p.types).containsEntry("revchain_end_to_end_latency_seconds", "histogram");
        assertThat(p.types).containsEntry("revchain_verification_latency_seconds", "histogram");
        // the analyzer's verdict came 1 ms after each publish
        assertThat(p.value("revchain_verification_latency_seconds_count", Map.of()))
                .isEqualTo(3.0);
        assertThat(p.value("revchain_verification_latency_p99_seconds", Map.of()))
                .isCloseTo(0.001, within());
        assertThat(p.value("revchain_end_to_end_latency_seconds_bucket", Map.of("le", "0.005")))
                .isEqualTo(2.0);
        assertThat(p.value("revchain_end_to_end_latency_seconds_bucket", Map.of("le", "+Inf")))
                .isEqualTo(3.0);
        assertThat(p.value("revchain_end_to_end_latency_seconds_count", Map.of()))
                .isEqualTo(3.0);
        assertThat(p.value("revchain_end_to_end_latency_seconds_sum", Map.of())).isCloseTo(0.012, within());
        // a percentile histogram: many buckets, cumulative
        List<PrometheusText.Sample> buckets = p.samples("revchain_end_to_end_latency_seconds_bucket");
        assertThat(buckets).hasSizeGreaterThan(20);
        assertThat(buckets).extracting(PrometheusText.Sample::value).isSorted();
        // the exact p99 of three samples is the largest
        assertThat(p.value("revchain_end_to_end_latency_p99_seconds", Map.of())).isCloseTo(0.007, within());
        assertThat(p.types).containsEntry("revchain_end_to_end_latency_p99_seconds", "gauge");
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
        m.recordCache(170, 30, 0);
        m.recordCache(0, 40, 40);
        m.record("revchain.health", "live");
        m.targets(Compliance.evaluate(m.measure(picture.view()), Targets.defaults()));

        // When
        PrometheusText p = PrometheusText.parse(registry.scrape());

        // Then
        assertThat(p.types)
                .containsEntry("revchain_events_processed_total", "counter")
                .containsEntry("revchain_arrivals_per_second", "gauge")
                .containsEntry("revchain_throughput_sustained_per_second", "gauge")
                .containsEntry("revchain_throughput_busy_seconds", "gauge")
                .containsEntry("revchain_initial_scan_reports_total", "counter")
                .containsEntry("revchain_initial_scan_files_total", "counter")
                .containsEntry("revchain_initial_scan_seconds", "gauge")
                .containsEntry("revchain_cache_hits_total", "counter")
                .containsEntry("revchain_cache_misses_total", "counter")
                .containsEntry("revchain_cache_cold_lookups_total", "counter")
                .containsEntry("revchain_cache_rescan_hit_ratio", "gauge")
                .containsEntry("revchain_constitutional_compliance_repo_ratio", "gauge")
                .containsEntry("revchain_compliance_target_verdict", "gauge")
                .containsEntry("revchain_compliance_target_samples", "gauge")
                .containsEntry("revchain_compliance_target_min_samples", "gauge")
                .containsEntry("revchain_compliance_target_window_seconds", "gauge")
                .containsEntry("revchain_compliance_target_threshold", "gauge")
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
        assertThat(p.value("revchain_arrivals_per_second", Map.of())).isEqualTo(3.0);
        // the three are their repositories' first scans: 12 files, no latency sample
        assertThat(p.value("revchain_initial_scan_reports_total", Map.of())).isEqualTo(3.0);
        assertThat(p.value("revchain_initial_scan_files_total", Map.of())).isEqualTo(12.0);
        assertThat(p.value("revchain_end_to_end_latency_seconds_count", Map.of()))
                .isZero();
        assertThat(p.value("revchain_cache_hits_total", Map.of())).isEqualTo(170.0);
        assertThat(p.value("revchain_cache_misses_total", Map.of())).isEqualTo(70.0);
        assertThat(p.value("revchain_cache_cold_lookups_total", Map.of())).isEqualTo(40.0);
        // the 40 first sights cannot hit: the rate is over the 200 re-scan lookups
        assertThat(p.value("revchain_cache_rescan_hit_ratio", Map.of())).isEqualTo(0.85);
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
        assertThat(p.value("revchain_constitutional_compliance_repo_ratio", Map.of("repo", "a")))
                .isEqualTo(0.5);
        // three reports and 200 lookups are too few to judge: not enough data, never a pass or a fail
        for (String t : Compliance.NAMES.subList(0, 4)) {
            assertThat(p.value("revchain_compliance_target_pass", Map.of("target", t)))
                    .as(t)
                    .isZero();
        }
        assertThat(p.value(
                        "revchain_compliance_target_verdict",
                        Map.of("target", "p99-verification-ms", "verdict", "fail")))
                .isZero();
        assertThat(p.value(
                        "revchain_compliance_target_verdict",
                        Map.of("target", "p99-verification-ms", "verdict", "not-enough-data")))
                .isEqualTo(1);
        assertThat(p.value("revchain_compliance_target_samples", Map.of("target", "throughput-per-sec")))
                .isEqualTo(3);
        assertThat(p.value("revchain_compliance_target_min_samples", Map.of("target", "throughput-per-sec")))
                .isEqualTo(100);
        assertThat(p.value("revchain_compliance_target_window_seconds", Map.of("target", "cache-hit-rate")))
                .isEqualTo(60);
        assertThat(p.value("revchain_compliance_target_measured", Map.of("target", "cache-hit-rate")))
                .isEqualTo(0.85);
        assertThat(p.value("revchain_compliance_target_pass", Map.of("target", "constitutional-compliance")))
                .isZero();
        assertThat(p.value(
                        "revchain_compliance_target_verdict",
                        Map.of("target", "constitutional-compliance", "verdict", "fail")))
                .isEqualTo(1);
        assertThat(p.value("revchain_reporter_records_total", Map.of("topic", "revchain.health", "outcome", "live")))
                .isEqualTo(1.0);
    }

    @Test
    void replayed_history_and_skewed_reports_are_not_latency_samples() {
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 100, 10);
        // published an hour before the reporter started: history
        assertThat(m.report(report("old", "main", 1, List.of(), T0.minusSeconds(3600)), T0, T0))
                .isFalse();
        // published "after" it arrived: another host's clock is ahead (a repository past its first scan)
        assertThat(m.report(report("skew", "main", 1, List.of(), T0.minusSeconds(3600)), T0, T0))
                .isFalse();
        assertThat(m.report(report("skew", "main", 1, List.of(), T0.plusMillis(50)), T0.plusMillis(10), T0))
                .isTrue();
        PrometheusText p = PrometheusText.parse(registry.scrape());
        assertThat(p.value("revchain_end_to_end_latency_seconds_count", Map.of()))
                .isZero();
        assertThat(p.value("revchain_events_processed_total", Map.of())).isEqualTo(1.0);
        assertThat(p.value("revchain_latency_skipped_total", Map.of())).isEqualTo(1.0);
        assertThat(m.endToEndP99Ms()).isNaN();
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
