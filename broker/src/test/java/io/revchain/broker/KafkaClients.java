package io.revchain.broker;

import io.revchain.event.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/** Plain Kafka clients for the integration tests, built with the registry's serdes. */
final class KafkaClients {
    private KafkaClients() {}

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    static <K, V> KafkaProducer<K, V> producer(String bootstrap, Topic<K, V> topic) {
        return new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        60_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    static <K, V> KafkaConsumer<K, V> consumer(String bootstrap, Topic<K, V> topic, String group) {
        return new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        group,
                        "auto.offset.reset",
                        "earliest",
                        "enable.auto.commit",
                        "false"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    static <K, V> KafkaConsumer<K, V> consumer(String bootstrap, Topic<K, V> topic) {
        return new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** Reads from the beginning of every partition of {@code topic} until {@code count} records arrived. */
    static <K, V> List<ConsumerRecord<K, V>> readAll(
            KafkaConsumer<K, V> consumer, Topic<K, V> topic, int count, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return poll(consumer, count, timeout);
    }

    static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int count, Duration timeout) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
