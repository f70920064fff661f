package io.revchain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 3-node cluster answers with its three brokers and leaves nothing behind when closed (a single broker's clean-up
 * is {@code EmbeddedKafkaIT#closeDeletesTheTemporaryDirectory}). What starting and stopping costs is measured by
 * {@code revchain bench --broker}, not here.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedKafkaClusterCleanupIT {

    @Test
    void aClusterAnswersWithEveryBrokerAndCloseDeletesItsDirectory() throws Exception {
        EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3);
        Path dir = cluster.dataDir();
        try (Admin admin = KafkaClients.admin(cluster.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(3);
        } finally {
            cluster.close();
        }
        assertThat(dir).doesNotExist();
    }
}
