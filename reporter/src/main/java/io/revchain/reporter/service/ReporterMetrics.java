package io.revchain.reporter.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.revchain.core.model.Check;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.LatencyWindow;
import io.revchain.reporter.compliance.Measurements;
import io.revchain.reporter.compliance.RateWindow;
import io.revchain.reporter.compliance.Timing;
import io.revchain.reporter.model.OrgView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The reporter's meters, and the measurements the compliance targets are checked against.
 *
 * <p>Prometheus names (Micrometer's naming convention applied):
 * <ul>
 *   <li>{@code revchain_latency_seconds} histogram: end-to-end latency of live reports (percentile histogram
 *   plus a {@code le="0.005"} SLO bucket); {@code revchain_latency_p99_seconds} gauge: the exact p99 of the last
 *   {@code latencySamples} reports; {@code revchain_latency_skipped_total}: live reports without a usable start
 *   time or arriving before it (clock skew).</li>
 *   <li>{@code revchain_events_processed_total} counter and {@code revchain_events_per_second} gauge: live health
 *   reports, the rate over the trailing rate window.</li>
 *   <li>{@code revchain_reporter_records_total{topic,outcome}}: every record read ({@code live}, {@code replayed},
 *   {@code tombstone}, {@code unreadable}).</li>
 *   <li>{@code revchain_cache_hits_total}, {@code revchain_cache_misses_total}, {@code revchain_cache_hit_ratio}:
 *   the ingest's parse cache as passed to {@link #recordCache}.</li>
 *   <li>{@code revchain_repositories{status}}, {@code revchain_repositories_healthy_ratio},
 *   {@code revchain_findings{check}}, {@code revchain_proposals_open},
 *   {@code revchain_constitutional_compliance_ratio}: the organisation picture.</li>
 *   <li>{@code revchain_collisions_open{repo}}: open collisions (candidate branches whose merge would break the
 *   chain) per repository; every repository with a report has a series, 0 when it has none.</li>
 *   <li>{@code revchain_compliance_target_pass{target}} (1 or 0) and {@code revchain_compliance_target_measured
 *   {target}}: the last compliance snapshot.</li>
 * </ul>
 *
 * <p>Thread-safe: the consumer thread records, HTTP and scheduler threads read.
 */
final class ReporterMetrics implements AutoCloseable {

    static final String LATENCY = "revchain.latency";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer latency;
    private final Counter processed;
    private final Counter skipped;
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final LatencyWindow latencyWindow;
    private final RateWindow rateWindow;
    private final Clock clock;
    private final MultiGauge findings;
    private final MultiGauge targetPass;
    private final MultiGauge collisions;
    private final MultiGauge targetMeasured;
    private volatile OrgView view = OrgView.empty();

    ReporterMetrics(MeterRegistry registry, Clock clock, int latencySamples, int rateWindowSeconds) {
        this.registry = registry;
        this.clock = clock;
        this.latencyWindow = new LatencyWindow(latencySamples);
        this.rateWindow = new RateWindow(rateWindowSeconds);
        latency = keep(Timer.builder(LATENCY)
                .description("End-to-end latency: ingest publish of the commit to its health report at the reporter")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5))
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
        skipped = keep(Counter.builder("revchain.latency.skipped")
                .description("Live reports without a usable start time, or arriving before it (clock skew)")
                .register(registry));
        processed = keep(Counter.builder("revchain.events.processed")
                .description("Live health reports processed")
                .register(registry));
        keep(Gauge.builder("revchain.events.per.second", this, m -> m.throughput())
                .description("Live health reports per second over the trailing window")
                .register(registry));
        keep(Gauge.builder("revchain.latency.p99", this, m -> m.p99Ms() / 1000.0)
                .baseUnit("seconds")
                .description("Exact p99 end-to-end latency of the latest reports")
                .register(registry));
        keep(FunctionCounter.builder("revchain.cache.hits", cacheHits, AtomicLong::doubleValue)
                .description("Parse-cache hits reported by ingest")
                .register(registry));
        keep(FunctionCounter.builder("revchain.cache.misses", cacheMisses, AtomicLong::doubleValue)
                .description("Parse-cache misses reported by ingest")
                .register(registry));
        keep(Gauge.builder("revchain.cache.hit.ratio", this, ReporterMetrics::cacheHitRate)
                .description("Parse-cache hits over lookups")
                .register(registry));
        for (HealthStatus s : HealthStatus.values()) {
            keep(Gauge.builder("revchain.repositories", this, m -> m.view.repos(s))
                    .tag("status", s.label())
                    .description("Repositories by their worst branch status")
                    .register(registry));
        }
        keep(Gauge.builder("revchain.repositories.healthy.ratio", this, m -> m.view.healthyShare())
                .description("Healthy repositories over all repositories")
                .register(registry));
        keep(Gauge.builder("revchain.proposals.open", this, m -> m.view.openProposals())
                .description("Live fix proposals")
                .register(registry));
        keep(Gauge.builder("revchain.constitutional.compliance.ratio", this, m -> m.view.constitutionalCompliance())
                .description("Migrations carrying the constitutional hash over all migrations")
                .register(registry));
        findings = MultiGauge.builder("revchain.findings")
                .description("Open findings by check")
                .register(registry);
        collisions = MultiGauge.builder("revchain.collisions.open")
                .description(
                        "Open collisions: candidate branches whose merge into their target would break the " + "chain")
                .register(registry);
        targetPass = MultiGauge.builder("revchain.compliance.target.pass")
                .description("1 when the target passed in the last compliance snapshot, else 0")
                .register(registry);
        targetMeasured = MultiGauge.builder("revchain.compliance.target.measured")
                .description("The measured value of each target in the last compliance snapshot")
                .register(registry);
        picture(OrgView.empty());
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Counts a record read from {@code topic} with its outcome. */
    void record(String topic, String outcome) {
        registry.counter("revchain.reporter.records", Tags.of("topic", topic, "outcome", outcome))
                .increment();
    }

    /**
     * Takes one health report arriving at {@code arrival}; returns whether it was live traffic (replayed history
     * is not a sample, see {@link Timing}).
     */
    boolean report(HealthReport r, Instant arrival, Instant liveSince) {
        if (!Timing.isLive(r, liveSince)) {
            return false;
        }
        processed.increment();
        Duration d = Timing.endToEnd(r, arrival).orElse(null);
        if (d == null) {
            skipped.increment();
        } else {
            latency.record(d);
        }
        synchronized (this) {
            rateWindow.record(arrival.toEpochMilli(), 1);
            if (d != null) {
                latencyWindow.add(d.toNanos());
            }
        }
        return true;
    }

    /** Adds the ingest's parse-cache counts since its last call. */
    void recordCache(long hits, long misses) {
        if (hits < 0 || misses < 0) {
            throw new IllegalArgumentException("cache counts must not be negative: " + hits + ", " + misses);
        }
        cacheHits.addAndGet(hits);
        cacheMisses.addAndGet(misses);
    }

    /** Publishes a new organisation picture to the gauges. */
    void picture(OrgView v) {
        view = v;
        Map<String, Long> byCheck = new TreeMap<>();
        // every known check gets a series, so a check going to zero shows as 0 and not as a gap
        Check.wireNames().forEach(c -> byCheck.put(c, 0L));
        byCheck.putAll(v.findingsByCheck());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byCheck.forEach((check, n) -> rows.add(MultiGauge.Row.of(Tags.of("check", check), n)));
        findings.register(rows, true);
        Map<String, Integer> byRepo = new TreeMap<>();
        v.rows().forEach(r -> byRepo.put(r.repo(), 0));
        v.collisionsByRepo().forEach((repo, list) -> byRepo.put(repo, list.size()));
        collisions.register(
                byRepo.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of("repo", e.getKey()), e.getValue()))
                        .collect(Collectors.toList()),
                true);
    }

    /** Publishes the targets of the last compliance snapshot to the gauges. */
    void targets(List<ComplianceTarget> targets) {
        targetPass.register(
                targets.stream()
                        .map(t -> MultiGauge.Row.of(Tags.of("target", t.name()), t.pass() ? 1 : 0))
                        .collect(Collectors.toList()),
                true);
        targetMeasured.register(
                targets.stream()
                        .map(t -> MultiGauge.Row.of(Tags.of("target", t.name()), t.measured()))
                        .collect(Collectors.toList()),
                true);
    }

    OrgView view() {
        return view;
    }

    synchronized double p99Ms() {
        return latencyWindow.quantileMs(0.99);
    }

    synchronized double throughput() {
        return rateWindow.perSecond(clock.millis());
    }

    double cacheHitRate() {
        return Compliance.hitRate(cacheHits.get(), cacheMisses.get());
    }

    /** What is measured now, against the given picture. */
    Measurements measure(OrgView v) {
        return new Measurements(p99Ms(), throughput(), cacheHitRate(), v.constitutionalCompliance());
    }

    @Override
    public void close() {
        findings.register(List.of(), true);
        collisions.register(List.of(), true);
        targetPass.register(List.of(), true);
        targetMeasured.register(List.of(), true);
        meters.forEach(registry::remove);
        registry.find("revchain.reporter.records").meters().forEach(registry::remove);
    }
}
