package io.revchain.app.bench;

import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.analyzer.stream.AnalyzerTopology;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.BranchKey;
import io.revchain.event.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Where an analyzer's drain of a first scan goes, in this JVM on a broker of its own: the first scan's real events
 * (every file's event and each repository's marker, as ingest serializes them) drained by the analyzer topology twice,
 * cold (the first run in the JVM: classes loaded and code compiled while it runs) and warm (a second run under a new
 * application id, so with empty stores), beside three floors on the same broker: the events read back by one
 * consumer, a pass-through topology, and a topology that makes one changelogged store write per event (the least a
 * design with a stored record per file can do). A fourth floor answers whether fewer, larger records would help: one
 * record per repository holding its events, with the same store writes. Each phase's process CPU time and that of
 * the JIT compiler threads are read from {@code /proc} ({@link ProcessCpu}).
 */
public final class DrainProfile {

    /** One phase: wall seconds, process CPU seconds and the JIT compiler threads' CPU seconds while it ran. */
    public record Phase(String name, double seconds, double cpuSeconds, double compileSeconds) {}

    /** The phases, over {@code events} records of {@code bytes} bytes from {@code repos} repositories. */
    public record Result(int repos, int files, int events, long bytes, List<Phase> phases) {

        /** The phase named {@code name}. */
        public Phase phase(String name) {
            return phases.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no phase " + name));
        }

