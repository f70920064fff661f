package io.revchain.analyzer.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.incremental.IncrementalChain;
import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.analyzer.stream.AnalyzerMetrics;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.analyzer.stream.AnalyzerTopology;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analyzer's three numbers (not a test; run it with the test classpath):
 * <ol>
 *   <li>throughput: events/s through the topology on {@link TopologyTestDriver} (real RocksDB stores), commits of
 *   three file events and a marker over 200 repositories;</li>
 *   <li>per-event analysis time on a 3,000-revision repository: one file changed (append a revision or edit a
 *   docstring) then {@link IncrementalChain#analyze()}, p50/p99, next to a full {@link ChainAnalysis#of};</li>
 *   <li>end-to-end latency on the embedded broker at a paced 1,000 events/s (a file event and a marker per
 *   commit): ingest publish → health report read by a consumer, p50/p99.</li>
 * </ol>
 * Arguments: {@code [seconds of the end-to-end run, default 20] [phases, default throughput,analysis,e2e]}.
 */
public final class AnalyzerBenchmark {
    private AnalyzerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.printf(
                "java %s, %d cores%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<String> phases = List.of((args.length > 1 ? args[1] : "throughput,analysis,e2e").split(","));
        if (phases.contains("throughput")) {
            throughput();
        }
        if (phases.contains("analysis")) {
            analysis();
        }
        if (phases.contains("e2e")) {
            endToEnd(seconds);
        }
        if (phases.contains("backlog")) {
            backlog();
        }
    }

    // ---- 1. throughput -----------------------------------------------------------------------------------------

    static void throughput() throws Exception {
        int repos = 200;
        List<ProducerRecord<String, byte[]>> events = commitsOf3Files(repos, 60, "bench/repo-");
        Path state = Files.createTempDirectory("revchain-bench-ttd");
        AnalyzerConfig config = AnalyzerConfig.defaults().withInstance("bench", state, 0);
        Properties p = config.streamsProperties(null);
        AnalyzerMetrics metrics = AnalyzerMetrics.simple();
        try (TopologyTestDriver driver =
                new TopologyTestDriver(AnalyzerTopology.build(config, metrics, Clock.systemUTC()), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(
                    Topics.MIGRATION_EVENTS.name(),
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            int warm = events.size() / 4;
            for (int i = 0; i < warm; i++) {
                in.pipeInput(events.get(i).key(), events.get(i).value());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = warm; i < events.size(); i++) {
                in.pipeInput(events.get(i).key(), events.get(i).value());
            }
            double s = (System.nanoTime() - t0) / 1e9;
            // the driver runs everything on this thread: its CPU time is what a busy machine does not inflate
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            int n = events.size() - warm;
            System.out.printf(
                    "throughput (TopologyTestDriver, RocksDB, %d repos, 3 files + marker per commit): "
                            + "%d events in %.2f s = %.0f events/s (%.0f events per CPU second of the driver thread); "
                            + "process p99 %.3f ms%n",
                    repos,
                    n,
                    s,
                    n / s,
                    n / cpu,
                    metrics.process().takeSnapshot().percentileValues().length == 0
                            ? Double.NaN
                            : percentile(metrics, 0.99));
        }
    }

    /** The throughput phase's events: 200 repositories, commits of 3 file events and a marker, as raw records. */
    private static List<ProducerRecord<String, byte[]>> commitsOf3Files(int repos, int commits, String prefix) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        var ser = Topics.MIGRATION_EVENTS.valueSerde().serializer();
        Instant now = Instant.now();
        for (int c = 0; c < commits; c++) {
            for (int r = 0; r < repos; r++) {
                String repo = prefix + r;
                String commit = String.format("%040x", c);
                for (int f = 0; f < 3; f++) {
                    int i = c * 3 + f;
                    MigrationScript s = Gen.script(
                            String.format("%05d_m%d.py", i, i),
                            "r" + i,
                            i == 0 ? List.of() : List.of("r" + (i - 1)),
                            "step " + i,
                            true);
                    out.add(new ProducerRecord<>(
                            Topics.MIGRATION_EVENTS.name(),
                            repo,
                            ser.serialize(
                                    "t",
                                    new FileChanged(
                                            repo,
                                            "main",
                                            commit,
                                            s.path(),
                                            ChangeKind.ADDED,
                                            null,
                                            "blob",
                                            s,
                                            now,
                                            now))));
                }
                out.add(new ProducerRecord<>(
                        Topics.MIGRATION_EVENTS.name(),
                        repo,
                        ser.serialize("t", new CommitScanned(repo, "main", commit, 3, false, now, now))));
            }
        }
        return out;
    }

    // ---- 1b. throughput of the real analyzer: Kafka Streams on the embedded broker draining a backlog -------------

    /**
     * Events shaped like {@link #throughput()}'s (200 repositories, commits of 3 files and a marker; 400 commits per
     * repository, {@code -Drevchain.bench.backlog.commits} sets it), produced first, then drained by one analyzer
     * instance with its product defaults (3 partitions, one stream thread, the broker in the same JVM): events/s from
     * the start of processing until the processor has seen every event, and after the first quarter (the JIT's
     * warm-up). Measures the real consumer, RocksDB and changelog path that {@code TopologyTestDriver} replaces, and
     * the CPU each group of threads spent per event ({@link ThreadCpu}), which says what the analyzer would need on
     * cores of its own.
     */
    static void backlog() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerConfig())) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Topics.create(admin, 3, (short) 1);
            }
            List<ProducerRecord<String, byte[]>> events =
                    commitsOf3Files(200, Integer.getInteger("revchain.bench.backlog.commits", 400), "bench/backlog-");
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    pp, Serdes.String().serializer(), Serdes.ByteArray().serializer())) {
                for (ProducerRecord<String, byte[]> r : events) {
                    producer.send(r);
                }
                producer.flush();
            }
            AnalyzerConfig config = benchConfig(kafka, Files.createTempDirectory("revchain-bench-backlog"));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (AnalyzerService service = new AnalyzerService(config, registry).started()) {
                var timer = registry.find("revchain.analyzer.process").timer();
                long deadline = System.nanoTime() + 300_000_000_000L;
                long first = 0;
                Map<String, Long> cpu0 = Map.of();
                long quarter = 0;
                long quarterCount = 0;
                while (System.nanoTime() < deadline) {
                    long seen = timer == null ? 0 : timer.count();
                    if (seen > 0 && first == 0) {
                        first = System.nanoTime();
                    }
                    if (seen >= events.size() / 4 && quarter == 0) {
                        // the first quarter warms the JIT, RocksDB and the clients; the rest is measured
                        quarter = System.nanoTime();
                        quarterCount = seen;
                        cpu0 = ThreadCpu.snapshot();
                    }
                    if (seen >= events.size()) {
                        break;
                    }
                    if (timer == null) {
                        timer = registry.find("revchain.analyzer.process").timer();
                    }
                    Thread.sleep(5);
                }
                long end = System.nanoTime();
                Map<String, Long> cpu = ThreadCpu.since(cpu0);
                double s = (end - first) / 1e9;
                long n = timer == null ? 0 : timer.count();
                double warm = (n - quarterCount) / ((end - quarter) / 1e9);
                long measuredEvents = n - quarterCount;
                System.out.printf(
                        "backlog CPU after the first quarter (%d events, %.2f s wall): %s%n",
                        measuredEvents, (end - quarter) / 1e9, ThreadCpu.describe(cpu, measuredEvents));
                System.out.printf(
                        "backlog (embedded broker in this JVM, 1 analyzer, %d stream thread(s), 3 partitions, "
                                + "%s, commit.interval.ms=%d, %s): %d of %d events in %.2f s = %.0f events/s; "
                                + "after the first quarter %.0f events/s%n",
                        config.streamThreads(),
                        config.exactlyOnce() ? "exactly_once_v2" : "at_least_once",
                        config.commitIntervalMs(),
                        gc(),
                        n,
                        events.size(),
                        s,
                        n / s,
                        warm);
            }
        }
    }

    /** The embedded broker's defaults; {@code -Drevchain.bench.broker.<key>=<value>} overrides one (experiments). */
    private static EmbeddedKafka.Config brokerConfig() {
        EmbeddedKafka.Config c = EmbeddedKafka.Config.defaults();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("revchain.bench.broker.")) {
                c = c.withOverride(k.substring("revchain.bench.broker.".length()), System.getProperty(k));
            }
        }
        return c;
    }

    /** The analyzer's own defaults; {@code -Drevchain.bench.analyzer.<key>=<value>} overrides one (experiments). */
    private static AnalyzerConfig benchConfig(EmbeddedKafka kafka, Path state) {
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "http.port",
                "0",
                "http.host",
                "127.0.0.1",
                "create.topics",
                "false",
                "application.id",
                "revchain-bench-" + UUID.randomUUID(),
                "instance.id",
                "bench-1",
                "state.dir",
                state.toString()));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("revchain.bench.analyzer."))
                .forEach(k -> flags.put(k.substring("revchain.bench.analyzer.".length()), System.getProperty(k)));
        return AnalyzerConfig.resolve(flags, Map.of(), Map.of());
    }

    private static double percentile(AnalyzerMetrics m, double q) {
        for (var v : m.process().takeSnapshot().percentileValues()) {
            if (v.percentile() == q) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    // ---- 2. per-event analysis on 3,000 revisions ------------------------------------------------------------------

    static void analysis() {
        int size = 3000;
        List<MigrationScript> chain = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            chain.add(Gen.script(
                    String.format("%05d_r%d.py", i, i),
                    "r" + i,
                    i == 0 ? List.of() : List.of("r" + (i - 1)),
                    "step " + i,
                    true));
        }
        long fullStart = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            ChainAnalysis.of(chain, Policy.alembic());
        }
        double fullMs = (System.nanoTime() - fullStart) / 1e6 / 20;
        IncrementalChain inc = IncrementalChain.of(chain, Policy.alembic());
        inc.analyze();
        int rounds = 20_000;
        long[] t = new long[rounds];
        int next = size;
        Random rnd = new Random(42);
        for (int k = 0; k < rounds; k++) {
            MigrationScript s;
            if (k % 2 == 0) {
                s = Gen.script(
                        String.format("%05d_r%d.py", next, next),
                        "r" + next,
                        List.of("r" + (next - 1)),
                        "step " + next,
                        true);
                next++;
            } else {
                int i = rnd.nextInt(next);
                s = Gen.script(
                        String.format("%05d_r%d.py", i, i),
                        "r" + i,
                        i == 0 ? List.of() : List.of("r" + (i - 1)),
                        "step " + i,
                        rnd.nextBoolean());
            }
            long a = System.nanoTime();
            inc.put(s.path(), s);
            inc.analyze();
            t[k] = System.nanoTime() - a;
        }
        long[] measured = Arrays.copyOfRange(t, rounds / 4, rounds);
        Arrays.sort(measured);
        System.out.printf(
                "per-event analysis (%d revisions growing to %d, append or edit one file, then analyze): "
                        + "p50 %.3f ms, p99 %.3f ms, max %.3f ms; full ChainAnalysis.of on %d: %.2f ms; paths %s%n",
                size,
                next,
                q(measured, 0.5),
                q(measured, 0.99),
                measured[measured.length - 1] / 1e6,
                size,
                fullMs,
                inc.pathCounts());
    }

    private static double q(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    // ---- 3. end-to-end on the embedded broker ------------------------------------------------------------------

    static void endToEnd(int seconds) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerConfig())) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Topics.create(admin, 3, (short) 1);
            }
            AnalyzerConfig config = benchConfig(kafka, Files.createTempDirectory("revchain-bench-e2e"));
            try (AnalyzerService service = new AnalyzerService(config, new SimpleMeterRegistry()).started();
                    KafkaProducer<String, MigrationEvent> producer = producer(kafka);
                    KafkaConsumer<String, HealthReport> consumer = consumer(kafka)) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (service.streamsState() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                consumer.subscribe(List.of(Topics.HEALTH.name()));
                consumer.poll(Duration.ofMillis(500));
                List<Long> latencies = new ArrayList<>();
                List<Long> arrivals = new ArrayList<>();
                Thread reader = new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                ConsumerRecords<String, HealthReport> polled;
                                try {
                                    polled = consumer.poll(Duration.ofMillis(20));
                                } catch (InterruptException stopped) {
                                    // the end of the run interrupts this thread, possibly inside poll
                                    return;
                                }
                                for (ConsumerRecord<String, HealthReport> r : polled) {
                                    long latency = toNanos(Instant.now())
                                            - toNanos(r.value().publishedAt());
                                    synchronized (latencies) {
                                        latencies.add(latency);
                                        arrivals.add(System.nanoTime());
                                    }
                                }
                            }
                        },
                        "bench-reader");
                reader.start();
                int rate = 1000;
                // warm-up, not measured: on 2 shared cores C2 was still compiling the broker, the clients, Streams and
                // RocksDB's bindings 25 s in, so 15 s measured the JIT more than the pipeline
                int warmup = Integer.getInteger("revchain.bench.warmup", 60);
                int total = rate * (seconds + warmup);
                int repos = 30;
                int[] heads = new int[repos];
                long start = System.nanoTime();
                for (int i = 0; i < total; i += 2) {
                    long due = start + (long) i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int r = (i / 2) % repos;
                    String repo = "bench/e2e-" + r;
                    int n = heads[r]++;
                    MigrationScript s = Gen.script(
                            String.format("%05d_r%d.py", n, n),
                            "r" + n,
                            n == 0 ? List.of() : List.of("r" + (n - 1)),
                            "step " + n,
                            true);
                    String commit = String.format("%040x", n);
                    Instant now = Instant.now();
                    producer.send(new ProducerRecord<>(
                            Topics.MIGRATION_EVENTS.name(),
                            repo,
                            new FileChanged(
                                    repo, "main", commit, s.path(), ChangeKind.ADDED, null, "blob", s, now, now)));
                    producer.send(new ProducerRecord<>(
                            Topics.MIGRATION_EVENTS.name(),
                            repo,
                            new CommitScanned(repo, "main", commit, 1, false, now, Instant.now())));
                }
                double sentSeconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(2000);
                reader.interrupt();
                reader.join();
                long[] all;
                synchronized (latencies) {
                    all = latencies.stream().mapToLong(Long::longValue).toArray();
                    String dump = System.getProperty("revchain.bench.timeline");
                    if (dump != null) {
                        // "seconds since the first send, latency ms" per report: shows stalls and backlogs
                        StringBuilder b = new StringBuilder();
                        for (int i = 0; i < all.length; i++) {
                            b.append(String.format("%.3f %.3f%n", (arrivals.get(i) - start) / 1e9, all[i] / 1e6));
                        }
                        Files.writeString(Path.of(dump), b);
                    }
                }
                long[] measured;
                synchronized (latencies) {
                    measured = IntStream.range(0, all.length)
                            .filter(i -> arrivals.get(i) - start >= warmup * 1_000_000_000L)
                            .mapToLong(i -> all[i])
                            .toArray();
                }
                Arrays.sort(measured);
                System.out.printf(
                        "end-to-end (embedded broker, 1 analyzer, 3 partitions, %d events in %.1f s = "
                                + "%.0f events/s, commit.interval.ms=%d, cache 0, linger 0, %s, %s): %d reports after "
                                + "%d s of warm-up: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; Streams "
                                + "commit latency avg %.2f ms, max %.2f ms%n",
                        total,
                        sentSeconds,
                        total / sentSeconds,
                        config.commitIntervalMs(),
                        config.exactlyOnce() ? "exactly_once_v2" : "at_least_once",
                        gc(),
                        measured.length,
                        warmup,
                        q(measured, 0.5),
                        q(measured, 0.99),
                        q(measured, 0.999),
                        measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6,
                        streamsMetric(service, "commit-latency-avg"),
                        streamsMetric(service, "commit-latency-max"));
            }
        }
    }

    /** A stream thread metric of Kafka Streams (ms), or NaN. */
    private static double streamsMetric(AnalyzerService service, String name) {
        return service.streams().metrics().entrySet().stream()
                .filter(e ->
                        e.getKey().name().equals(name) && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst()
                .orElse(Double.NaN);
    }

    private static String gc() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining("+"));
    }

    private static long toNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Ingest's producer settings (IngestService: idempotent, acks=all, linger.ms=0). */
    private static KafkaProducer<String, MigrationEvent> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(
                p,
                Serdes.String().serializer(),
                Topics.MIGRATION_EVENTS.valueSerde().serializer());
    }

    private static KafkaConsumer<String, HealthReport> consumer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // the reporter's setting (ReporterService): a fetch returns as soon as a record is there anyway
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return new KafkaConsumer<>(
                p, Serdes.String().deserializer(), Topics.HEALTH.valueSerde().deserializer());
    }
}
