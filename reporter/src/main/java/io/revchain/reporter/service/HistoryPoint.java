package io.revchain.reporter.service;

import io.revchain.event.Comparison;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.TargetVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of the dashboard's charts over time, taken with each compliance snapshot.
 *
 * @param at                when
 * @param p99LatencyMs      exact p99 end-to-end latency of steady reports then, or {@code NaN}
 * @param throughputPerSec  sustained verified events per busy second then, or {@code NaN} when idle
 * @param verificationP99Ms exact p99 verification latency of steady reports then, or {@code NaN}
 * @param arrivalPerSec     reports arriving per second then
 * @param targets           every target as judged then: its value, what it must be, its verdict and sample
 */
public record HistoryPoint(
        Instant at,
        double p99LatencyMs,
        double throughputPerSec,
        double verificationP99Ms,
        double arrivalPerSec,
        List<Target> targets) {

    /**
     * One target at one point.
     *
     * @param name       the target's name ({@code io.revchain.reporter.compliance.Compliance#NAMES})
     * @param measured   its value then ({@code NaN} when nothing was measured)
     * @param target     what it must be
     * @param comparison how the value must relate to the target
     * @param verdict    pass, fail, not enough data or idle
     * @param samples    the sample the value rests on ({@code null} when unknown)
     */
    public record Target(
            String name, double measured, double target, Comparison comparison, TargetVerdict verdict, Long samples) {}

    public HistoryPoint {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** A point without the targets' verdicts. */
    public HistoryPoint(
            Instant at, double p99LatencyMs, double throughputPerSec, double verificationP99Ms, double arrivalPerSec) {
        this(at, p99LatencyMs, throughputPerSec, verificationP99Ms, arrivalPerSec, List.of());
    }

    /** The point of each target of a snapshot. */
    static List<Target> of(List<ComplianceTarget> targets) {
        List<Target> out = new ArrayList<>();
        for (ComplianceTarget t : targets) {
            out.add(new Target(t.name(), t.measured(), t.target(), t.comparison(), t.verdictOrPass(), t.samples()));
        }
        return out;
    }
}
