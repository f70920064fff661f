package io.revchain.app.cli;

import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.RepositoryDiff;
import io.revchain.ingest.service.RepositoriesTopic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain repos}: the organisation's repositories on the {@code revchain.repositories} topic. */
@Command(
        name = "repos",
        mixinStandardHelpOptions = true,
        description = ReposCommand.DESCRIPTION,
        subcommands = {ReposCommand.Sync.class})
public final class ReposCommand implements Runnable {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "The repositories ingest instances share: 'repos sync' writes revchain.yaml's to the "
                    + "revchain.repositories topic.";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code revchain repos sync --config revchain.yaml}: one sync, then exit. */
    @Command(
            name = "sync",
            mixinStandardHelpOptions = true,
            description = "Write the repositories of revchain.yaml to the compacted revchain.repositories topic: "
                    + "new and edited ones as records, removed ones as tombstones; running ingest instances "
                    + "pick the change up without a restart.")
    public static final class Sync implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                defaultValue = "${env:REVCHAIN_CONFIG:-revchain.yaml}",
                description = "The organisation's repositories ($REVCHAIN_CONFIG, default ${DEFAULT-VALUE})")
        Path config;

        @Override
        public Integer call() {
            OrgConfig org = OrgOptions.load(config);
            Map<String, Object> settings = kafka.requireExternalSettings();
            PrintWriter out = spec.commandLine().getOut();
            try {
                createTopics(settings);
                RepositoryDiff d =
                        RepositoriesTopic.sync(org, Pipeline.webhookSecrets(org), settings, Duration.ofSeconds(30));
                out.println(describe(d));
                out.flush();
                return 0;
            } catch (KafkaException e) {
                throw new UserError("revchain repos sync: " + e.getMessage());
            }
        }

        private static void createTopics(Map<String, Object> settings) {
            Map<String, Object> admin = new HashMap<>();
            settings.forEach((k, v) -> {
                if (AdminClientConfig.configNames().contains(k)) {
                    admin.put(k, v);
                }
            });
            try (Admin a = Admin.create(admin)) {
                Topics.create(a, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            }
        }
    }

    /** One line: what a sync wrote. */
    static String describe(RepositoryDiff d) {
        return "revchain: " + Topics.REPOSITORIES.name() + ": " + d.summary()
                + (d.removed().isEmpty() ? "" : " (removed: " + String.join(", ", d.removed()) + ")");
    }
}
