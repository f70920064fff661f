package io.revchain.app.bench;

import io.revchain.app.Main;
import io.revchain.broker.EmbeddedKafkaCluster;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.IngestState;
import io.revchain.event.Topics;
import io.revchain.ingest.service.RepositoriesTopic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline as a fleet deploys it, measured: an embedded 3-broker cluster, 2 ingest and 2 analyzer instances
 * each in its own JVM ({@code revchain ingest} in fleet mode, {@code revchain analyzer}), a generated organisation
 * ({@link FleetOrg}) written to {@code revchain.repositories} once both ingest instances have joined their group.
 *
 * <p>Phases: the first scan (from the write of the repositories' records to the last repository's report on
 * {@code revchain.health}); the analyzer's own drain rate (a third analyzer, another application id, reading the
 * whole events topic); push-to-report latency through the webhook path (a commit, then GitHub's signed push
 * webhook to an ingest instance, then the report of that commit); heap after a full GC and RocksDB state size per
 * instance; and a second scan (a commit in every repository, announced by webhooks) during which one ingest and
 * one analyzer JVM are killed ({@code SIGKILL}) and started again: the time until every repository is reported at
 * its new head, the repositories never reported (must be 0) and the reports sent twice.
 */
public final class FleetBenchmark {

    /** The mean size of a generated file's event (measured by {@link FirstScanProfile}): the floor's records. */
    static final int EVENT_BYTES = 1_263;

    /** Topic partitions: enough for two instances of each service to share evenly. */
    static final int PARTITIONS = 6;

    private static final String SECRET_VAR = "REVCHAIN_BENCH_WEBHOOK_SECRET";
    private static final String SECRET = "bench fleet webhook secret";
    private static final Pattern INGEST_PORT = Pattern.compile("/metrics and /health on port (\\d+)");
    private static final Pattern ANALYZER_PORT = Pattern.compile("queries, metrics and health on port (\\d+)");

    /** What the run measured. */
    /**
     * How the fleet is laid out: brokers in the embedded cluster, ingest and analyzer JVMs (as many of each), and
     * JVM options added to every child's (after the benchmark's own, so they win).
     */
    public record Shape(int brokers, int instances, List<String> jvmOptions) {
        public Shape {
            if (brokers < 1 || instances < 1) {
                throw new IllegalArgumentException("a fleet needs at least one broker and one instance of each");
            }
            jvmOptions = List.copyOf(jvmOptions);
        }

        public Shape(int brokers, int instances) {
            this(brokers, instances, List.of());
        }
    }

