package io.revchain.reporter.compliance;

import static io.revchain.reporter.Reports.healthy;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.TargetVerdict;
import io.revchain.event.Topics;
import io.revchain.reporter.Reports;
import io.revchain.reporter.model.OrgPicture;
import io.revchain.reporter.model.OrgView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplianceTest {

    private static final HashCompliance ALL_CARRY = new HashCompliance(10, 10, Map.of("a", 1.0));
    private static final ComplianceSnapshot.InitialScan NO_SCAN = new ComplianceSnapshot.InitialScan(0, 0, 0);

    /** Measurements with every latency, throughput and cache sample at {@code n}. */
    private static Measurements measured(
            double verifyMs, double e2eMs, double perSec, double hitRate, HashCompliance hash, long n) {
        return new Measurements(
                new Measurements.Latency(verifyMs, n),
                new Measurements.Latency(e2eMs, n),
                new BusyThroughput.Reading(n, n / perSec, perSec, perSec),
                12.5,
                new CacheWindow.Reading(Math.round(hitRate * n), n, 7, hitRate),
                hash,
                NO_SCAN);
    }

    private static Measurements passing(long n) {
        return measured(1.0, 20.0, 500.0, 0.99, ALL_CARRY, n);
    }

    private static Map<String, ComplianceTarget> byName(List<ComplianceTarget> targets) {
        return targets.stream().collect(Collectors.toMap(ComplianceTarget::name, Function.identity()));
    }

    @ParameterizedTest(name = "{0} measured {1} -> {2}")
    @CsvSource({
        // verification p99 strictly below 5 ms, end to end strictly below 100 ms
        "p99-verification-ms, 4.999, pass",
        "p99-verification-ms, 5.0, fail",
        "p99-end-to-end-ms, 99.9, pass",
        "p99-end-to-end-ms, 100.0, fail",
        // sustained throughput strictly above 100/s
        "throughput-per-sec, 100.001, pass",
        "throughput-per-sec, 100.0, fail",
        // cache hit rate strictly above 85 %
        "cache-hit-rate, 0.8501, pass",
        "cache-hit-rate, 0.85, fail",
        // constitutional compliance at least 100 %
        "constitutional-compliance, 1.0, pass",
        "constitutional-compliance, 0.9, fail",
        // a value that could not be computed is no verdict either way
        "p99-verification-ms, NaN, not-enough-data",
        "cache-hit-rate, NaN, not-enough-data"
    })
    void each_target_is_judged_exactly_on_its_side_of_the_boundary(String name, double value, String verdict) {
        // Given every other value passing on a full sample
        Measurements m = measured(
                name.equals(Compliance.P99_VERIFICATION_MS) ? value : 1.0,
                name.equals(Compliance.P99_END_TO_END_MS) ? value : 20.0,
                name.equals(Compliance.THROUGHPUT_PER_SEC) ? value : 500.0,
                name.equals(Compliance.CACHE_HIT_RATE) ? value : 0.99,
                name.equals(Compliance.CONSTITUTIONAL_COMPLIANCE)
                        ? new HashCompliance(10, Math.round(value * 10), Map.of())
                        : ALL_CARRY,
                100);

        // When
        Map<String, ComplianceTarget> targets = byName(Compliance.evaluate(m, Targets.defaults()));

        // Then only the one under test is not a pass
        assertThat(targets.get(name).verdict()).isEqualTo(TargetVerdict.of(verdict));
        assertThat(targets.get(name).pass()).isEqualTo(verdict.equals("pass"));
        assertThat(targets.values().stream().filter(t -> !t.name().equals(name)))
                .allMatch(ComplianceTarget::pass);
    }

    @Test
    void too_few_samples_is_not_enough_data_never_a_pass_or_a_fail() {
        // Given 99 samples of values that would pass, and 99 of values that would fail
        Measurements good = passing(99);
        Measurements bad = measured(50, 500, 1, 0.1, ALL_CARRY, 99);

        // Then neither is judged, and each says how many samples it needs
        for (Measurements m : List.of(good, bad)) {
            List<ComplianceTarget> t = Compliance.evaluate(m, Targets.defaults());
            assertThat(t.subList(0, 4)).allSatisfy(x -> {
                assertThat(x.verdict()).isEqualTo(TargetVerdict.NOT_ENOUGH_DATA);
                assertThat(x.pass()).isFalse();
                assertThat(x.samples()).isEqualTo(99);
                assertThat(x.minSamples()).isEqualTo(100);
                assertThat(x.windowSeconds()).isEqualTo(60);
                assertThat(x.detail()).contains("not enough data: 99 of the 100");
            });
        }
        // And one sample more is a verdict
        assertThat(Compliance.evaluate(passing(100), Targets.defaults())).allMatch(ComplianceTarget::pass);
        assertThat(Compliance.evaluate(measured(50, 500, 1, 0.1, ALL_CARRY, 100), Targets.defaults())
                        .subList(0, 4))
                .allMatch(x -> x.verdict() == TargetVerdict.FAIL);
    }

    @Test
    void no_migration_under_the_hash_policy_is_not_enough_data_for_compliance() {
        Measurements m = measured(1, 20, 500, 0.99, new HashCompliance(0, 0, Map.of()), 100);
        ComplianceTarget c =
                byName(Compliance.evaluate(m, Targets.defaults())).get(Compliance.CONSTITUTIONAL_COMPLIANCE);
        assertThat(c.verdict()).isEqualTo(TargetVerdict.NOT_ENOUGH_DATA);
        assertThat(c.minSamples()).isEqualTo(1);
    }

    @Test
    void an_idle_window_is_idle_with_the_last_busy_rate_never_a_failure() {
        // Given a window in which nothing was verified, after a busy one at 340/s
        Measurements m = new Measurements(
                new Measurements.Latency(1.0, 100),
                new Measurements.Latency(20.0, 100),
                new BusyThroughput.Reading(0, 0, Double.NaN, 340),
                0,
                new CacheWindow.Reading(99, 100, 0, 0.99),
                ALL_CARRY,
                NO_SCAN);

        // When
        ComplianceTarget t = byName(Compliance.evaluate(m, Targets.defaults())).get(Compliance.THROUGHPUT_PER_SEC);

        // Then
        assertThat(t.verdict()).isEqualTo(TargetVerdict.IDLE);
        assertThat(t.pass()).isFalse();
        assertThat(t.detail()).startsWith("idle (last busy: 340/s)");
        ComplianceSnapshot s = Compliance.snapshot(Reports.T0, OrgView.empty(), m, Targets.defaults());
        assertThat(s.anyFail()).isFalse();
        assertThat(s.allPass()).isFalse();
    }

    @Test
    void targets_carry_their_required_value_comparison_and_window_in_a_fixed_order() {
        List<ComplianceTarget> t = Compliance.evaluate(passing(100), Targets.defaults());
        assertThat(t).extracting(ComplianceTarget::name).containsExactlyElementsOf(Compliance.NAMES);
        assertThat(t).extracting(ComplianceTarget::target).containsExactly(5.0, 100.0, 100.0, 0.85, 1.0);
        assertThat(t)
                .extracting(ComplianceTarget::comparison)
                .containsExactly(
                        Comparison.LESS, Comparison.LESS, Comparison.GREATER, Comparison.GREATER, Comparison.AT_LEAST);
        assertThat(t).extracting(ComplianceTarget::measured).containsExactly(1.0, 20.0, 500.0, 0.99, 1.0);
        assertThat(t).extracting(ComplianceTarget::windowSeconds).containsExactly(60L, 60L, 60L, 60L, 0L);
    }

    @Test
    void configured_targets_replace_the_defaults() {
        Targets lax = Targets.defaults()
                .withP99LatencyMs(50)
                .withEndToEndP99Ms(1000)
                .withThroughputPerSec(1)
                .withCacheHitRate(0.5)
                .withConstitutionalCompliance(0.9)
                .withWindow(Duration.ofSeconds(30))
                .withMinSamples(5);
        Measurements m = measured(20, 500, 2, 0.6, new HashCompliance(100, 95, Map.of()), 5);
        assertThat(Compliance.evaluate(m, lax)).allMatch(ComplianceTarget::pass);
        assertThat(Compliance.evaluate(m, lax).get(0).windowSeconds()).isEqualTo(30);
        assertThat(Compliance.evaluate(m, lax.withMinSamples(100)).subList(0, 4))
                .allMatch(x -> x.verdict() == TargetVerdict.NOT_ENOUGH_DATA);
        assertThat(Compliance.evaluate(m, Targets.defaults().withMinSamples(5))).noneMatch(ComplianceTarget::pass);
    }

    @Test
    void targets_refuse_values_that_cannot_be_met_or_are_not_ratios() {
        assertThatThrownBy(() -> Targets.defaults().withCacheHitRate(85))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheHitRate");
        assertThatThrownBy(() -> Targets.defaults().withP99LatencyMs(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p99LatencyMs");
        assertThatThrownBy(() -> Targets.defaults().withThroughputPerSec(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Targets.defaults().withMinSamples(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Targets.defaults().withWindow(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cache_hit_rate_is_hits_over_lookups() {
        assertThat(Compliance.hitRate(85, 15)).isEqualTo(0.85);
        assertThat(Compliance.hitRate(0, 0)).isNaN();
        assertThat(Compliance.hitRate(17, 3)).isEqualTo(0.85);
    }

    @Test
    void compliance_counts_only_the_repositories_under_the_hash_policy_and_each_apart() {
        // Given a (2 of 10 lacking the hash, on two branches of 5), b under the hash policy and fully carrying,
        // and c outside it
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", 5, missingHash(2)));
        p.health(null, report("a", "release", 5, List.of(), Reports.T0));
        p.health(null, healthy("b", 10));
        p.health(null, healthy("c", 30));

        // When
        HashCompliance h = HashCompliance.of(p.view(), Set.of("a", "b")::contains);

        // Then
        assertThat(h.migrations()).isEqualTo(20);
        assertThat(h.carrying()).isEqualTo(18);
        assertThat(h.share()).isEqualTo(0.9);
        assertThat(h.byRepo()).containsExactly(Map.entry("a", 0.8), Map.entry("b", 1.0));
        assertThat(HashCompliance.of(p.view(), r -> true).share()).isEqualTo(48.0 / 50);
    }

    @Test
    void snapshot_of_a_known_organisation_has_exact_ratios_and_survives_the_topic_serde() {
        // Given 4 repositories, 1 unhealthy with 2 of its 10 migrations lacking the hash, 3 healthy with 10 each
        OrgPicture p = new OrgPicture();
        p.health(null, report("a", 10, missingHash(2)));
        for (String r : List.of("b", "c", "d")) {
            p.health(null, healthy(r, 10));
        }
        OrgView v = p.view();
        RollingSamples lat = new RollingSamples(Duration.ofSeconds(60), 1000);
        for (int i = 1; i <= 100; i++) {
            lat.add(0, i * 0.1); // 0.1 ms .. 10 ms
        }
        long now = 1000;
        Measurements m = new Measurements(
                new Measurements.Latency(lat.quantile(now, 0.99), lat.size(now)),
                new Measurements.Latency(12.0, lat.size(now)),
                new BusyThroughput.Reading(120, 1.0, 120, 120),
                3.5,
                new CacheWindow.Reading(90, 100, 40, 0.9),
                HashCompliance.of(v, r -> true),
                new ComplianceSnapshot.InitialScan(4, 40, 2.5));

        // When
        ComplianceSnapshot s = Compliance.snapshot(Reports.T0, v, m, Targets.defaults());

        // Then
        assertThat(s.repos()).isEqualTo(4);
        assertThat(s.healthyShare()).isEqualTo(0.75);
        assertThat(s.constitutionalCompliance()).isEqualTo(38.0 / 40.0);
        assertThat(s.complianceByRepo()).containsEntry("a", 0.8).containsEntry("b", 1.0);
        assertThat(s.verificationP99Ms()).isCloseTo(9.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.p99LatencyMs()).isEqualTo(12.0);
        assertThat(s.arrivalPerSec()).isEqualTo(3.5);
        assertThat(s.coldLookups()).isEqualTo(40);
        assertThat(s.initialScan()).isEqualTo(new ComplianceSnapshot.InitialScan(4, 40, 2.5));
        assertThat(s.findingsByCheck()).containsExactly(Map.entry("missing-constitutional-hash", 2L));
        assertThat(s.targets())
                .extracting(ComplianceTarget::verdict)
                .containsExactly(
                        TargetVerdict.FAIL,
                        TargetVerdict.PASS,
                        TargetVerdict.PASS,
                        TargetVerdict.PASS,
                        TargetVerdict.FAIL);
        assertThat(s.targets().get(0).detail()).contains("initial scan: 40 files in 2.5 s");
        assertThat(s.targets().get(3).detail()).contains("cold lookups apart: 40");
        assertThat(s.allPass()).isFalse();
        assertThat(s.anyFail()).isTrue();
        var serde = Topics.COMPLIANCE.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", s)))
                .isEqualTo(s);
    }

    @Test
    void an_unmeasured_snapshot_survives_the_topic_serde_with_its_nans() {
        Measurements m = new Measurements(
                new Measurements.Latency(Double.NaN, 0),
                new Measurements.Latency(Double.NaN, 0),
                new BusyThroughput.Reading(0, 0, Double.NaN, Double.NaN),
                0,
                new CacheWindow.Reading(0, 0, 0, Double.NaN),
                new HashCompliance(0, 0, Map.of()),
                NO_SCAN);
        ComplianceSnapshot s = Compliance.snapshot(Reports.T0, OrgView.empty(), m, Targets.defaults());
        var serde = Topics.COMPLIANCE.valueSerde();
        ComplianceSnapshot back =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", s));
        assertThat(back.healthyShare()).isNaN();
        assertThat(back.p99LatencyMs()).isNaN();
        assertThat(back.verificationP99Ms()).isNaN();
        assertThat(back.targets()).noneMatch(ComplianceTarget::pass);
        assertThat(back.targets())
                .extracting(ComplianceTarget::verdict)
                .containsExactly(
                        TargetVerdict.NOT_ENOUGH_DATA,
                        TargetVerdict.NOT_ENOUGH_DATA,
                        TargetVerdict.IDLE,
                        TargetVerdict.NOT_ENOUGH_DATA,
                        TargetVerdict.NOT_ENOUGH_DATA);
        assertThat(back.targets().get(2).detail()).startsWith("idle (never busy)");
        assertThat(back.anyFail()).isFalse();
    }
}
