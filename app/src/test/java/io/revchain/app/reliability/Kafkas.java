package io.revchain.app.reliability;

import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.event.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients for the reliability tests: raw producers, topic readers, analyzer settings. */
final class Kafkas {
    private Kafkas() {}

    /** A producer of raw bytes (so tests can send what no serializer would). */
    static KafkaProducer<String, byte[]> rawProducer(String bootstrap, int maxRequestBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for what was read (or the timeout passes).
     *
     * @param readCommitted read only committed records (what an exactly-once consumer sees)
     */
    static <V> List<ConsumerRecord<String, V>> read(
            String bootstrap,
            String topic,
            Deserializer<V> values,
            boolean readCommitted,
            Duration timeout,
            Predicate<List<ConsumerRecord<String, V>>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            // assigned, not subscribed: no group to join, so a reader starts reading at once
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(50)).forEach(out::add);
            }
            // one more short poll: whatever arrives right after the condition held (duplicates) is seen too
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    /**
     * Like {@link #read} but returns only once {@code done} holds and no record has arrived for {@code quiet}: an
     * at_least_once replay may re-send earlier reports after the latest ones were first seen, and ends with them again.
     */
    static <V> List<ConsumerRecord<String, V>> readUntilQuiet(
            String bootstrap,
            String topic,
            Deserializer<V> values,
            boolean readCommitted,
            Duration timeout,
            Duration quiet,
            Predicate<List<ConsumerRecord<String, V>>> done) {
        long[] lastArrival = {System.nanoTime()};
        int[] seen = {0};
        return read(bootstrap, topic, values, readCommitted, timeout, l -> {
            if (l.size() != seen[0]) {
                seen[0] = l.size();
                lastArrival[0] = System.nanoTime();
            }
            return done.test(l) && System.nanoTime() - lastArrival[0] >= quiet.toNanos();
        });
    }

    /** Reads every record present now (the topic's end offsets at the time of the call). */
    static List<ConsumerRecord<String, byte[]>> readRaw(
            String bootstrap, String topic, Duration timeout, int expected) {
        return read(bootstrap, topic, new ByteArrayDeserializer(), false, timeout, l -> l.size() >= expected);
    }

    /** Analyzer settings for one in-JVM or child instance on {@code bootstrap}. */
    static AnalyzerConfig analyzer(
            String bootstrap, String applicationId, String instance, Path stateDir, boolean exactlyOnce) {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", bootstrap);
        flags.put("application.id", applicationId);
        flags.put("instance.id", instance);
        flags.put("state.dir", stateDir.toString());
        flags.put("http.host", "127.0.0.1");
        flags.put("http.port", "0");
        flags.put("advertised.host", "127.0.0.1");
        flags.put("create.topics", "false");
        flags.put("processing.guarantee", exactlyOnce ? "exactly_once_v2" : "at_least_once");
        // a killed member's partitions go to its replacement within seconds, not the 45 s default
        flags.put("kafka.session.timeout.ms", "6000");
        flags.put("kafka.heartbeat.interval.ms", "1000");
        return AnalyzerConfig.resolve(flags, Map.of(), Map.of());
    }

    static String topic() {
        return Topics.MIGRATION_EVENTS.name();
    }
}
