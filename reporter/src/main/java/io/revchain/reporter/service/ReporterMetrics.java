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
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.EnvironmentHealth;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.TargetVerdict;
import io.revchain.reporter.compliance.BusyThroughput;
import io.revchain.reporter.compliance.CacheWindow;
import io.revchain.reporter.compliance.HashCompliance;
import io.revchain.reporter.compliance.InitialScans;
import io.revchain.reporter.compliance.Measurements;
import io.revchain.reporter.compliance.RateWindow;
import io.revchain.reporter.compliance.RollingSamples;
import io.revchain.reporter.compliance.Timing;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The reporter's meters, and the measurements the compliance targets are checked against.
 *
 * <p>A live report is a sample of steady operation unless it belongs to its repository's first scan
 * ({@link InitialScans}): those are counted apart and are no latency sample. Every live report counts toward the
 * sustained throughput, whose busy time the first scan's backlog is part of.
 *
 * <p>Prometheus names (Micrometer's naming convention applied):
 * <ul>
 *   <li>{@code revchain_verification_latency_seconds} and {@code revchain_end_to_end_latency_seconds} histograms
 *   (percentile histogram plus a {@code le="0.005"} SLO bucket): the steady reports' latency, marker published to
 *   verdict and to the report's arrival; {@code revchain_verification_latency_p99_seconds} and
 *   {@code revchain_end_to_end_latency_p99_seconds} gauges: their exact p99 over the targets' window;
 *   {@code revchain_latency_skipped_total}: live reports without a usable start time or arriving before it.</li>
 *   <li>{@code revchain_initial_scan_reports_total}, {@code revchain_initial_scan_files_total},
 *   {@code revchain_initial_scan_seconds}: the repositories' first scans, left out of the latencies.</li>
 *   <li>{@code revchain_events_processed_total}: live health reports; {@code revchain_throughput_sustained_per_second}
 *   gauge: verified events per busy second in the window ({@code NaN} when idle);
 *   {@code revchain_throughput_busy_seconds}: the busy time in the window; {@code revchain_arrivals_per_second}:
 *   reports arriving per second over the trailing rate window.</li>
 *   <li>{@code revchain_reporter_records_total{topic,outcome}}: every record read ({@code live}, {@code replayed},
 *   {@code tombstone}, {@code unreadable}).</li>
 *   <li>{@code revchain_cache_hits_total}, {@code revchain_cache_misses_total},
 *   {@code revchain_cache_cold_lookups_total}: the ingest's parse cache as passed to {@link #recordCache} (cold:
 *   a blob's first sight, part of the misses); {@code revchain_cache_rescan_hit_ratio}: hits over re-scan lookups
 *   in the window.</li>
 *   <li>{@code revchain_repositories{status}}, {@code revchain_repositories_healthy_ratio},
 *   {@code revchain_findings{check}}, {@code revchain_proposals_open}: the organisation picture;
 *   {@code revchain_constitutional_compliance_ratio} and {@code revchain_constitutional_compliance_repo_ratio{repo}}:
 *   the share of migrations carrying the hash over the repositories whose policy asks for it.</li>
 *   <li>{@code revchain_collisions_open{repo}}: open collisions (candidate branches whose merge would break the
 *   chain) per repository; every repository with a report has a series, 0 when it has none.</li>
 *   <li>The last compliance snapshot, per {@code target}: {@code revchain_compliance_target_pass} (1 or 0),
 *   {@code revchain_compliance_target_verdict{target,verdict}} (1 for its verdict, 0 for the others),
 *   {@code revchain_compliance_target_measured}, {@code revchain_compliance_target_threshold},
 *   {@code revchain_compliance_target_samples}, {@code revchain_compliance_target_min_samples},
 *   {@code revchain_compliance_target_window_seconds}.</li>
 * </ul>
 *
 * <p>Thread-safe: the consumer thread records, HTTP and scheduler threads read.
 */
final class ReporterMetrics implements AutoCloseable {

    static final String VERIFICATION = "revchain.verification.latency";
    static final String END_TO_END = "revchain.end.to.end.latency";

    private final MeterRegistry registry;
    /**
     * Held while the multi-gauges' series are replaced and while the registry is scraped: replacing a series removes
     * it and adds it again, and a scrape in between saw it twice and failed ({@code DuplicateLabelsException}). Never
     * taken while holding this object's own lock.
     */
    private final Object series = new Object();

    private final List<Meter> meters = new ArrayList<>();
    private final Timer verificationTimer;
    private final Timer endToEndTimer;
    private final Counter processed;
    private final Counter skipped;
    private final Counter initialReports;
    private final Counter initialFiles;
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final AtomicLong cacheCold = new AtomicLong();
    private final RollingSamples verification;
    private final RollingSamples endToEnd;
    private final BusyThroughput busy;
    private final RateWindow arrivals;
    private final CacheWindow cache;
    private final InitialScans initial = new InitialScans();
    private final Predicate<String> hashApplies;
    private final Clock clock;
    private final MultiGauge findings;
    private final MultiGauge collisions;
    private final MultiGauge repoCompliance;
    private final MultiGauge targetPass;
    private final MultiGauge targetVerdict;
    private final MultiGauge targetMeasured;
    private final MultiGauge targetThreshold;
    private final MultiGauge targetSamples;
    private final MultiGauge targetMinSamples;
    private final MultiGauge targetWindow;
    private final MultiGauge environmentState;
    private final MultiGauge environmentBehind;
    private final MultiGauge environmentBehindSeconds;
    private final MultiGauge environmentEdited;
    private volatile OrgView view = OrgView.empty();

    /** Metrics over the default 60 s window, the hash target applying to every repository. */
    ReporterMetrics(MeterRegistry registry, Clock clock, int latencySamples, int rateWindowSeconds) {
        this(registry, clock, latencySamples, rateWindowSeconds, Duration.ofSeconds(60), repo -> true);
    }

    /**
     * @param latencySamples    at most this many latency samples and verified events are kept in the window
     * @param rateWindowSeconds the trailing window of the arrival rate
     * @param window            the rolling window of latency, throughput and cache hit rate
     * @param hashApplies       whether the constitutional-hash target applies to a repository
     */
    ReporterMetrics(
            MeterRegistry registry,
            Clock clock,
            int latencySamples,
            int rateWindowSeconds,
            Duration window,
            Predicate<String> hashApplies) {
        this.registry = registry;
        this.clock = clock;
        this.hashApplies = hashApplies;
        this.verification = new RollingSamples(window, latencySamples);
        this.endToEnd = new RollingSamples(window, latencySamples);
        this.busy = new BusyThroughput(window, latencySamples);
        this.arrivals = new RateWindow(rateWindowSeconds);
        this.cache = new CacheWindow(window);
        verificationTimer = keep(latencyTimer(
                VERIFICATION, "Verification latency of steady reports: the commit's marker published to its verdict"));
        endToEndTimer = keep(latencyTimer(
                END_TO_END,
                "End-to-end latency of steady reports: the commit's marker published to its report at the reporter"));
        skipped = keep(Counter.builder("revchain.latency.skipped")
                .description("Live reports without a usable start time, or arriving before it (clock skew)")
                .register(registry));
        initialReports = keep(Counter.builder("revchain.initial.scan.reports")
                .description("Live reports that belonged to a repository's first scan (not latency samples)")
                .register(registry));
        initialFiles = keep(Counter.builder("revchain.initial.scan.files")
                .description("Migration files covered by first-scan reports")
                .register(registry));
        keep(Gauge.builder("revchain.initial.scan.seconds", this, m -> m.initialSeconds())
                .baseUnit("seconds")
                .description("From the earliest first-scan commit published to the last first-scan report")
                .register(registry));
        processed = keep(Counter.builder("revchain.events.processed")
                .description("Live health reports processed")
                .register(registry));
        keep(Gauge.builder(
                        "revchain.throughput.sustained.per.second",
                        this,
                        m -> m.busyReading().perSecond())
                .description("Verified events per second of busy time in the window (NaN when idle)")
                .register(registry));
        keep(Gauge.builder(
                        "revchain.throughput.busy", this, m -> m.busyReading().busySeconds())
                .baseUnit("seconds")
                .description("Time in the window in which the analyzer had work queued or in hand")
                .register(registry));
        keep(Gauge.builder("revchain.arrivals.per.second", this, m -> m.arrivalRate())
                .description("Live health reports arriving per second over the trailing rate window")
                .register(registry));
        keep(Gauge.builder(VERIFICATION + ".p99", this, m -> m.p99(m.verification) / 1000.0)
                .baseUnit("seconds")
                .description("Exact p99 verification latency over the window")
                .register(registry));
        keep(Gauge.builder(END_TO_END + ".p99", this, m -> m.p99(m.endToEnd) / 1000.0)
                .baseUnit("seconds")
                .description("Exact p99 end-to-end latency over the window")
                .register(registry));
        keep(FunctionCounter.builder("revchain.cache.hits", cacheHits, AtomicLong::doubleValue)
                .description("Parse-cache hits reported by ingest")
                .register(registry));
        keep(FunctionCounter.builder("revchain.cache.misses", cacheMisses, AtomicLong::doubleValue)
                .description("Parse-cache misses reported by ingest (cold lookups included)")
                .register(registry));
        keep(FunctionCounter.builder("revchain.cache.cold.lookups", cacheCold, AtomicLong::doubleValue)
                .description("Parse-cache lookups of a blob seen for the first time (they cannot hit)")
                .register(registry));
        keep(Gauge.builder(
                        "revchain.cache.rescan.hit.ratio",
                        this,
                        m -> m.cacheReading().hitRate())
                .description("Parse-cache hits over re-scan lookups in the window (cold lookups left out)")
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
        keep(Gauge.builder(
                        "revchain.constitutional.compliance.ratio",
                        this,
                        m -> m.hash(m.view).share())
                .description("Migrations carrying the constitutional hash over all migrations, in the repositories "
                        + "whose policy asks for it")
                .register(registry));
        findings = MultiGauge.builder("revchain.findings")
                .description("Open findings by check")
                .register(registry);
        collisions = MultiGauge.builder("revchain.collisions.open")
                .description(
                        "Open collisions: candidate branches whose merge into their target would break the " + "chain")
                .register(registry);
        repoCompliance = MultiGauge.builder("revchain.constitutional.compliance.repo.ratio")
                .description("Per repository whose policy asks for the hash: migrations carrying it over all")
                .register(registry);
        targetPass = MultiGauge.builder("revchain.compliance.target.pass")
                .description("1 when the target passed in the last compliance snapshot, else 0")
                .register(registry);
        targetVerdict = MultiGauge.builder("revchain.compliance.target.verdict")
                .description("1 for the target's verdict in the last compliance snapshot (pass, fail, "
                        + "not-enough-data, idle), 0 for the others")
                .register(registry);
        targetMeasured = MultiGauge.builder("revchain.compliance.target.measured")
                .description("The measured value of each target in the last compliance snapshot")
                .register(registry);
        targetThreshold = MultiGauge.builder("revchain.compliance.target.threshold")
                .description("The value each target must beat")
                .register(registry);
        targetSamples = MultiGauge.builder("revchain.compliance.target.samples")
                .description("The samples each target's value was computed from")
                .register(registry);
        targetMinSamples = MultiGauge.builder("revchain.compliance.target.min.samples")
                .description("The samples each target needs before it is judged")
                .register(registry);
        targetWindow = MultiGauge.builder("revchain.compliance.target.window")
                .baseUnit("seconds")
                .description("The rolling window each target is measured over (0: the whole picture)")
                .register(registry);
        environmentState = MultiGauge.builder("revchain.environment.state")
                .description("1 for each environment's state against its branch (at-head, behind, broken, "
                        + "unreadable), 0 for the others")
                .register(registry);
        environmentBehind = MultiGauge.builder("revchain.environment.behind.revisions")
                .description("Revisions alembic upgrade heads would run in each environment")
                .register(registry);
        environmentBehindSeconds = MultiGauge.builder("revchain.environment.behind")
                .baseUnit("seconds")
                .description("How long each environment has not been at its branch's head (0 while it is): alert "
                        + "on > 86400 for 'prod behind for more than a day'")
                .register(registry);
        environmentEdited = MultiGauge.builder("revchain.environment.applied.edited")
                .description("Migrations each environment has applied whose upgrade()/downgrade() changed since it "
                        + "first reported them applied (applied-migration-edited findings)")
                .register(registry);
        picture(OrgView.empty());
    }

    /** The verdicts {@code revchain_environment_state} has a series for, per environment. */
    static final List<String> ENVIRONMENT_STATES = List.of(
            EnvironmentHealth.AT_HEAD,
            EnvironmentHealth.BEHIND,
            EnvironmentHealth.BROKEN,
            EnvironmentHealth.UNREADABLE);

    /** Each environment's gauges: its verdict, how many revisions behind, and since when (read at each scrape). */
    private void environments(OrgView v) {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> behind = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        List<MultiGauge.Row<?>> edited = new ArrayList<>();
        for (RepoView r : v.rows()) {
            if (r.environments() == null) {
                continue;
            }
            for (EnvironmentHealth e : r.environments()) {
                Tags tags = Tags.of("repo", r.repo(), "branch", r.branch(), "env", e.name());
                for (String s : ENVIRONMENT_STATES) {
                    states.add(MultiGauge.Row.of(tags.and("state", s), s.equals(e.verdict()) ? 1 : 0));
                }
                behind.add(MultiGauge.Row.of(tags, e.behind()));
                edited.add(MultiGauge.Row.of(
                        tags,
                        e.findings().stream()
                                .filter(f ->
                                        Check.APPLIED_MIGRATION_EDITED.wire().equals(f.check()))
                                .count()));
                Instant since = e.notAtHeadSince();
                seconds.add(MultiGauge.Row.of(
                        tags,
                        this,
                        m -> since == null
                                ? 0
                                : Math.max(
                                        0,
                                        Duration.between(since, m.clock.instant())
                                                .toSeconds())));
            }
        }
        environmentState.register(states, true);
        environmentBehind.register(behind, true);
        environmentBehindSeconds.register(seconds, true);
        environmentEdited.register(edited, true);
    }

    private Timer latencyTimer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5))
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
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
            synchronized (this) {
                initial.replayed(r.repo());
            }
            return false;
        }
        processed.increment();
        Instant start = Timing.start(r).orElse(null);
        Duration e2e = Timing.endToEnd(r, arrival).orElse(null);
        Duration verify = Timing.verification(r).orElse(null);
        long at = arrival.toEpochMilli();
        boolean first;
        synchronized (this) {
            first = initial.live(r.repo(), start == null ? null : start.toEpochMilli(), at, r.revisions());
            arrivals.record(at, 1);
            long from = start != null ? start.toEpochMilli() : r.analyzedAt().toEpochMilli();
            busy.verified(at, from, r.analyzedAt().toEpochMilli());
            if (!first) {
                if (e2e != null) {
                    endToEnd.add(at, e2e.toNanos() / 1e6);
                }
                if (verify != null) {
                    verification.add(at, verify.toNanos() / 1e6);
                }
            }
        }
        if (first) {
            initialReports.increment();
            initialFiles.increment(r.revisions());
        } else {
            if (e2e == null) {
                skipped.increment();
            } else {
                endToEndTimer.record(e2e);
            }
            if (verify != null) {
                verificationTimer.record(verify);
            }
        }
        return true;
    }

    /** Adds the ingest's parse-cache counts since its last call, of whose misses {@code cold} were first sights. */
    void recordCache(long hits, long misses, long cold) {
        synchronized (this) {
            cache.record(clock.millis(), hits, misses, cold);
        }
        cacheHits.addAndGet(hits);
        cacheMisses.addAndGet(misses);
        cacheCold.addAndGet(cold);
    }

    /** Publishes a new organisation picture to the gauges. */
    void picture(OrgView v) {
        synchronized (series) {
            replace(v);
        }
    }

    private void replace(OrgView v) {
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
        repoCompliance.register(
                hash(v).byRepo().entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of("repo", e.getKey()), e.getValue()))
                        .collect(Collectors.toList()),
                true);
        environments(v);
    }

    /** Publishes the targets of the last compliance snapshot to the gauges. */
    void targets(List<ComplianceTarget> targets) {
        synchronized (series) {
            replaceTargets(targets);
        }
    }

    private void replaceTargets(List<ComplianceTarget> targets) {
        targetPass.register(rows(targets, t -> t.pass() ? 1 : 0), true);
        targetMeasured.register(rows(targets, ComplianceTarget::measured), true);
        targetThreshold.register(rows(targets, ComplianceTarget::target), true);
        targetSamples.register(rows(targets, t -> t.samples() == null ? Double.NaN : t.samples()), true);
        targetMinSamples.register(rows(targets, t -> t.minSamples() == null ? Double.NaN : t.minSamples()), true);
        targetWindow.register(rows(targets, t -> t.windowSeconds() == null ? Double.NaN : t.windowSeconds()), true);
        List<MultiGauge.Row<?>> verdicts = new ArrayList<>();
        for (ComplianceTarget t : targets) {
            for (TargetVerdict v : TargetVerdict.values()) {
                verdicts.add(MultiGauge.Row.of(
                        Tags.of("target", t.name(), "verdict", v.label()), t.verdictOrPass() == v ? 1 : 0));
            }
        }
        targetVerdict.register(verdicts, true);
    }

    private static List<MultiGauge.Row<?>> rows(
            List<ComplianceTarget> targets, ToDoubleFunction<ComplianceTarget> value) {
        return targets.stream()
                .map(t -> MultiGauge.Row.of(Tags.of("target", t.name()), value.applyAsDouble(t)))
                .collect(Collectors.toList());
    }

    OrgView view() {
        return view;
    }

    private synchronized double p99(RollingSamples s) {
        return s.quantile(clock.millis(), 0.99);
    }

    private synchronized BusyThroughput.Reading busyReading() {
        return busy.read(clock.millis());
    }

    private synchronized CacheWindow.Reading cacheReading() {
        return cache.read(clock.millis());
    }

    private synchronized double arrivalRate() {
        return arrivals.perSecond(clock.millis());
    }

    private synchronized double initialSeconds() {
        return initial.seconds();
    }

    /** The exact p99 verification latency over the window, in milliseconds. */
    double verificationP99Ms() {
        return p99(verification);
    }

    /** The exact p99 end-to-end latency over the window, in milliseconds. */
    double endToEndP99Ms() {
        return p99(endToEnd);
    }

    private HashCompliance hash(OrgView v) {
        return HashCompliance.of(v, hashApplies);
    }

    /** What is measured now, against the given picture. */
    Measurements measure(OrgView v) {
        long now = clock.millis();
        synchronized (this) {
            return new Measurements(
                    new Measurements.Latency(verification.quantile(now, 0.99), verification.size(now)),
                    new Measurements.Latency(endToEnd.quantile(now, 0.99), endToEnd.size(now)),
                    busy.read(now),
                    arrivals.perSecond(now),
                    cache.read(now),
                    hash(v),
                    new ComplianceSnapshot.InitialScan(initial.reports(), initial.files(), initial.seconds()));
        }
    }

    /** The Prometheus text of {@code prometheus} (this metrics' registry), never while series are being replaced. */
    String scrape(io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus) {
        synchronized (series) {
            return prometheus.scrape();
        }
    }

    @Override
    public void close() {
        synchronized (series) {
            unregister();
        }
    }

    private void unregister() {
        findings.register(List.of(), true);
        collisions.register(List.of(), true);
        repoCompliance.register(List.of(), true);
        for (MultiGauge g : List.of(
                targetPass,
                targetVerdict,
                targetMeasured,
                targetThreshold,
                targetSamples,
                targetMinSamples,
                targetWindow)) {
            g.register(List.of(), true);
        }
        meters.forEach(registry::remove);
        registry.find("revchain.reporter.records").meters().forEach(registry::remove);
    }
}