    public record Result(
            Shape shape,
            int repos,
            int revisions,
            int files,
            double floorSeconds,
            double firstScanSeconds,
            double ingestSeconds,
            double drainSeconds,
            double drainActiveSeconds,
            int drainEvents,
            List<Double> pushLatenciesMs,
            Map<String, Long> heapAfterGcMb,
            Map<String, Long> residentMb,
            Map<String, Long> stateBytes,
            double recoverSeconds,
            int lost,
            int duplicated,
            int wrongVerdicts,
            // per child JVM, then the benchmark's own JVM (the brokers)
            List<ProcessCpu.Use> firstScanCpu,
            // the floor's records produced and read back in the benchmark's JVM, before the first scan
            ProcessCpu.Use floorCpu,
            List<String> notes) {

        public double filesPerSecond() {
            return files / firstScanSeconds;
        }

        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%nFleet: %,d repositories × %d revisions (%,d files), %d broker(s), %d ingest + %d analyzer JVM(s)"
                            + "%s%n%n",
                    repos,
                    revisions,
                    files,
                    shape.brokers(),
                    shape.instances(),
                    shape.instances(),
                    shape.jvmOptions().isEmpty() ? "" : ", their JVMs with " + String.join(" ", shape.jvmOptions())));
            sb.append("| measure | result | ÷ floor (time) |\n|---|---|---:|\n");
            sb.append(String.format(
                    Locale.ROOT,
                    "| floor: the first scan's records (%,d of %,d B) produced and read back on this cluster, nothing "
                            + "else | %.1f s, %,.0f records/s | 1.0 |%n",
                    files + repos,
                    EVENT_BYTES,
                    floorSeconds,
                    (files + repos) / floorSeconds));
            sb.append(String.format(
                    Locale.ROOT,
                    "| first scan: repositories' records written → last report on revchain.health | %.1f s, %,.0f "
                            + "files/s | %.1f |%n",
                    firstScanSeconds,
                    filesPerSecond(),
                    firstScanSeconds / floorSeconds));
            sb.append(String.format(
                    Locale.ROOT,
                    "| of which ingest: records written → every repository's state committed (its events all "
                            + "on the broker) | %.1f s, %,.0f files/s | %.1f |%n",
                    ingestSeconds,
                    files / Math.max(ingestSeconds, 1e-9),
                    ingestSeconds / floorSeconds));
            if (Double.isNaN(drainSeconds)) {
                sb.append("| analyzer drain alone | not run (`--first-scan-only`) | |\n");
            } else {
                sb.append(String.format(
                        Locale.ROOT,
                        "| analyzer drain alone (a third instance reading the whole events topic: %,d events) | %.1f s "
                                + "from its launch, %,.0f events/s; %.1f s first to last report, %,.0f events/s | "
                                + "%.1f |%n",
                        drainEvents,
                        drainSeconds,
                        drainEvents / drainSeconds,
                        drainActiveSeconds,
                        drainEvents / Math.max(drainActiveSeconds, 1e-9),
                        drainActiveSeconds / floorSeconds));
            }
            double[] l = pushLatenciesMs.stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            sb.append(String.format(
                    Locale.ROOT,
                    "| push → report through the webhook path (%d pushes) | p50 %.0f ms, p99 %.0f ms, max %.0f ms | |%n",
                    l.length,
                    pct(l, 0.5),
                    pct(l, 0.99),
                    l.length == 0 ? Double.NaN : l[l.length - 1]));
            heapAfterGcMb.forEach((k, v) ->
                    sb.append(String.format(Locale.ROOT, "| heap after a full GC, %s | %,d MiB | |%n", k, v)));
            residentMb.forEach((k, v) -> sb.append(String.format(
                    Locale.ROOT, "| resident memory (RSS: heap, RocksDB, code, threads), %s | %,d MiB | |%n", k, v)));
            stateBytes.forEach((k, v) -> sb.append(String.format(
                    Locale.ROOT, "| RocksDB state on disk, %s | %,.1f MiB | |%n", k, v / (1024.0 * 1024))));
            if (Double.isNaN(recoverSeconds)) {
                sb.append(
                        "| second scan with one ingest and one analyzer killed | not run (`--first-scan-only`) | |\n");
            } else {
                sb.append(String.format(
                        Locale.ROOT,
                        "| second scan, one ingest and one analyzer killed mid-scan and restarted: kill → every "
                                + "repository reported at its new head | %.1f s | |%n",
                        recoverSeconds));
                sb.append(String.format(Locale.ROOT, "| repositories lost (must be 0) | %d | |%n", lost));
                sb.append(String.format(Locale.ROOT, "| reports sent twice in the second scan | %d | |%n", duplicated));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "| final reports with the wrong verdict (broken ↔ healthy) | %d | |%n",
                    wrongVerdicts));
            if (!firstScanCpu.isEmpty()) {
                sb.append(cpuTable());
            }
            notes.forEach(n -> sb.append("\n- ").append(n));
            sb.append('\n');
            return sb.toString();
        }

        /**
         * The CPU the first scan took, per process and in all, beside what a first scan at the target rate could
         * take on this machine's cores.
         */
        private String cpuTable() {
            int cores = Runtime.getRuntime().availableProcessors();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%nCPU during the first scan (%,d files, %.1f s on %d cores)%n%n",
                    files,
                    firstScanSeconds,
                    cores));
            sb.append("| process | CPU s | of it JIT compiler threads s | of it GC threads s | µs per file |\n");
            sb.append("|---|---:|---:|---:|---:|\n");
            double cpu = 0;
            double jit = 0;
            double gc = 0;
            for (ProcessCpu.Use u : firstScanCpu) {
                cpu += u.cpuSeconds();
                jit += Double.isNaN(u.compileSeconds()) ? 0 : u.compileSeconds();
                gc += Double.isNaN(u.gcSeconds()) ? 0 : u.gcSeconds();
                cpuRow(sb, u.process(), u);
            }
            cpuRow(sb, "all", new ProcessCpu.Use("all", cpu, jit, gc));
            cpuRow(
                    sb,
                    "floor, for comparison: the first scan's records produced and read back (the benchmark's JVM, "
                            + "before the scan)",
                    floorCpu);
            double budget = files / (double) TARGET_FILES_PER_SECOND * cores;
            sb.append(String.format(
                    Locale.ROOT,
                    "%nA first scan at %,d files/s would have %.1f CPU s on %d cores (%,.0f µs per file); this one "
                            + "took %.1fx that, %.1fx without its JIT compiler threads.%n",
                    TARGET_FILES_PER_SECOND,
                    budget,
                    cores,
                    budget * 1e6 / files,
                    cpu / budget,
                    (cpu - jit) / budget));
            return sb.toString();
        }

        private void cpuRow(StringBuilder sb, String name, ProcessCpu.Use u) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %,.0f |%n",
                    name,
                    u.cpuSeconds(),
                    u.compileSeconds(),
                    u.gcSeconds(),
                    u.cpuSeconds() * 1e6 / files));
        }
    }

    /** The launcher's JVM options for {@code revchain analyzer} ({@code ServiceJvmOptionsTest} keeps them equal). */
    static final List<String> ANALYZER_JVM = List.of("-XX:+UseG1GC", "-XX:MaxTenuringThreshold=1");

    /** The launcher's JVM options for {@code revchain ingest} ({@code ServiceJvmOptionsTest} keeps them equal). */
    static final List<String> INGEST_JVM = List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1");

    /** The first-scan target of issue 18, files per second end to end. */
    static final int TARGET_FILES_PER_SECOND = 10_000;

    /** The reports read back, per repository: the commits reported and how often. */
    private static final class Reports implements AutoCloseable {
        final Map<String, HealthReport> last = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> perCommit = new ConcurrentHashMap<>();
        final Map<String, Long> firstAt = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        /** The arrival time of every report read, in order. */
        final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** When ingest's state of each repository@commit was first read committed: its events were too. */
        final Map<String, Long> stateAt = new ConcurrentHashMap<>();

        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private final Thread states;

        Reports(String bootstrap) {
            thread = new Thread(() -> read(bootstrap), "bench-fleet-health");
            thread.setDaemon(true);
            thread.start();
            states = new Thread(() -> readStates(bootstrap), "bench-fleet-states");
            states.setDaemon(true);
            states.start();
        }

        private void readStates(String bootstrap) {
            Map<String, Object> p = new HashMap<>();
            p.put("bootstrap.servers", bootstrap);
            p.put("fetch.max.wait.ms", 10);
            // a state counts once its poll's transaction is committed, as the analyzer reads it
            p.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, IngestState> c = new KafkaConsumer<>(
                    p,
                    Topics.INGEST_STATE.keySerde().deserializer(),
                    Topics.INGEST_STATE.valueSerde().deserializer())) {
                List<TopicPartition> parts = c.partitionsFor(Topics.INGEST_STATE.name()).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                while (!stop.get()) {
                    for (ConsumerRecord<String, IngestState> r : c.poll(Duration.ofMillis(20))) {
                        IngestState st = r.value();
                        if (st != null) {
                            stateAt.putIfAbsent(st.repo() + "@" + st.commit(), System.nanoTime());
                        }
                    }
                }
            }
        }

        private void read(String bootstrap) {
            Map<String, Object> p = new HashMap<>();
            p.put("bootstrap.servers", bootstrap);
            p.put("fetch.max.wait.ms", 10);
            try (KafkaConsumer<String, HealthReport> c = new KafkaConsumer<>(
                    p,
                    Topics.HEALTH.keySerde().deserializer(),
                    Topics.HEALTH.valueSerde().deserializer())) {
                List<TopicPartition> parts = c.partitionsFor(Topics.HEALTH.name()).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                while (!stop.get()) {
                    for (ConsumerRecord<String, HealthReport> r : c.poll(Duration.ofMillis(20))) {
                        HealthReport h = r.value();
                        if (h == null || h.commit() == null || h.candidate() != null) {
                            continue;
                        }
                        String key = h.repo() + "@" + h.commit();
                        perCommit.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        firstAt.putIfAbsent(key, System.nanoTime());
                        last.put(h.repo(), h);
                        arrivals.add(System.nanoTime());
                        total.incrementAndGet();
                    }
                }
            }
        }

        boolean reportedAt(String repo, String commit) {
            return perCommit.containsKey(repo + "@" + commit);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(5_000);
            states.join(5_000);
        }
    }

    /** A child JVM of this benchmark, with what restarts it. */
    private static final class Child {
        final String name;
        final List<String> args;
        final Map<String, String> env;
        final Path log;
        final Pattern port;
        Process process;
        int httpPort;

        Child(String name, List<String> args, Map<String, String> env, Path log, Pattern port) {
            this.name = name;
            this.args = args;
            this.env = env;
            this.log = log;
            this.port = port;
        }

        void start(List<String> jvm) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvm);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            httpPort = 0;
            process = pb.start();
        }

        /** Waits for the port line after the last start (the log is appended to across restarts). */
        void awaitPort(Duration timeout, int startsBefore) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = Files.exists(log) ? Files.readString(log) : "";
                Matcher m = port.matcher(text);
                int seen = 0;
                while (m.find()) {
                    if (++seen > startsBefore) {
                        httpPort = Integer.parseInt(m.group(1));
                        return;
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited (" + process.exitValue() + "): " + tail(text));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not start: " + tail(text));
                }
                Thread.sleep(100);
            }
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private FleetBenchmark() {}

    /**
     * Runs the benchmark; with {@code before}, the ingest instances run as ingest did before issue 18's first-scan
     * work (local repositories cloned, events sent with {@code linger.ms=0}, 16 KiB batches, uncompressed; the
     * heads-only first clone cannot be turned off, so "before" is slightly better than it was).
     */
    public static Result run(
            List<FleetOrg.Repo> org,
            int revisions,
            int pushes,
            EmbeddedKafkaCluster cluster,
            Path work,
            PrintWriter log,
            boolean before,
            boolean firstScanOnly,
            Shape shape)
            throws Exception {
        int n = shape.instances();
        Files.createDirectories(work);
        String bootstrap = cluster.bootstrapServers();
        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(kafka)) {
            Topics.create(a, Optional.of(PARTITIONS), Optional.empty(), Duration.ofSeconds(60));
        }
        Path yaml = work.resolve("revchain.yaml");
        Files.writeString(yaml, yaml(org));
        OrgConfig config = OrgConfig.load(yaml);
        List<String> notes = new ArrayList<>();
        List<Child> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a benchmark stopped by hand leaves no child JVM behind
        Thread reaper = new Thread(() -> children.forEach(c -> {
            if (c.process != null) {
                c.process.destroyForcibly();
            }
        }));
        Runtime.getRuntime().addShutdownHook(reaper);
        List<String> analyzerJvm = Stream.of(List.of("-Xmx1g"), ANALYZER_JVM, shape.jvmOptions())
                .flatMap(List::stream)
                .toList();
        List<String> ingestJvm = Stream.of(List.of("-Xmx1g"), INGEST_JVM, shape.jvmOptions())
                .flatMap(List::stream)
                .toList();
        try (Reports reports = new Reports(bootstrap)) {
            List<Child> analyzers = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                analyzers.add(analyzer("analyzer-" + i, "revchain-analyzer", bootstrap, work));
            }
            List<Child> ingests = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                ingests.add(ingest("ingest-" + i, bootstrap, yaml, work, before));
            }
            children.addAll(analyzers);
            children.addAll(ingests);
            for (Child c : analyzers) {
                c.start(analyzerJvm);
            }
            for (Child c : ingests) {
                c.start(ingestJvm);
            }
            for (Child c : children) {
                c.awaitPort(Duration.ofMinutes(3), 0);
            }
            awaitReady(analyzers, Duration.ofMinutes(3));
            // both ingest instances in the group before there is anything to share
            Thread.sleep(5_000);
            log.printf("bench fleet: %d analyzer(s) and %d ingest instance(s) running%n", n, n);
            log.flush();

            // the floor, on the same cluster in the same run: the first scan's records produced and read back
            int files = org.size() * FleetOrg.filesPerRepo(revisions);
            ProcessCpu floorBefore = ProcessCpu.of(ProcessHandle.current().pid());
            double floor = FirstScanProfile.floor(kafka, files + org.size(), EVENT_BYTES, org);
            ProcessCpu.Use floorCpu =
                    ProcessCpu.of(ProcessHandle.current().pid()).since("floor", floorBefore);
            log.printf("bench fleet: floor %.1f s%n", floor);
            log.flush();

            // first scan, and the CPU each process spent on it
            Map<String, ProcessCpu> cpuBefore = new java.util.LinkedHashMap<>();
            for (Child c : children) {
                cpuBefore.put(c.name, ProcessCpu.of(c.process.pid()));
            }
            ProcessCpu selfBefore = ProcessCpu.of(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            RepositoriesTopic.sync(config, s -> SECRET_VAR, kafka, Duration.ofSeconds(60));
            await(
                    () -> org.stream().allMatch(r -> reports.reportedAt(r.id(), r.head())),
                    Duration.ofMinutes(30),
                    "first scan");
            double firstScan = (System.nanoTime() - t0) / 1e9;
            double ingestDone = (org.stream()
                                    .mapToLong(r -> reports.stateAt.getOrDefault(r.id() + "@" + r.head(), t0))
                                    .max()
                                    .orElse(t0)
                            - t0)
                    / 1e9;
            ProcessCpu selfAfter = ProcessCpu.of(ProcessHandle.current().pid());
            List<ProcessCpu.Use> cpu = new ArrayList<>();
            for (Child c : children) {
                cpu.add(ProcessCpu.of(c.process.pid()).since(c.name, cpuBefore.get(c.name)));
            }
            cpu.add(selfAfter.since("benchmark JVM: " + shape.brokers() + " broker(s), report readers", selfBefore));
            log.printf("bench fleet: first scan %.1f s (%,.0f files/s)%n", firstScan, files / firstScan);
            log.flush();

            int events = files + org.size();
            double drainSeconds = Double.NaN;
            double drainActive = Double.NaN;
            if (!firstScanOnly) {
                // the analyzer alone, draining every event of the first scan
                int reportsBefore = reports.total.get();
                Child drain = analyzer("analyzer-drain", "revchain-bench-drain", bootstrap, work);
                children.add(drain);
                long td = System.nanoTime();
                drain.start(analyzerJvm);
                await(() -> reports.total.get() - reportsBefore >= org.size(), Duration.ofMinutes(30), "drain");
                drainSeconds = (System.nanoTime() - td) / 1e9;
                // the drain's reports are of commits reported before: its first one is the first arrival after launch
                long firstDrained = reports.arrivals.stream()
                        .filter(v -> v > td)
                        .mapToLong(Long::longValue)
                        .min()
                        .orElse(td);
                drainActive = (System.nanoTime() - firstDrained) / 1e9;
                drain.stop();
                log.printf("bench fleet: drain %.1f s%n", drainSeconds);
                log.flush();
            }

            // push → report through the webhook path, one push at a time
            HttpClient http = HttpClient.newHttpClient();
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < pushes; i++) {
                FleetOrg.Repo r = org.get((int) ((long) i * org.size() / Math.max(1, pushes)));
                String head = FleetOrg.push(r, i);
                long tp = System.nanoTime();
                webhook(http, ingests.get(i % n).httpPort, r, head, "push-" + i);
                await(() -> reports.reportedAt(r.id(), head), Duration.ofMinutes(2), "push " + i);
                latencies.add((reports.firstAt.get(r.id() + "@" + head) - tp) / 1e6);
            }

            // heap after a full collection, state on disk
            Map<String, Long> heap = new java.util.LinkedHashMap<>();
            Map<String, Long> resident = new java.util.LinkedHashMap<>();
            for (Child c : children) {
                if (c.process.isAlive()) {
                    heap.put(c.name, heapAfterGc(c.process.pid()));
                    resident.put(c.name, residentMb(c.process.pid()));
                }
            }
            Map<String, Long> state = new java.util.LinkedHashMap<>();
            for (Child c : analyzers) {
                state.put(c.name, size(work.resolve(c.name + "-state")));
                // where an analyzer's heap is, should it be over its goal
                notes.add(c.name + " heap by class after the first scan: " + topClasses(c.process.pid(), 6));
            }
            double recover = Double.NaN;
            int lost = 0;
            int duplicated = 0;
            if (!firstScanOnly) {

                // a second scan: a commit everywhere, announced by webhooks; one ingest and one analyzer killed in it
                Map<String, String> heads = new ConcurrentHashMap<>();
                for (int i = 0; i < org.size(); i++) {
                    heads.put(org.get(i).id(), FleetOrg.push(org.get(i), pushes + i));
                }
                Map<String, Integer> countsBefore = new HashMap<>();
                reports.perCommit.forEach((k, v) -> countsBefore.put(k, v.get()));
                BooleanSupplier allNew =
                        () -> org.stream().allMatch(r -> reports.reportedAt(r.id(), heads.get(r.id())));
                // the first tenth of the webhooks go to both instances; once one repository is reported at its new head
                // (the scan is under way) one ingest and one analyzer are killed, and the rest of the webhooks go to
                // the
                // surviving ingest (any instance forwards a push to the repository's owner)
                int killAt = Math.max(1, org.size() / 10);
                long tk = 0;
                for (int i = 0; i < org.size(); i++) {
                    if (i == killAt) {
                        await(
                                () -> org.stream().anyMatch(r -> reports.reportedAt(r.id(), heads.get(r.id()))),
                                Duration.ofMinutes(10),
                                "second scan");
                        long atKill = org.stream()
                                .filter(r -> reports.reportedAt(r.id(), heads.get(r.id())))
                                .count();
                        notes.add(String.format(
                                Locale.ROOT,
                                "at the kill, %d of %d repositories were reported at their new head and %d of %d "
                                        + "webhooks sent",
                                atKill,
                                org.size(),
                                i,
                                org.size()));
                        tk = System.nanoTime();
                        ingests.get(0).kill();
                        analyzers.get(0).kill();
                        ingests.get(0).start(ingestJvm);
                        analyzers.get(0).start(analyzerJvm);
                        if (n == 1) {
                            // no survivor takes the rest of the webhooks: the restarted instance does, once up
                            ingests.get(0).awaitPort(Duration.ofMinutes(3), 1);
                        }
                    }
                    FleetOrg.Repo r = org.get(i);
                    int port = i < killAt ? ingests.get(i % n).httpPort : ingests.get(n - 1).httpPort;
                    webhook(http, port, r, heads.get(r.id()), "second-" + i);
                }
                Duration limit = Duration.ofMinutes(10);
                try {
                    await(allNew, limit, "recovery");
                } catch (IllegalStateException e) {
                    notes.add("not every repository was reported within " + limit.toMinutes() + " min of the kill");
                }
                recover = (System.nanoTime() - tk) / 1e9;
                lost = (int) org.stream()
                        .filter(r -> !reports.reportedAt(r.id(), heads.get(r.id())))
                        .count();
                for (Map.Entry<String, AtomicInteger> e : reports.perCommit.entrySet()) {
                    int was = countsBefore.getOrDefault(e.getKey(), 0);
                    int now = e.getValue().get();
                    String repo = e.getKey().substring(0, e.getKey().indexOf('@'));
                    if (e.getKey().endsWith("@" + heads.get(repo)) && now - was > 1) {
                        duplicated += now - was - 1;
                    }
                }
            }
            int wrong = 0;
            for (FleetOrg.Repo r : org) {
                HealthReport h = reports.last.get(r.id());
                boolean healthy = h != null && h.status() == HealthStatus.HEALTHY;
                if (h == null || healthy == r.broken()) {
                    wrong++;
                }
            }
            return new Result(
                    shape,
                    org.size(),
                    revisions,
                    files,
                    floor,
                    firstScan,
                    ingestDone,
                    drainSeconds,
                    drainActive,
                    events,
                    latencies,
                    heap,
                    resident,
                    state,
                    recover,
                    lost,
                    duplicated,
                    wrong,
                    List.copyOf(cpu),
                    floorCpu,
                    notes);
        } finally {
            for (Child c : children) {
                c.stop();
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private static Child analyzer(String name, String applicationId, String bootstrap, Path work) {
        return new Child(
                name,
                List.of(
                        "analyzer",
                        "--bootstrap-servers",
                        bootstrap,
                        "--instance-id",
                        name,
                        "--state-dir",
                        work.resolve(name + "-state").toString(),
                        "--http-port",
                        "0",
                        "--set",
                        "http.host=127.0.0.1",
                        "--set",
                        "application.id=" + applicationId),
                Map.of(),
                work.resolve(name + ".log"),
                ANALYZER_PORT);
    }

    private static Child ingest(String name, String bootstrap, Path yaml, Path work, boolean before) {
        Map<String, String> env = new HashMap<>(Map.of("REVCHAIN_INSTANCE_ID", name, SECRET_VAR, SECRET));
        if (before) {
            env.putAll(Map.of(
                    "REVCHAIN_LOCAL_IN_PLACE", "false",
                    "KAFKA_LINGER_MS", "0",
                    "KAFKA_BATCH_SIZE", "16384",
                    "KAFKA_COMPRESSION_TYPE", "none"));
        }
        return new Child(
                name,
                List.of(
                        "ingest",
                        "--bootstrap-servers",
                        bootstrap,
                        "--config",
                        yaml.toString(),
                        "--work-dir",
                        work.resolve(name + "-work").toString(),
                        "--no-sync",
                        "--metrics-port",
                        "0"),
                env,
                work.resolve(name + ".log"),
                INGEST_PORT);
    }

    private static String yaml(List<FleetOrg.Repo> org) {
        StringBuilder sb = new StringBuilder();
        // polling is the safety net only: every scan here is the first one or announced by a webhook
        sb.append("interval: 3600\nwebhooks:\n  secret: ").append(SECRET_VAR).append("\nrepositories:\n");
        for (FleetOrg.Repo r : org) {
            sb.append("  - id: ")
                    .append(r.id())
                    .append("\n    url: ")
                    .append(r.remote())
                    .append("\n    branches: [main]\n");
        }
        return sb.toString();
    }

    private static void webhook(HttpClient http, int port, FleetOrg.Repo r, String after, String delivery)
            throws Exception {
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + after + "\",\"commits\":[],\"repository\":"
                + "{\"clone_url\":\"" + r.remote() + "\"}}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", sig)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 202 || !res.body().contains("accepted")) {
            throw new IllegalStateException("webhook for " + r.id() + ": " + res.statusCode() + " " + res.body());
        }
    }

    private static void awaitReady(List<Child> analyzers, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Child c : analyzers) {
            while (true) {
                int code = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.httpPort + "/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (code == 200) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(c.name + " not ready");
                }
                Thread.sleep(200);
            }
        }
    }

    /** The {@code n} classes with the most bytes on the heap ({@code jcmd GC.class_histogram}), or why not. */
    static String topClasses(long pid, int n) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            String histogram = exec(jcmd.toString(), Long.toString(pid), "GC.class_histogram");
            List<String> top = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)")
                    .matcher(histogram);
            while (m.find() && top.size() < n) {
                top.add(String.format(
                        Locale.ROOT,
                        "%s %,.1f MiB (%,d)",
                        m.group(3),
                        Long.parseLong(m.group(2)) / (1024.0 * 1024),
                        Long.parseLong(m.group(1))));
            }
            return top.isEmpty() ? "no histogram" : String.join("; ", top);
        } catch (IOException | InterruptedException e) {
            return "no histogram: " + e.getMessage();
        }
    }

    /** The process's resident set ({@code VmRSS} of {@code /proc/PID/status}) in MiB; -1 where there is none. */
    static long residentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Used heap after {@code jcmd GC.run}, from {@code jcmd GC.heap_info}; -1 when jcmd cannot say. */
    static long heapAfterGc(long pid) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            exec(jcmd.toString(), Long.toString(pid), "GC.run");
            String info = exec(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            return usedHeapMb(info);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /**
     * The heap in use that {@code jcmd GC.heap_info} prints, in MiB: every generation's "total NK, used NK" (G1
     * prints one, ParallelGC and Serial two), not Metaspace's; -1 when it names none.
     */
    static long usedHeapMb(String info) {
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        boolean any = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            any = true;
        }
        return any ? used / 1024 : -1;
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private static void await(BooleanSupplier done, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bench fleet: timed out waiting for the " + what);
            }
            // the reader thread stamps each report's arrival: polling less often changes no figure, only CPU
            Thread.sleep(20);
        }
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
