package io.revchain.analyzer.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analysis.incremental.IncrementalChain;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The analyzer's own meters, registered once per registry and shared by every stream task.
 *
 * <ul>
 *   <li>{@code revchain.analyzer.process}: time to handle one event (percentile histogram, SLO bucket at 5 ms);</li>
 *   <li>{@code revchain.analyzer.end-to-end}: ingest publish of a commit marker to its analysis (also when the
 *   report was unchanged and therefore not sent);</li>
 *   <li>{@code revchain.analyzer.events} (events/s is its rate), {@code revchain.analyzer.graph.cache}
 *   {@code result=hit|miss}, {@code revchain.analyzer.reports} {@code outcome=sent|unchanged},
 *   {@code revchain.analyzer.analysis} {@code path=edit|clean|full}, {@code revchain.analyzer.dead-letters}.</li>
 * </ul>
 */
public final class AnalyzerMetrics {

    /** The SLO the latency histograms carry a bucket for. */
    public static final Duration SLO = Duration.ofMillis(5);

    private final MeterRegistry registry;
    private final Timer process;
    private final Timer endToEnd;
    private final Counter events;
    private final Counter hits;
    private final Counter misses;
    private final Counter sent;
    private final Counter unchanged;
    private final Counter deadLetters;
    private final Map<IncrementalChain.Path, Counter> paths = new EnumMap<>(IncrementalChain.Path.class);

    public AnalyzerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.process = Timer.builder("revchain.analyzer.process")
                .description("time to handle one migration event")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(SLO)
                .register(registry);
        this.endToEnd = Timer.builder("revchain.analyzer.end-to-end")
                .description("ingest publish of a commit marker to its health report")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(SLO)
                .register(registry);
        this.events = Counter.builder("revchain.analyzer.events")
                .description("migration events handled")
                .register(registry);
        this.hits = Counter.builder("revchain.analyzer.graph.cache")
                .tag("result", "hit")
                .register(registry);
        this.misses = Counter.builder("revchain.analyzer.graph.cache")
                .tag("result", "miss")
                .description("graphs rebuilt from the state store (first use, restart, rebalance)")
                .register(registry);
        this.sent = Counter.builder("revchain.analyzer.reports")
                .tag("outcome", "sent")
                .register(registry);
        this.unchanged = Counter.builder("revchain.analyzer.reports")
                .tag("outcome", "unchanged")
                .register(registry);
        this.deadLetters = Counter.builder("revchain.analyzer.dead-letters").register(registry);
        for (IncrementalChain.Path p : IncrementalChain.Path.values()) {
            paths.put(
                    p,
                    Counter.builder("revchain.analyzer.analysis")
                            .tag("path", p.name().toLowerCase())
                            .register(registry));
        }
    }

    /** Meters in a private registry (tests, benchmarks). */
    public static AnalyzerMetrics simple() {
        return new AnalyzerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Timer process() {
        return process;
    }

    public Timer endToEnd() {
        return endToEnd;
    }

    public Counter events() {
        return events;
    }

    public Counter cacheHits() {
        return hits;
    }

    public Counter cacheMisses() {
        return misses;
    }

    public Counter reportsSent() {
        return sent;
    }

    public Counter reportsUnchanged() {
        return unchanged;
    }

    public Counter deadLetters() {
        return deadLetters;
    }

    public Counter analysis(IncrementalChain.Path path) {
        return paths.get(path);
    }
}
