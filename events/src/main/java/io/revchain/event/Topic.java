package io.revchain.event;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the pipeline: its name, how its keys and values are written, and how it is created.
 *
 * @param name        the topic name
 * @param keySerde    serde of the record key
 * @param valueSerde  serde of the record value
 * @param compacted   {@code cleanup.policy=compact}: the latest value per key is what the topic means
 * @param partitions  default partition count (a deployment may choose more)
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, int partitions) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
    }

    /** The topic configuration this topic is created with. */
    public Map<String, String> configs() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
    }

    /**
     * The creation request for this topic.
     *
     * @param partitions  partition count, or empty for this topic's default
     * @param replication replication factor, or empty for the broker's {@code default.replication.factor}
     */
    public NewTopic newTopic(Optional<Integer> partitions, Optional<Short> replication) {
        return new NewTopic(name, Optional.of(partitions.orElse(this.partitions)), replication).configs(configs());
    }
}
