package io.revchain.ingest.service;

import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.EventReadException;
import io.revchain.event.RepositoryRecord;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.RepositoryDiff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The compacted {@code revchain.repositories} topic as the organisation's configuration: read to its end (a
 * consumer assigned every partition, no group, nothing committed) and synced from {@code revchain.yaml}
 * ({@link RepositoryDiff}: new and edited repositories written, removed ones tombstoned, unchanged ones left alone).
 * Whoever owns the configuration syncs it ({@code revchain repos sync}, {@code revchain run}); ingest instances
 * only read it.
 */
public final class RepositoriesTopic {
    private RepositoriesTopic() {}

    /** The latest readable record per repository id (a tombstone removes the id; an unreadable record is skipped). */
    public static Map<String, RepositoryRecord> read(Map<String, Object> kafka, Duration timeout) {
        Properties p = new Properties();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, RepositoryRecord> repos = new HashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.REPOSITORIES.name(), timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException(
                            "could not read " + Topics.REPOSITORIES.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        repos.remove(r.key());
                        continue;
                    }
                    try {
                        repos.put(
                                r.key(),
                                Topics.REPOSITORIES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } catch (EventReadException e) {
                        // a record this build cannot read is rewritten by the sync when the file lists its id
                        repos.remove(r.key());
                    }
                }
            }
        }
        return repos;
    }

    /**
     * Makes the topic say what {@code config} says and returns what it wrote, once the broker acknowledged it.
     *
     * @param webhookSecret the name of the environment variable with each repository's webhook secret (or null)
     */
    public static RepositoryDiff sync(
            OrgConfig config,
            Function<RepositorySpec, String> webhookSecret,
            Map<String, Object> kafka,
            Duration timeout) {
        List<RepositoryRecord> desired = config.repositories().stream()
                .map(s -> RepositoryRecord.of(s, webhookSecret.apply(s)))
                .toList();
        RepositoryDiff diff = RepositoryDiff.between(read(kafka, timeout), desired);
        if (diff.empty()) {
            return diff;
        }
        Map<String, Object> producer = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                producer.put(k, v);
            }
        });
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "revchain-repositories-sync");
        try (KafkaProducer<String, RepositoryRecord> p = new KafkaProducer<>(
                producer,
                Topics.REPOSITORIES.keySerde().serializer(),
                Topics.REPOSITORIES.valueSerde().serializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            diff.writes()
                    .forEach((id, r) -> sends.add(p.send(new ProducerRecord<>(Topics.REPOSITORIES.name(), id, r))));
            p.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot write " + Topics.REPOSITORIES.name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot write " + Topics.REPOSITORIES.name() + ": no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing " + Topics.REPOSITORIES.name(), e);
        }
        return diff;
    }

    /** {@link #sync(OrgConfig, Function, Map, Duration)} without webhook secrets. */
    public static RepositoryDiff sync(OrgConfig config, Map<String, Object> kafka, Duration timeout) {
        return sync(config, s -> null, kafka, timeout);
    }
}
