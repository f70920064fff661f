package io.revchain.event;

import java.util.Objects;

/**
 * One target of a {@link ComplianceSnapshot}: what was measured against what was required.
 *
 * @param name       stable metric name (e.g. {@code p99-latency-ms}, {@code throughput-per-sec})
 * @param measured   the measured value
 * @param target     the required value
 * @param comparison how {@code measured} must relate to {@code target}
 * @param pass       whether it does
 */
public record ComplianceTarget(String name, double measured, double target, Comparison comparison, boolean pass) {

    public ComplianceTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(comparison, "comparison");
    }

    /** A target whose {@code pass} is decided by {@code comparison}. */
    public static ComplianceTarget of(String name, double measured, Comparison comparison, double target) {
        return new ComplianceTarget(name, measured, target, comparison, comparison.holds(measured, target));
    }
}
