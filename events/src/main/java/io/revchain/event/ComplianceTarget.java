package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One target of a {@link ComplianceSnapshot}: what was measured against what was required, over which window and
 * on how many samples.
 *
 * <p>Snapshots written before verdicts existed carry only {@code pass}; they read with {@code verdict},
 * {@code samples}, {@code minSamples}, {@code windowSeconds} and {@code detail} {@code null}, and
 * {@link #verdictOrPass()} reads their {@code pass} as pass or fail.
 *
 * @param name          stable metric name (e.g. {@code p99-latency-ms}, {@code throughput-per-sec})
 * @param measured      the measured value ({@code NaN} when nothing was measured)
 * @param target        the required value
 * @param comparison    how {@code measured} must relate to {@code target}
 * @param pass          whether the verdict is {@link TargetVerdict#PASS}
 * @param verdict       pass, fail, not enough data or idle; {@code null} in older snapshots
 * @param samples       how many samples the value was computed from
 * @param minSamples    how many the target needs before it is judged
 * @param windowSeconds the rolling window the samples were taken over, in seconds ({@code 0}: the whole picture)
 * @param detail        what an operator reads beside the value (e.g. {@code idle (last busy: 140/s)})
 */
public record ComplianceTarget(
        String name,
        double measured,
        double target,
        Comparison comparison,
        boolean pass,
        @JsonInclude(JsonInclude.Include.NON_NULL) TargetVerdict verdict,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long samples,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long minSamples,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long windowSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

    public ComplianceTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(comparison, "comparison");
        if (verdict != null && pass != (verdict == TargetVerdict.PASS)) {
            throw new IllegalArgumentException("pass must agree with the verdict " + verdict.label());
        }
    }

    /** A target as written before verdicts existed: no sample count, no window. */
    public ComplianceTarget(String name, double measured, double target, Comparison comparison, boolean pass) {
        this(name, measured, target, comparison, pass, null, null, null, null, null);
    }

    /** A target whose {@code pass} is decided by {@code comparison} alone (no sample count). */
    public static ComplianceTarget of(String name, double measured, Comparison comparison, double target) {
        return new ComplianceTarget(name, measured, target, comparison, comparison.holds(measured, target));
    }

    /** A target with its verdict, the sample it rests on and the window it was taken over. */
    public static ComplianceTarget judged(
            String name,
            double measured,
            Comparison comparison,
            double target,
            TargetVerdict verdict,
            long samples,
            long minSamples,
            long windowSeconds,
            String detail) {
        Objects.requireNonNull(verdict, "verdict");
        return new ComplianceTarget(
                name,
                measured,
                target,
                comparison,
                verdict == TargetVerdict.PASS,
                verdict,
                samples,
                minSamples,
                windowSeconds,
                detail);
    }

    /** The verdict; for a snapshot written before verdicts existed, pass or fail as its {@code pass} says. */
    public TargetVerdict verdictOrPass() {
        return verdict != null ? verdict : pass ? TargetVerdict.PASS : TargetVerdict.FAIL;
    }
}
