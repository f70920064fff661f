package io.revchain.app.bench;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What the broker and Kafka Streams allow on this machine, measured on the same broker as the figures they sit
 * beside and in the same run: a latency floor (a Kafka Streams application that forwards records untouched, and a
 * single producer → consumer hop, at a steady rate) and a throughput floor (a processor that only writes each record
 * to a persistent, changelogged store, draining a backlog: the shape of the analyzer's scripts store). Neither does
 * any of revchain's work, so the pipeline's figure divided by its floor says how much of it is revchain's.
 */
public final class KafkaFloors {

    /** The floors: latencies in milliseconds, the drain in records per second. */
    public record Result(
            int latencyRecords,
            int ratePerSecond,
            double passP50Ms,
            double passP99Ms,
            double hopP50Ms,
            double hopP99Ms,
            int drained,
            double drainPerSecond) {}

    private static final int PARTITIONS = 3;
    private static final int RATE = 500;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURED = Duration.ofSeconds(10);
    private static final int DRAIN_RECORDS = 50_000;
    private static final int DRAIN_KEYS = 5_000;

    private KafkaFloors() {}

    /** Measures both floors with the client settings {@code kafka} (bootstrap servers and any security). */
    public static Result measure(Map<String, Object> kafka, Path work, PrintWriter log) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "revchain-floor-in-" + run;
        String out = "revchain-floor-out-" + run;
        String drain = "revchain-floor-drain-" + run;
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(
                            new NewTopic(in, PARTITIONS, (short) 1),
                            new NewTopic(out, PARTITIONS, (short) 1),
                            new NewTopic(drain, PARTITIONS, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            try {
                log.println("bench: Kafka floors: pass-through and one hop at " + RATE + " records/s…");
                log.flush();
                double[][] latency = latency(kafka, in, out, work.resolve("pass-" + run));
                log.println("bench: Kafka floors: a changelogged store draining " + DRAIN_RECORDS + " records…");
                log.flush();
                double perSecond = drain(kafka, drain, work.resolve("drain-" + run));
                double[] pass = latency[0];
                double[] hop = latency[1];
                return new Result(
                        pass.length,
                        RATE,
                        pct(pass, 0.50),
                        pct(pass, 0.99),
                        pct(hop, 0.50),
                        pct(hop, 0.99),
                        DRAIN_RECORDS,
                        perSecond);
            } finally {
                admin.deleteTopics(List.of(in, out, drain)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Pass-through latencies (produce → forwarded record consumed) and one-hop latencies, sorted, in ms. */
    private static double[][] latency(Map<String, Object> kafka, String in, String out, Path state) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        ConcurrentLinkedQueue<Double> pass = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Double> hop = new ConcurrentLinkedQueue<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaStreams streams = new KafkaStreams(b.build(), streams(kafka, "pass", state))) {
            startAndAwait(streams);
            Thread passReader = reader(kafka, out, pass, measuring, stop);
            Thread hopReader = reader(kafka, in, hop, measuring, stop);
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                long period = TimeUnit.SECONDS.toNanos(1) / RATE;
                long end = System.nanoTime() + WARM_UP.toNanos() + MEASURED.toNanos();
                long measureFrom = System.nanoTime() + WARM_UP.toNanos();
                long next = System.nanoTime();
                int i = 0;
                while (System.nanoTime() < end) {
                    measuring.set(System.nanoTime() >= measureFrom);
                    byte[] key = ("k" + (i++ % 64)).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(in, key, stamp()));
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                producer.flush();
                Thread.sleep(1_000);
            } finally {
                stop.set(true);
                passReader.join(10_000);
                hopReader.join(10_000);
            }
        }
        return new double[][] {sorted(pass), sorted(hop)};
    }

    /** Records per second a processor that only writes each record to a changelogged RocksDB store drains. */
    private static double drain(Map<String, Object> kafka, String topic, Path state) throws Exception {
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (int i = 0; i < DRAIN_RECORDS; i++) {
                byte[] key = ("key-" + (i % DRAIN_KEYS)).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
        AtomicLong seen = new AtomicLong();
        AtomicLong first = new AtomicLong();
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("floor-store"), Serdes.ByteArray(), Serdes.ByteArray()));
        b.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new StoreWriter(seen, first), "floor-store");
        try (KafkaStreams streams = new KafkaStreams(b.build(), streams(kafka, "drain", state))) {
            startAndAwait(streams);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (seen.get() < DRAIN_RECORDS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the drain floor did not finish in 5 minutes");
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - first.get()) / 1e9;
            return DRAIN_RECORDS / seconds;
        }
    }

    /** Writes each record to the store; counts them, and notes when the first came. */
    private static final class StoreWriter implements Processor<byte[], byte[], Void, Void> {
        private final AtomicLong seen;
        private final AtomicLong first;
        private KeyValueStore<byte[], byte[]> store;

        StoreWriter(AtomicLong seen, AtomicLong first) {
            this.seen = seen;
            this.first = first;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("floor-store");
        }

        @Override
        public void process(Record<byte[], byte[]> r) {
            first.compareAndSet(0, System.nanoTime());
            store.put(r.key(), r.value());
            seen.incrementAndGet();
        }
    }

    private static Thread reader(
            Map<String, Object> kafka,
            String topic,
            ConcurrentLinkedQueue<Double> into,
            AtomicBoolean measuring,
            AtomicBoolean stop) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "revchain-floor-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        // joined before the first record is sent, so none is missed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.assignment().size() < PARTITIONS && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(50));
        }
        Thread t = new Thread(
                () -> {
                    try (consumer) {
                        while (!stop.get()) {
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                                if (measuring.get() && r.value() != null && r.value().length == Long.BYTES) {
                                    long sent = ByteBuffer.wrap(r.value()).getLong();
                                    into.add((System.nanoTime() - sent) / 1e6);
                                }
                            }
                        }
                    }
                },
                "bench-floor-" + topic);
        t.start();
        return t;
    }

    private static Properties streams(Map<String, Object> kafka, String name, Path state) throws Exception {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "revchain-floor-" + name + "-" + UUID.randomUUID());
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(state).toString());
        // the analyzer's settings where they bear on the floor: no record cache, no linger, its commit interval
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    private static void startAndAwait(KafkaStreams streams) throws InterruptedException {
        streams.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException(
                        "a floor's Kafka Streams application did not start: " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> kafka) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] stamp() {
        return ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array();
    }

    private static double[] sorted(ConcurrentLinkedQueue<Double> q) {
        List<Double> l = new ArrayList<>(q);
        return l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
