package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Severity;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The small decisions the event records carry: health status, plan risk, target pass/fail. */
class VerdictTest {

    private static Finding finding(Severity s) {
        return new Finding(Check.MULTIPLE_HEADS.wire(), s, null, null, 0, "m", null, List.of());
    }

    @Test
    void statusFollowsTheWorstFinding() {
        assertThat(HealthStatus.of(List.of())).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.of(List.of(finding(Severity.INFO)))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.of(List.of(finding(Severity.INFO), finding(Severity.WARNING))))
                .isEqualTo(HealthStatus.WARNING);
        assertThat(HealthStatus.of(List.of(finding(Severity.WARNING), finding(Severity.ERROR))))
                .isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void aPlanIsAsRiskyAsItsRiskiestStep() {
        assertThat(Risk.max(List.of())).isEqualTo(Risk.LOW);
        assertThat(Risk.max(List.of(Risk.LOW, Risk.HIGH, Risk.MEDIUM))).isEqualTo(Risk.HIGH);
    }

    @Test
    void targetsPassOnlyWhenTheComparisonHolds() {
        assertThat(ComplianceTarget.of("p99", 4.9, Comparison.LESS, 5).pass()).isTrue();
        assertThat(ComplianceTarget.of("p99", 5, Comparison.LESS, 5).pass()).isFalse();
        assertThat(ComplianceTarget.of("hash", 1.0, Comparison.EQUAL, 1.0).pass())
                .isTrue();
        assertThat(ComplianceTarget.of("rate", 0.85, Comparison.AT_LEAST, 0.85).pass())
                .isTrue();
        assertThat(ComplianceTarget.of("rate", 0.85, Comparison.GREATER, 0.85).pass())
                .isFalse();
        assertThat(ComplianceTarget.of("p99", Double.NaN, Comparison.AT_MOST, 5).pass())
                .isFalse();
        assertThat(EventFixtures.complianceSnapshot().allPass()).isTrue();
    }

    @Test
    void aReportWithoutCommitIsOnlyForAnUnavailableRepository() {
        HealthReport unavailable = new HealthReport(
                "r", "main", null, 0, null, null, null, HealthStatus.UNAVAILABLE, null, null, EventFixtures.ANALYZED);
        assertThat(unavailable.heads()).isEmpty();
        Assertions.assertThatThrownBy(() -> new HealthReport(
                        "r",
                        "main",
                        null,
                        0,
                        null,
                        null,
                        null,
                        HealthStatus.HEALTHY,
                        null,
                        null,
                        EventFixtures.ANALYZED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the commit");
    }
}
