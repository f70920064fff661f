package io.revchain.repairer;

import io.revchain.event.DeploymentObserved;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.runtime.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The repairer's clients from the process's {@link KafkaSettings} ({@code bootstrap.servers}, security...): each
 * client gets the properties it knows, plus the repairer's defaults (acks from every replica, an idempotent producer,
 * offsets committed by hand, reading from the earliest record).
 */
public final class KafkaRepairerClients implements RepairerClients {

    private static final String CLIENT_ID = "revchain-repairer";

    private final KafkaSettings kafka;

    public KafkaRepairerClients(KafkaSettings kafka) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
    }

    /** Clients from plain properties, as if each had been given as a {@code --kafka-config} flag. */
    public KafkaRepairerClients(Map<String, Object> kafka) {
        this(flags(kafka));
    }

    private static KafkaSettings flags(Map<String, Object> kafka) {
        KafkaSettings s = KafkaSettings.empty();
        for (Map.Entry<String, Object> e : kafka.entrySet()) {
            s = s.with(e.getKey(), String.valueOf(e.getValue()), KafkaSettings.Source.FLAG);
        }
        return s;
    }

    @Override
    public void createTopics() {
        try (Admin admin = Admin.create(kafka.only(AdminClientConfig.configNames()))) {
            Topics.create(admin, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
        }
    }

    @Override
    public Producer<String, FixProposal> producer() {
        Map<String, Object> p = kafka.only(ProducerConfig.configNames());
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        return new KafkaProducer<>(
                p,
                Topics.FIX_PROPOSALS.keySerde().serializer(),
                Topics.FIX_PROPOSALS.valueSerde().serializer());
    }

    @Override
    public Consumer<String, HealthReport> consumer(String groupId) {
        Map<String, Object> c = kafka.only(ConsumerConfig.configNames());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        return new KafkaConsumer<>(
                c,
                Topics.HEALTH.keySerde().deserializer(),
                Topics.HEALTH.valueSerde().deserializer());
    }

    @Override
    public Consumer<String, DeploymentObserved> deployments() {
        Map<String, Object> c = kafka.only(ConsumerConfig.configNames());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-deployments");
        return new KafkaConsumer<>(
                c,
                Topics.DEPLOYMENTS.keySerde().deserializer(),
                Topics.DEPLOYMENTS.valueSerde().deserializer());
    }
}
