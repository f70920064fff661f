package io.revchain.app.cli;

import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.app.service.WorkDirLock;
import io.revchain.core.config.OrgConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain run}: ingest, analyzer, repairer and reporter in one process, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = RunCommand.DESCRIPTION)
public final class RunCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Run ingest, analyzer, repairer and reporter in one process (embedded Kafka unless "
                    + "--bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS is given).";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OrgOptions org;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Interface the HTTP pages bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8088",
            description =
                    "The one HTTP port: dashboard, the analyzer's /repos, /metrics, /health/live and /health/ready "
                            + "(default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OrgConfig config = org.load();
        Path work = org.workDir();
        // before anything starts: a second run on this work dir stops here, in one line
        try (WorkDirLock lock = WorkDirLock.acquire(work);
                Platform platform = Platform.start(kafka, err);
                Pipeline pipeline = Pipeline.start(
                        config, platform, new Pipeline.Options(work, host, port, Duration.ofSeconds(10), true), err)) {
            err.printf(
                    "revchain: watching %d repositories every %d s (Ctrl-C to stop)%n",
                    config.repositories().size(), config.interval().toSeconds());
            err.flush();
            // ingest polls what the group assigns it (every repository, unless other ingest instances share them)
            InitialScan.follow(pipeline.ingest(), config, err);
            pipeline.ingest().start();
            IngestCommand.awaitShutdown();
            return 0;
        }
    }
}
