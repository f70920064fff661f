package io.revchain.core.config;

import java.util.List;

/**
 * The {@code targets:} section of {@code revchain.yaml}: what the reporter's targets are measured against where
 * the defaults do not fit. Every field is optional ({@code null}: the reporter's default).
 *
 * <pre>
 * targets:
 *   end-to-end-p99-ms: 100     # p99 ingest publish to report, in ms (default 100)
 *   window-seconds: 60         # the rolling window of latency, throughput and cache hit rate (default 60)
 *   min-samples: 100           # samples a verdict needs in the window (default 100)
 * </pre>
 *
 * @param endToEndP99Ms p99 end-to-end latency target in milliseconds
 * @param windowSeconds the rolling window in seconds
 * @param minSamples    samples a latency, throughput or cache verdict needs
 */
public record TargetSettings(Long endToEndP99Ms, Long windowSeconds, Long minSamples) {

    /** The keys of the section. */
    public static final List<String> KEYS = List.of("end-to-end-p99-ms", "window-seconds", "min-samples");

    /** No setting: every target at the reporter's default. */
    public static final TargetSettings NONE = new TargetSettings(null, null, null);
}