        public String table() {
            double floor = phase(READ_BACK).seconds();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%nAn analyzer's drain of the first scan, in this JVM on its own broker: %,d repositories, %,d "
                            + "events (%,d files), %,d bytes%n%n",
                    repos,
                    events,
                    files,
                    bytes));
            sb.append("| phase | seconds | events/s | ÷ read-back floor | CPU s | of it JIT compiler threads s |\n");
            sb.append("|---|---:|---:|---:|---:|---:|\n");
            for (Phase p : phases) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f | %,.0f | %.1f | %.1f | %.1f |%n",
                        p.name(),
                        p.seconds(),
                        events / Math.max(p.seconds(), 1e-9),
                        p.seconds() / floor,
                        p.cpuSeconds(),
                        p.compileSeconds()));
            }
            return sb.toString();
        }
    }

    static final String READ_BACK = "floor: the events read back by one consumer";
    static final String PASS = "floor: a pass-through topology";
    static final String STORE = "floor: one changelogged store write per event";
    static final String BATCHED = "floor: one record per repository, the same store writes";
    static final String COLD = "analyzer topology, cold (first run in this JVM)";
    static final String WARM = "analyzer topology, warm (second run, new application id)";

    private static final String BATCHED_TOPIC = "bench-drain-batched";
    private static final int PARTITIONS = 2;
    private static final Duration LIMIT = Duration.ofMinutes(20);

    private DrainProfile() {}

    /**
     * Runs the phases.
     *
     * @param keys   the repositories' ids, in order
     * @param events per repository, its events as serialized records (its marker last)
     * @param files  how many of the events are files' events
     */
    public static Result run(List<String> keys, List<List<byte[]>> events, int files, Path work) throws Exception {
        int count = events.stream().mapToInt(List::size).sum();
        long bytes =
                events.stream().flatMap(List::stream).mapToLong(e -> e.length).sum();
        Files.createDirectories(work);
        List<Phase> phases = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(
                EmbeddedKafka.Config.defaults().withDataDir(Files.createTempDirectory(work, "broker")))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Topics.create(admin, PARTITIONS, (short) 1);
                admin.createTopics(List.of(
                                new org.apache.kafka.clients.admin.NewTopic(BATCHED_TOPIC, PARTITIONS, (short) 1)))
                        .all()
                        .get();
            }
            produce(bootstrap, Topics.MIGRATION_EVENTS.name(), keys, events);
            produce(bootstrap, BATCHED_TOPIC, keys, batched(events));
            phases.add(measure(READ_BACK, () -> readBack(bootstrap, Topics.MIGRATION_EVENTS.name(), count)));
            phases.add(measure(PASS, () -> streams(bootstrap, work, Topics.MIGRATION_EVENTS.name(), count, false)));
            phases.add(measure(STORE, () -> streams(bootstrap, work, Topics.MIGRATION_EVENTS.name(), count, true)));
            phases.add(measure(BATCHED, () -> streams(bootstrap, work, BATCHED_TOPIC, keys.size(), true)));
            phases.add(measure(COLD, () -> analyzer(bootstrap, work, keys)));
            phases.add(measure(WARM, () -> analyzer(bootstrap, work, keys)));
        }
        return new Result(keys.size(), files, count, bytes, List.copyOf(phases));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Phase measure(String name, Step step) throws Exception {
        long self = ProcessHandle.current().pid();
        ProcessCpu before = ProcessCpu.of(self);
        long t = System.nanoTime();
        step.run();
        double seconds = (System.nanoTime() - t) / 1e9;
        ProcessCpu.Use used = ProcessCpu.of(self).since(name, before);
        return new Phase(name, seconds, used.cpuSeconds(), used.compileSeconds());
    }

    /** Per repository, one record: its events' count, then each event's length and bytes. */
    static List<List<byte[]>> batched(List<List<byte[]>> events) {
        List<List<byte[]>> out = new ArrayList<>(events.size());
        for (List<byte[]> repo : events) {
            int size = Integer.BYTES;
            for (byte[] e : repo) {
                size += Integer.BYTES + e.length;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            b.putInt(repo.size());
            for (byte[] e : repo) {
                b.putInt(e.length).put(e);
            }
            out.add(List.of(b.array()));
        }
        return out;
    }

    private static void produce(String bootstrap, String topic, List<String> keys, List<List<byte[]>> values)
            throws Exception {
        Map<String, Object> p = new HashMap<>(FirstScanProfile.batchedSettings());
        p.put("bootstrap.servers", bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < keys.size(); i++) {
                for (byte[] v : values.get(i)) {
                    producer.send(new ProducerRecord<>(topic, keys.get(i), v));
                }
            }
            producer.flush();
        }
    }

    private static void readBack(String bootstrap, String topic, int want) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            int got = 0;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (got < want) {
                got += consumer.poll(Duration.ofMillis(100)).count();
                check(deadline, "reading the events back");
            }
        }
    }

    /** The analyzer's settings under a new application id and state directory. */
    private static AnalyzerConfig config(String bootstrap, Path work, String name) throws Exception {
        String app = "bench-drain-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        AnalyzerConfig config = AnalyzerConfig.resolve(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "application.id",
                        app,
                        "instance.id",
                        app,
                        "state.dir",
                        Files.createTempDirectory(work, name).toString()),
                Map.of(),
                Map.of());
        return config;
    }

    /** The analyzer's Streams settings for a floor topology, with room for a batched record. */
    private static Properties settings(AnalyzerConfig config) {
        Properties p = config.streamsProperties(null);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 16 << 20);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 16 << 20);
        return p;
    }

    private static void streams(String bootstrap, Path work, String topic, int want, boolean store) throws Exception {
        CountDownLatch done = new CountDownLatch(want);
        boolean batched = topic.equals(BATCHED_TOPIC);
        Topology t = new Topology();
        t.addSource("source", new StringDeserializer(), new ByteArrayDeserializer(), topic);
        t.addProcessor("floor", () -> new Floor(store, batched, done), "source");
        if (store) {
            t.addStateStore(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(Floor.STORE), Serdes.String(), Serdes.ByteArray()),
                    "floor");
        }
        try (KafkaStreams streams = new KafkaStreams(t, settings(config(bootstrap, work, store ? "store" : "pass")))) {
            streams.start();
            if (!done.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a floor topology did not drain " + topic + " within " + LIMIT);
            }
        }
    }

    /** A floor's processor: nothing, or one store write per event (a batched record's events each written). */
    private static final class Floor implements Processor<String, byte[], Void, Void> {
        static final String STORE = "bench-drain-floor";
        private final boolean store;
        private final boolean batched;
        private final CountDownLatch done;
        private KeyValueStore<String, byte[]> kv;
        private long n;

        Floor(boolean store, boolean batched, CountDownLatch done) {
            this.store = store;
            this.batched = batched;
            this.done = done;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            if (store) {
                kv = context.getStateStore(STORE);
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (store && batched) {
                ByteBuffer b = ByteBuffer.wrap(record.value());
                int events = b.getInt();
                for (int i = 0; i < events; i++) {
                    byte[] e = new byte[b.getInt()];
                    b.get(e);
                    kv.put(record.key() + '\u0000' + i, e);
                }
            } else if (store) {
                kv.put(record.key() + '\u0000' + n++, record.value());
            }
            done.countDown();
        }
    }

    /** The analyzer topology on the events topic until every repository's report is on the health topic. */
    private static void analyzer(String bootstrap, Path work, List<String> keys) throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        AnalyzerConfig config = config(bootstrap, work, "analyzer");
        try (KafkaConsumer<String, byte[]> reports =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = partitions(reports, Topics.HEALTH.name());
            reports.assign(parts);
            reports.seekToEnd(parts);
            parts.forEach(reports::position);
            Set<String> want = new HashSet<>();
            keys.forEach(k -> want.add(BranchKey.of(k, "main")));
            try (KafkaStreams streams =
                    new KafkaStreams(AnalyzerTopology.build(config), config.streamsProperties(null))) {
                streams.start();
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!want.isEmpty()) {
                    for (ConsumerRecord<String, byte[]> r : reports.poll(Duration.ofMillis(50))) {
                        want.remove(r.key());
                    }
                    check(deadline, "the analyzer's reports (" + want.size() + " missing)");
                }
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("drain profile: no end to " + what + " within " + LIMIT);
        }
    }
}
