package io.revchain.reporter.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.TargetVerdict;
import io.revchain.reporter.Reports;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's terminal panel says each verdict with the sample and window behind it. */
class TargetsPanelTest {

    @Test
    void each_target_shows_its_verdict_sample_window_and_detail() {
        ComplianceSnapshot s = new ComplianceSnapshot(
                Reports.T0,
                2,
                1.0,
                Map.of(),
                12,
                Double.NaN,
                0.5,
                0.8,
                List.of(
                        ComplianceTarget.judged(
                                Compliance.P99_VERIFICATION_MS,
                                6.5,
                                Comparison.LESS,
                                5,
                                TargetVerdict.FAIL,
                                150,
                                100,
                                60,
                                "150 reports; initial scan: 41 files in 2.0 s (3 reports, excluded)"),
                        ComplianceTarget.judged(
                                Compliance.THROUGHPUT_PER_SEC,
                                Double.NaN,
                                Comparison.GREATER,
                                100,
                                TargetVerdict.IDLE,
                                0,
                                100,
                                60,
                                "idle (last busy: 140/s); arrivals 0.0/s"),
                        ComplianceTarget.judged(
                                Compliance.CACHE_HIT_RATE,
                                0.5,
                                Comparison.GREATER,
                                0.85,
                                TargetVerdict.NOT_ENOUGH_DATA,
                                4,
                                100,
                                60,
                                null),
                        // a target from a snapshot written before verdicts
                        ComplianceTarget.of(Compliance.CONSTITUTIONAL_COMPLIANCE, 0.8, Comparison.AT_LEAST, 1)));

        String panel = TargetsPanel.render(s);

        assertThat(panel.lines().toList()).first().isEqualTo("targets (measured vs target)");
        assertThat(panel)
                .containsPattern(
                        "p99 verification latency +6\\.50 ms +< +5\\.00 ms +FAIL +n=150 \\(min 100\\), last 60 s")
                .contains("initial scan: 41 files in 2.0 s")
                .containsPattern("sustained throughput +idle +> +100/s +idle +n=0 \\(min 100\\)")
                .contains("idle (last busy: 140/s)")
                .containsPattern(
                        "cache hit rate \\(re-scans\\) +50\\.0% +> +85\\.0% +not enough data +n=4 \\(min 100\\)")
                .containsPattern("constitutional compliance +80\\.0% +>= +100\\.0% +FAIL\\s*\\n");
    }
}
