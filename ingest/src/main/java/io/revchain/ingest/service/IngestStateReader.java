package io.revchain.ingest.service;

import io.revchain.event.EventReadException;
import io.revchain.event.IngestState;
import io.revchain.event.JsonSerde;
import io.revchain.event.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the compacted {@code revchain.ingest-state} topic from the beginning to its current end, with a consumer
 * that assigns every partition itself (no group, nothing committed): the last published commit per
 * {@code repo@branch}. A tombstone forgets a branch; an unreadable record is skipped (it cannot name a commit).
 */
final class IngestStateReader {
    private IngestStateReader() {}

    @SuppressWarnings("unchecked")
    static Map<String, String> read(Map<String, Object> kafka, Duration timeout) {
        Properties p = new Properties();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        JsonSerde<IngestState> serde = (JsonSerde<IngestState>) Topics.INGEST_STATE.valueSerde();
        Map<String, String> state = new HashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.INGEST_STATE.name(), timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            while (!caughtUp(c, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException(
                            "could not read " + Topics.INGEST_STATE.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    apply(state, serde, r);
                }
            }
        }
        return state;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void apply(
            Map<String, String> state, JsonSerde<IngestState> serde, ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            state.remove(r.key());
            return;
        }
        try {
            state.put(r.key(), serde.read(r.value()).commit());
        } catch (EventReadException e) {
            // a record this build cannot read names no commit; the branch is then scanned in full
        }
    }
}
