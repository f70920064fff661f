package io.revchain.app.cli;

import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.RepositoryDiff;
import io.revchain.ingest.service.RepositoriesTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** What {@code revchain repos sync} does once its options are read: the topics, the sync, one line. */
final class ReposSync {
    private ReposSync() {}

    static int run(OrgConfig org, Map<String, Object> settings, PrintWriter out) {
        try {
            Map<String, Object> admin = new HashMap<>();
            settings.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    admin.put(k, v);
                }
            });
            try (Admin a = Admin.create(admin)) {
                Topics.create(a, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
            RepositoryDiff d =
                    RepositoriesTopic.sync(org, Pipeline.webhookSecrets(org), settings, Duration.ofSeconds(30));
            out.println(ReposCommand.describe(d));
            out.flush();
            return 0;
        } catch (KafkaException e) {
            throw new UserError("revchain repos sync: " + e.getMessage());
        }
    }
}
