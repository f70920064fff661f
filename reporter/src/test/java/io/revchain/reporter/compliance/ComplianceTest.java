package io.revchain.reporter.compliance;

import static io.revchain.reporter.Reports.healthy;
import static io.revchain.reporter.Reports.missingHash;
import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.Topics;
import io.revchain.reporter.Reports;
import io.revchain.reporter.model.OrgPicture;
import io.revchain.reporter.model.OrgView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplianceTest {

    private static Map<String, ComplianceTarget> evaluate(Measurements m) {
        return Compliance.evaluate(m, Targets.defaults()).stream()
                .collect(Collectors.toMap(ComplianceTarget::name, Function.identity()));
    }

    @ParameterizedTest(name = "{0} measured {1} -> pass {2}")
    @CsvSource({
        // p99 must be strictly below 5 ms
        "p99-latency-ms, 4.999, true",
        "p99-latency-ms, 5.0, false",
        "p99-latency-ms, 5.001, false",
        // throughput strictly above 100/s
        "throughput-per-sec, 100.001, true",
        "throughput-per-sec, 100.0, false",
        "throughput-per-sec, 99.9, false",
        // cache hit rate strictly above 85 %
        "cache-hit-rate, 0.8501, true",
        "cache-hit-rate, 0.85, false",
        "cache-hit-rate, 0.8499, false",
        // constitutional compliance at least 100 %
        "constitutional-compliance, 1.0, true",
        "constitutional-compliance, 0.9999, false",
        // nothing measured never passes
        "p99-latency-ms, NaN, false",
        "throughput-per-sec, NaN, false",
        "cache-hit-rate, NaN, false",
        "constitutional-compliance, NaN, false"
    })
    void each_target_passes_exactly_on_its_side_of_the_boundary(String name, double measured, boolean pass) {
        // Given every other value passing
        Measurements m = new Measurements(
                name.equals(Compliance.P99_LATENCY_MS) ? measured : 1.0,
                name.equals(Compliance.THROUGHPUT_PER_SEC) ? measured : 500.0,
                name.equals(Compliance.CACHE_HIT_RATE) ? measured : 0.99,
                name.equals(Compliance.CONSTITUTIONAL_COMPLIANCE) ? measured : 1.0);

        // When
        Map<String, ComplianceTarget> targets = evaluate(m);

        // Then only the one under test can fail
        assertThat(targets.get(name).pass()).isEqualTo(pass);
        assertThat(targets.values().stream().filter(t -> !t.name().equals(name)))
                .allMatch(ComplianceTarget::pass);
    }

    @Test
    void targets_carry_their_required_value_and_comparison_in_a_fixed_order() {
        List<ComplianceTarget> t = Compliance.evaluate(new Measurements(1, 2, 0.5, 1), Targets.defaults());
        assertThat(t)
                .extracting(ComplianceTarget::name)
                .containsExactly(
                        Compliance.P99_LATENCY_MS,
                        Compliance.THROUGHPUT_PER_SEC,
                        Compliance.CACHE_HIT_RATE,
                        Compliance.CONSTITUTIONAL_COMPLIANCE);
        assertThat(t).extracting(ComplianceTarget::target).containsExactly(5.0, 100.0, 0.85, 1.0);
        assertThat(t)
                .extracting(ComplianceTarget::comparison)
                .containsExactly(Comparison.LESS, Comparison.GREATER, Comparison.GREATER, Comparison.AT_LEAST);
        assertThat(t).extracting(ComplianceTarget::measured).containsExactly(1.0, 2.0, 0.5, 1.0);
    }

    @Test
    void configured_targets_replace_the_defaults() {
        Targets lax = Targets.defaults()
                .withP99LatencyMs(50)
                .withThroughputPerSec(1)
                .withCacheHitRate(0.5)
                .withConstitutionalCompliance(0.9);
        List<ComplianceTarget> t = Compliance.evaluate(new Measurements(20, 2, 0.6, 0.95), lax);
        assertThat(t).allMatch(ComplianceTarget::pass);
        assertThat(Compliance.evaluate(new Measurements(20, 2, 0.6, 0.95), Targets.defaults()))
                .noneMatch(ComplianceTarget::pass);
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
    }

    @Test
    void cache_hit_rate_is_hits_over_lookups() {
        assertThat(Compliance.hitRate(85, 15)).isEqualTo(0.85);
        assertThat(Compliance.hitRate(0, 0)).isNaN();
        assertThat(Compliance.hitRate(17, 3)).isEqualTo(0.85);
        // 85 of 100 sits on the boundary and fails, 86 passes
        assertThat(evaluate(new Measurements(1, 500, Compliance.hitRate(85, 15), 1))
                        .get(Compliance.CACHE_HIT_RATE)
                        .pass())
                .isFalse();
        assertThat(evaluate(new Measurements(1, 500, Compliance.hitRate(86, 14), 1))
                        .get(Compliance.CACHE_HIT_RATE)
                        .pass())
                .isTrue();
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
        LatencyWindow lat = new LatencyWindow(100);
        for (int i = 1; i <= 100; i++) {
            lat.add(i * 100_000L); // 0.1 ms .. 10 ms
        }

        // When
        ComplianceSnapshot s = Compliance.snapshot(
                Reports.T0,
                v,
                new Measurements(lat.quantileMs(0.99), 120, Compliance.hitRate(9, 1), v.constitutionalCompliance()),
                Targets.defaults());

        // Then
        assertThat(s.repos()).isEqualTo(4);
        assertThat(s.healthyShare()).isEqualTo(0.75);
        assertThat(s.constitutionalCompliance()).isEqualTo(38.0 / 40.0);
        assertThat(s.p99LatencyMs()).isEqualTo(9.9);
        assertThat(s.findingsByCheck()).containsExactly(Map.entry("missing-constitutional-hash", 2L));
        assertThat(s.targets()).extracting(ComplianceTarget::pass).containsExactly(false, true, true, false);
        assertThat(s.allPass()).isFalse();
        var serde = Topics.COMPLIANCE.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", s)))
                .isEqualTo(s);
    }

    @Test
    void an_unmeasured_snapshot_survives_the_topic_serde_with_its_nans() {
        ComplianceSnapshot s = Compliance.snapshot(
                Reports.T0,
                OrgView.empty(),
                new Measurements(Double.NaN, 0, Double.NaN, Double.NaN),
                Targets.defaults());
        var serde = Topics.COMPLIANCE.valueSerde();
        ComplianceSnapshot back =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", s));
        assertThat(back.healthyShare()).isNaN();
        assertThat(back.p99LatencyMs()).isNaN();
        assertThat(back.targets()).noneMatch(ComplianceTarget::pass);
    }
}
