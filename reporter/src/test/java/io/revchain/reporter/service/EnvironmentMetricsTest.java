package io.revchain.reporter.service;

import static io.revchain.reporter.Reports.T0;
import static io.revchain.reporter.Reports.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.EnvironmentHealth;
import io.revchain.event.HealthReport;
import io.revchain.reporter.model.OrgPicture;
import io.revchain.reporter.model.RepoView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvironmentMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    static EnvironmentHealth env(String name, String state, String verdict, int behind, Instant since) {
        return new EnvironmentHealth(
                name, null, state, verdict, List.of("a"), behind, List.of(), List.of(), null, null, "poll", T0, since);
    }

    /** A report of {@code repo} with prod at head and staging two behind since {@code T0}. */
    static HealthReport withEnvironments(String repo) {
        return healthy(repo, 4)
                .withEnvironments(
                        List.of(
                                env("prod", "at-head", EnvironmentHealth.AT_HEAD, 0, null),
                                env("staging", "behind", EnvironmentHealth.BEHIND, 2, T0)),
                        T0);
    }

    @Test
    void eachEnvironmentsStateAndHowLongItHasBeenBehindAreGauges() {
        // Given a clock the test moves, and a picture where staging fell behind at T0
        AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(90));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ReporterMetrics m = new ReporterMetrics(registry, clock, 10, 10);
        OrgPicture picture = new OrgPicture();
        picture.health(null, withEnvironments("shop"));
        picture.health(null, healthy("tools", 2));
        m.picture(picture.view());

        // Then each environment has one series per state, 1 for its own
        PrometheusText p = PrometheusText.parse(registry.scrape());
        Map<String, String> prod = Map.of("repo", "shop", "branch", "main", "env", "prod");
        Map<String, String> staging = Map.of("repo", "shop", "branch", "main", "env", "staging");
        assertThat(p.value("revchain_environment_state", with(prod, "state", "at-head")))
                .isEqualTo(1.0);
        assertThat(p.value("revchain_environment_state", with(prod, "state", "behind")))
                .isEqualTo(0.0);
        assertThat(p.value("revchain_environment_state", with(staging, "state", "behind")))
                .isEqualTo(1.0);
        assertThat(p.value("revchain_environment_behind_revisions", staging)).isEqualTo(2.0);
        assertThat(p.value("revchain_environment_behind_seconds", prod)).isEqualTo(0.0);
        assertThat(p.value("revchain_environment_behind_seconds", staging)).isEqualTo(90.0);
        // a repository without environments has no series
        assertThat(p.samples("revchain_environment_state"))
                .noneMatch(s -> "tools".equals(s.labels().get("repo")));

        // When a day passes without a new report, the scrape says so (an alert on > 86400 fires)
        now.set(T0.plusSeconds(86_401));
        assertThat(PrometheusText.parse(registry.scrape()).value("revchain_environment_behind_seconds", staging))
                .isEqualTo(86_401.0);
        // and the row carries them for the JSON API
        RepoView row = picture.view().rows().stream()
                .filter(r -> r.repo().equals("shop"))
                .findFirst()
                .orElseThrow();
        assertThat(row.environments()).extracting(EnvironmentHealth::name).containsExactly("prod", "staging");
    }

    private static Map<String, String> with(Map<String, String> tags, String k, String v) {
        java.util.Map<String, String> out = new java.util.HashMap<>(tags);
        out.put(k, v);
        return out;
    }

    @Test
    void editedAppliedMigrationsAreCountedPerEnvironmentAndCarriedToTheApi() {
        Finding edited = new Finding(
                Check.APPLIED_MIGRATION_EDITED.wire(),
                Severity.ERROR,
                "b",
                "versions/b.py",
                0,
                "'b': upgrade()/downgrade() changed since c0ffee1 ...",
                null,
                List.of("b"));
        Finding stranded = new Finding(
                Check.STRANDED_ENVIRONMENT.wire(), Severity.ERROR, "z", null, 0, "stands on 'z'", null, List.of("z"));
        EnvironmentHealth prod = new EnvironmentHealth(
                "prod",
                null,
                "at-head",
                EnvironmentHealth.AT_HEAD,
                List.of("b"),
                0,
                List.of(),
                List.of(),
                null,
                null,
                "poll",
                T0,
                null,
                List.of(edited, stranded));
        ReporterMetrics m = new ReporterMetrics(registry, Clock.fixed(T0, ZoneOffset.UTC), 10, 10);
        OrgPicture picture = new OrgPicture();
        picture.health(
                null,
                healthy("shop", 4)
                        .withEnvironments(
                                List.of(prod, env("staging", "behind", EnvironmentHealth.BEHIND, 2, T0)), T0));
        m.picture(picture.view());

        PrometheusText p = PrometheusText.parse(registry.scrape());
        assertThat(p.value(
                        "revchain_environment_applied_edited", Map.of("repo", "shop", "branch", "main", "env", "prod")))
                .isEqualTo(1.0);
        assertThat(p.value(
                        "revchain_environment_applied_edited",
                        Map.of("repo", "shop", "branch", "main", "env", "staging")))
                .isEqualTo(0.0);
        RepoView row = picture.view().rows().get(0);
        assertThat(row.environments().get(0).findings()).containsExactly(edited, stranded);
    }
}
