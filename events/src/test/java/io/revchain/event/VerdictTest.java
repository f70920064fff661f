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

    @Test
    void a_target_without_a_verdict_reads_its_pass_and_a_judged_one_agrees_with_its_verdict() {
        // a snapshot written before verdicts existed
        ComplianceTarget old = ComplianceTarget.of("p99", 6, Comparison.LESS, 5);
        assertThat(old.verdict()).isNull();
        assertThat(old.verdictOrPass()).isEqualTo(TargetVerdict.FAIL);
        assertThat(ComplianceTarget.of("p99", 4, Comparison.LESS, 5).verdictOrPass())
                .isEqualTo(TargetVerdict.PASS);
        // too few samples: neither pass nor a failure
        ComplianceTarget few =
                ComplianceTarget.judged("p99", 4, Comparison.LESS, 5, TargetVerdict.NOT_ENOUGH_DATA, 3, 100, 60, null);
        assertThat(few.pass()).isFalse();
        assertThat(few.verdictOrPass()).isEqualTo(TargetVerdict.NOT_ENOUGH_DATA);
        Assertions.assertThatThrownBy(() -> new ComplianceTarget(
                        "p99", 4, 5, Comparison.LESS, true, TargetVerdict.IDLE, 0L, 100L, 60L, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TargetVerdict.of("not-enough-data")).isEqualTo(TargetVerdict.NOT_ENOUGH_DATA);
    }

    @Test
    void idle_and_not_enough_data_are_no_failure_of_the_snapshot() {
        ComplianceSnapshot s = EventFixtures.complianceSnapshotWithVerdicts();
        assertThat(s.anyFail()).isFalse();
        assertThat(s.allPass()).isFalse();
        assertThat(s.target("throughput-per-sec"))
                .hasValueSatisfying(t -> assertThat(t.verdict()).isEqualTo(TargetVerdict.IDLE));
        // an older snapshot: its failing target is a failure
        ComplianceSnapshot old = new ComplianceSnapshot(
                s.at(), 1, 1.0, null, 6, 1, 1, 1, List.of(ComplianceTarget.of("p99", 6, Comparison.LESS, 5)));
        assertThat(old.anyFail()).isTrue();
        assertThat(old.initialScan()).isNull();
    }
}
