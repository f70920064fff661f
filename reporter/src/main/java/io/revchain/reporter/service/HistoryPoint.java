package io.revchain.reporter.service;

import java.time.Instant;

/**
 * One point of the dashboard's sparkline, taken with each compliance snapshot.
 *
 * @param at               when
 * @param p99LatencyMs     exact p99 latency then, or {@code NaN}
 * @param throughputPerSec events per second then
 */
public record HistoryPoint(Instant at, double p99LatencyMs, double throughputPerSec) {}
