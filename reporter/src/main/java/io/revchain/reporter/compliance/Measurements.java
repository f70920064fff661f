package io.revchain.reporter.compliance;

import io.revchain.event.ComplianceSnapshot;

/**
 * What the reporter measured for the targets, each with the sample it rests on.
 *
 * @param verification  p99 verification latency (marker published to verdict) over the steady window
 * @param endToEnd      p99 end-to-end latency (marker published to report received) over the steady window
 * @param throughput    sustained throughput over busy time in the window
 * @param arrivalPerSec reports arriving per second over the trailing rate window
 * @param cache         the parse cache over re-scans in the window
 * @param hash          constitutional compliance under the policy that asks for it
 * @param initialScan   the repositories' first scans, left out of the latencies
 */
public record Measurements(
        Latency verification,
        Latency endToEnd,
        BusyThroughput.Reading throughput,
        double arrivalPerSec,
        CacheWindow.Reading cache,
        HashCompliance hash,
        ComplianceSnapshot.InitialScan initialScan) {

    /**
     * A latency percentile and its sample.
     *
     * @param p99Ms   the p99 in milliseconds, {@code NaN} without a sample
     * @param samples how many samples it was computed from
     */
    public record Latency(double p99Ms, long samples) {}
}
