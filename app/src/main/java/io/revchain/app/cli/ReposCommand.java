package io.revchain.app.cli;

import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.RepositoryDiff;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
public final class ReposCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "The repositories ingest instances share: 'repos sync' writes revchain.yaml's to the "
                    + "revchain.repositories topic.";

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
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
            // the Kafka work is in a class of its own: --help builds this command and must load no Kafka class
            return ReposSync.run(
                    OrgOptions.load(config),
                    kafka.requireExternalSettings(),
                    spec.commandLine().getOut());
        }
    }

    /** One line: what a sync wrote. */
    static String describe(RepositoryDiff d) {
        return "revchain: " + Topics.REPOSITORIES.name() + ": " + d.summary()
                + (d.removed().isEmpty() ? "" : " (removed: " + String.join(", ", d.removed()) + ")");
    }
}
