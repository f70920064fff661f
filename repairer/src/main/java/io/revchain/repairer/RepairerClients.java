package io.revchain.repairer;

import io.revchain.event.DeploymentObserved;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Makes the repairer's Kafka clients when it starts, never before: {@link KafkaRepairerClients} against a broker.
 * A test that only calls {@link RepairerService#handle} never needs a consumer.
 */
public interface RepairerClients {

    /** Creates the topics the repairer reads and writes, where they are missing. */
    void createTopics();

    /** The producer of {@code revchain.fix-proposals}. */
    Producer<String, FixProposal> producer();

    /** A consumer of {@code revchain.health} in {@code groupId}, not yet subscribed, offsets committed by hand. */
    Consumer<String, HealthReport> consumer(String groupId);

    /**
     * A consumer of {@code revchain.deployments} in no group (it is assigned every partition and reads from the
     * beginning, so it learns every environment's last observation), or {@code null}: no deployments are read.
     */
    default Consumer<String, DeploymentObserved> deployments() {
        return null;
    }
}
