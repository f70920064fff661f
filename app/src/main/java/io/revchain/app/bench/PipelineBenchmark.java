package io.revchain.app.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.ingest.service.CycleReport;
import io.revchain.reporter.compliance.Compliance;
import io.revchain.reporter.compliance.TargetsPanel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The whole pipeline on the embedded broker against a synthetic organisation: how fast the initial scan goes from
 * git to health reports, the end-to-end latency of later commits (ingest publish → report read back from
 * {@code revchain.health}), the analyzer's per-event time, the parse-cache hit rate on a re-scan, and peak heap.
 */
public final class PipelineBenchmark {

    /** What to generate and how hard to push. */
    public record Settings(int repos, int revisions, double brokenShare, int commits, long seed) {}

    /** The measurements, ready for BENCHMARKS.md. */
    public record Result(
            Settings settings,
            int files,
            double initialSeconds,
            double filesPerSecond,
            int laterCommits,
            double p50Ms,
            double p99Ms,
            double p999Ms,
            double analysisP99Ms,
            double rescanHitRate,
            long peakHeapMb,
            long liveHeapMb,
            ComplianceSnapshot snapshot,
            int burstCommits,
            double burstSeconds) {
        public String table() {
            return String.join(
                    "\n",
                    "| measure | goal | result | |",
                    "|---|---|---|---|",
                    String.format(
                            "| initial scan: %,d files in %d repositories (git → health reports) | ≥ 50,000 file events/s | %,.0f files/s (%.1f s) | %s |",
                            files,
                            settings.repos(),
                            filesPerSecond,
                            initialSeconds,
                            filesPerSecond >= 50_000 ? "met" : "not met"),
                    String.format(
                            "| end-to-end latency, %d later commits (ingest publish → report) | p99 ≤ 5 ms | p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms | %s |",
                            laterCommits, p50Ms, p99Ms, p999Ms, p99Ms <= 5 ? "met" : "not met"),
                    String.format(
                            "| analyzer per-event processing | p99 ≤ 0.5 ms | p99 %.2f ms | %s |",
                            analysisP99Ms, analysisP99Ms <= 0.5 ? "met" : "not met"),
                    String.format(
                            "| parse-cache hit rate on a re-scan of unchanged blobs | ≥ 99%% | %.1f%% | %s |",
                            rescanHitRate * 100, rescanHitRate >= 0.99 ? "met" : "not met"),
                    String.format(
                            "| heap (all four services and the broker in one JVM) | ≤ 1 GiB at 10,000 × 200 | live %,d MiB after GC, peak %,d MiB incl. garbage, at %d × %d | not measured at that scale |",
                            liveHeapMb, peakHeapMb, settings.repos(), settings.revisions()),
                    "",
                    "The targets as the reporter states them after the later commits (one at a time; the initial scan excluded):",
                    "",
                    "```",
                    TargetsPanel.render(snapshot).stripTrailing(),
                    "```",
                    "");
        }

        /** A target's measured value in the snapshot, {@code NaN} when it has none. */
        double target(String name) {
            return snapshot.targets().stream()
                    .filter(t -> t.name().equals(name))
                    .mapToDouble(ComplianceTarget::measured)
                    .findFirst()
                    .orElse(Double.NaN);
        }

        /** The targets beside the Kafka floors measured on the same broker in the same run. */
        public String floorsTable(KafkaFloors.Result f) {
            double verification = target(Compliance.P99_VERIFICATION_MS);
            double endToEnd = target(Compliance.P99_END_TO_END_MS);
            double throughput = target(Compliance.THROUGHPUT_PER_SEC);
            double burst = burstCommits / burstSeconds;
            return String.join(
                    "\n",
                    "| target | pipeline (reporter) | floor on the same broker, same run | ÷ floor |",
                    "|---|---:|---|---:|",
                    String.format(
                            "| p99 verification latency (goal < 5 ms) | %.2f ms | Kafka Streams pass-through, p99 at %d/s "
                                    + "(%,d records): %.2f ms (p50 %.2f) | %.1f |",
                            verification,
                            f.ratePerSecond(),
                            f.latencyRecords(),
                            f.passP99Ms(),
                            f.passP50Ms(),
                            verification / f.passP99Ms()),
                    String.format(
                            "| p99 end-to-end latency | %.2f ms | one producer → consumer hop, p99: %.2f ms (p50 %.2f); "
                                    + "the pipeline makes two hops and more | %.1f |",
                            endToEnd, f.hopP99Ms(), f.hopP50Ms(), endToEnd / (2 * f.hopP99Ms())),
                    String.format(
                            "| sustained throughput (goal > 100 events/s), busy time of the later commits | %.0f events/s "
                                    + "| a processor that only writes each record to a changelogged store, draining %,d "
                                    + "records: %,.0f/s | %.4f |",
                            throughput, f.drained(), f.drainPerSecond(), throughput / f.drainPerSecond()),
                    String.format(
                            "| the same, a burst: %,d commits (one new file each) across the repositories, from the one "
                                    + "poll that publishes them to their last report | %.0f events/s (%.1f s) | the same drain: %,.0f/s | "
                                    + "%.4f |",
                            burstCommits, burst, burstSeconds, f.drainPerSecond(), burst / f.drainPerSecond()),
                    "");
        }
    }

