package io.revchain.app.cli;

import io.revchain.event.DeploymentObserved;
import io.revchain.event.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** What {@code revchain deployed} does once its options are checked: the topics, one record, one line. */
final class DeployedPublish {
    private DeployedPublish() {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static int run(
            String repo,
            String env,
            List<String> revisions,
            String chain,
            Map<String, Object> settings,
            PrintWriter out) {
        DeploymentObserved o =
                DeploymentObserved.read(repo, env, chain, revisions, DeploymentObserved.PUSH, Instant.now());
        try {
            Map<String, Object> admin = new HashMap<>();
            Map<String, Object> producer = new HashMap<>();
            settings.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    admin.put(k, v);
                }
                if (ProducerConfig.configNames().contains(k)) {
                    producer.put(k, v);
                }
            });
            try (Admin a = Admin.create(admin)) {
                Topics.create(a, Optional.empty(), Optional.empty(), TIMEOUT);
            }
            producer.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
            producer.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
            producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "revchain-deployed");
            try (Producer<String, DeploymentObserved> p = new KafkaProducer<>(
                    producer,
                    Topics.DEPLOYMENTS.keySerde().serializer(),
                    Topics.DEPLOYMENTS.valueSerde().serializer())) {
                int partitions = p.partitionsFor(Topics.DEPLOYMENTS.name()).size();
                p.send(new ProducerRecord<>(Topics.DEPLOYMENTS.name(), o.partition(partitions), o.key(), o))
                        .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new UserError(
                    "revchain deployed: " + e.getMessage() + (root == e ? "" : " (" + root.getMessage() + ")"));
        } catch (ExecutionException e) {
            throw new UserError("revchain deployed: Kafka did not take the record: "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new UserError("revchain deployed: Kafka did not acknowledge the record within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("revchain deployed: interrupted");
        }
        out.println("revchain: " + Topics.DEPLOYMENTS.name() + ": " + o.key() + " applied "
                + String.join(", ", revisions) + (chain == null ? "" : " (chain " + chain + ")"));
        out.flush();
        return 0;
    }
}
