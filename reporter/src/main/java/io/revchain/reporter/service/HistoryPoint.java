package io.revchain.reporter.service;

import java.time.Instant;

/**
 * One point of the dashboard's sparkline, taken with each compliance snapshot.
 *
 * @param at                when
 * @param p99LatencyMs      exact p99 end-to-end latency of steady reports then, or {@code NaN}
 * @param throughputPerSec  sustained verified events per busy second then, or {@code NaN} when idle
 * @param verificationP99Ms exact p99 verification latency of steady reports then, or {@code NaN}
 * @param arrivalPerSec     reports arriving per second then
 */
public record HistoryPoint(
        Instant at, double p99LatencyMs, double throughputPerSec, double verificationP99Ms, double arrivalPerSec) {}