    private PipelineBenchmark() {}

    public static Result run(Settings s, Platform platform, Path work, PrintWriter log) throws Exception {
        Path orgDir = Files.createDirectories(work.resolve("org"));
        List<RepositorySpec> specs = new ArrayList<>();
        Map<String, Path> clones = new HashMap<>();
        long t = System.nanoTime();
        for (int i = 0; i < s.repos(); i++) {
            String id = String.format("svc-%04d", i);
            Path remote = orgDir.resolve("remotes").resolve(id + ".git");
            Path clone = orgDir.resolve("work").resolve(id);
            String tip = SyntheticChain.writeChain(clone, s.revisions(), s.seed() + i);
            Files.writeString(clone.resolve(".bench-head"), tip);
            if (i < Math.round(s.repos() * s.brokenShare())) {
                breakOne(clone);
            }
            Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(remote.toFile())
                    .call()
                    .close();
            try (Git git = Git.init()
                    .setInitialBranch("main")
                    .setDirectory(clone.toFile())
                    .call()) {
                git.add().addFilepattern(".").call();
                git.commit()
                        .setMessage("initial")
                        .setAuthor(DEV)
                        .setCommitter(DEV)
                        .setSign(false)
                        .call();
                git.push().setRemote(remote.toUri().toString()).add("main").call();
            }
            specs.add(RepositorySpec.of(id, remote.toUri().toString()).withBranches(List.of("main")));
            clones.put(id, clone);
        }
        log.printf(
                "bench: %d repositories × %d revisions generated in %.1f s%n",
                s.repos(), s.revisions(), (System.nanoTime() - t) / 1e9);
        log.flush();
        OrgConfig org = OrgConfig.of(specs);
        Map<String, Double> latencies = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> reported = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> readHealth(platform, latencies, reported, stop), "bench-health-reader");
        try (Pipeline pipeline = Pipeline.start(
                org,
                platform,
                new Pipeline.Options(work.resolve("pipeline"), "127.0.0.1", 0, Duration.ofSeconds(1)),
                log)) {
            reader.start();
            long t0 = System.nanoTime();
            CycleReport first = pipeline.ingest().pollOnce();
            await(() -> reported.size() >= s.repos(), Duration.ofMinutes(10));
            double initial = (System.nanoTime() - t0) / 1e9;
            log.printf(
                    "bench: initial scan %d files → %d reports in %.2f s%n", first.files(), reported.size(), initial);
            log.flush();

            latencies.clear();
            for (int c = 0; c < s.commits(); c++) {
                String id = String.format("svc-%04d", c % s.repos());
                appendRevision(clones.get(id), orgDir.resolve("remotes").resolve(id + ".git"), c);
                int before = latencies.size();
                pipeline.ingest().pollOnce();
                int want = before + 1;
                await(() -> latencies.size() >= want, Duration.ofSeconds(30));
            }
            double[] l = latencies.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();

            double analysisP99 = percentile(pipeline.analyzer().metrics().process(), 0.99);
            // the reporter's targets over the later commits: its next snapshot holds their last reports
            Thread.sleep(1_500);
            ComplianceSnapshot steady = pipeline.reporter().snapshot();

            // a burst: several commits in every repository, published by one poll, verified as a backlog
            int perRepo = Math.max(1, s.commits() / s.repos());
            int burstBefore = latencies.size();
            int next = s.commits();
            for (int i = 0; i < s.repos(); i++) {
                String id = String.format("svc-%04d", i);
                for (int j = 0; j < perRepo; j++) {
                    appendRevision(clones.get(id), orgDir.resolve("remotes").resolve(id + ".git"), next++);
                }
            }
            long tb = System.nanoTime();
            pipeline.ingest().pollOnce();
            int burstCommits = s.repos() * perRepo;
            await(() -> latencies.size() >= burstBefore + burstCommits, Duration.ofMinutes(5));
            double burstSeconds = (System.nanoTime() - tb) / 1e9;
            log.printf("bench: burst of %d commits verified in %.2f s%n", burstCommits, burstSeconds);

            long h0 = pipeline.ingest().cache().hits();
            long m0 = pipeline.ingest().cache().misses();
            // A force-push everywhere (same trees, new commits) makes ingest re-scan every file in full.
            for (Map.Entry<String, Path> e : clones.entrySet()) {
                amendAndForcePush(e.getValue(), orgDir.resolve("remotes").resolve(e.getKey() + ".git"));
            }
            CycleReport rescan = pipeline.ingest().pollOnce();
            long hits = pipeline.ingest().cache().hits() - h0;
            long misses = pipeline.ingest().cache().misses() - m0;
            double hitRate = hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
            log.printf("bench: re-scan of %d files: %d hits, %d misses%n", rescan.files(), hits, misses);
            return new Result(
                    s,
                    first.files(),
                    initial,
                    first.files() / initial,
                    l.length,
                    pct(l, 0.50),
                    pct(l, 0.99),
                    pct(l, 0.999),
                    analysisP99,
                    hitRate,
                    peakHeapMb(),
                    liveHeapMb(),
                    steady,
                    burstCommits,
                    burstSeconds);
        } finally {
            stop.set(true);
            reader.join(5000);
        }
    }

    private static final PersonIdent DEV = new PersonIdent("Bench", "bench@example.org");

    private static void breakOne(Path clone) throws IOException {
        try (var files = Files.list(clone.resolve("migrations/versions"))) {
            Path victim = files.sorted().skip(3).findFirst().orElseThrow();
            String text = Files.readString(victim);
            Files.writeString(
                    victim,
                    text.replaceFirst("down_revision(: [^=]+)? = '([0-9a-f]{12})'", "down_revision = 'ffffffffffff'"));
        }
    }

    private static void amendAndForcePush(Path clone, Path remote) throws Exception {
        try (Git git = Git.open(clone.toFile())) {
            PersonIdent later = new PersonIdent(DEV, new Date(System.currentTimeMillis()), TimeZone.getTimeZone("UTC"));
            git.commit()
                    .setAmend(true)
                    .setMessage("rewritten history")
                    .setAuthor(later)
                    .setCommitter(later)
                    .setSign(false)
                    .call();
            git.push()
                    .setRemote(remote.toUri().toString())
                    .add("main")
                    .setForce(true)
                    .call();
        }
    }

    private static void appendRevision(Path clone, Path remote, int n) throws Exception {
        try (Git git = Git.open(clone.toFile())) {
            String head = Files.readString(clone.resolve(".bench-head")).trim();
            String id = String.format("%012x", (0xb0000000000L + n));
            String text = "revision = '" + id + "'\ndown_revision = '" + head + "'\n";
            Files.writeString(clone.resolve("migrations/versions/" + id + "_bench.py"), text);
            Files.writeString(clone.resolve(".bench-head"), id);
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("bench " + n)
                    .setAuthor(DEV)
                    .setCommitter(DEV)
                    .setSign(false)
                    .call();
            git.push().setRemote(remote.toUri().toString()).add("main").call();
        }
    }

    private static void readHealth(
            Platform platform, Map<String, Double> latencies, Set<String> reported, AtomicBoolean stop) {
        Map<String, Object> props = new HashMap<>(platform.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "revchain-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        try (KafkaConsumer<String, HealthReport> c = new KafkaConsumer<>(
                props,
                Topics.HEALTH.keySerde().deserializer(),
                Topics.HEALTH.valueSerde().deserializer())) {
            c.subscribe(List.of(Topics.HEALTH.name()));
            while (!stop.get()) {
                for (ConsumerRecord<String, HealthReport> r : c.poll(Duration.ofMillis(20))) {
                    Instant now = Instant.now();
                    HealthReport h = r.value();
                    if (h == null) {
                        continue;
                    }
                    reported.add(h.repo());
                    if (h.publishedAt() != null) {
                        latencies.put(
                                h.repo() + "@" + h.commit(),
                                Duration.between(h.publishedAt(), now).toNanos() / 1e6);
                    }
                }
            }
        }
    }

    private static void await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bench: timed out waiting for the pipeline");
            }
            Thread.sleep(2);
        }
    }

    private static double percentile(Timer t, double p) {
        for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // What the running pipeline really holds: used heap right after a full collection.
    private static long liveHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
