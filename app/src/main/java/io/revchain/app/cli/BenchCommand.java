package io.revchain.app.cli;

import io.revchain.app.bench.BrokerBenchmark;
import io.revchain.app.bench.CheckBenchmark;
import io.revchain.app.bench.KafkaFloors;
import io.revchain.app.bench.ParserBenchmark;
import io.revchain.app.bench.PipelineBenchmark;
import io.revchain.app.bench.StartupBenchmark;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.Platform;
import io.revchain.core.tree.FileTrees;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain bench}: reproducible benchmarks; results on stdout as Markdown, progress on stderr. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = BenchCommand.DESCRIPTION,
        subcommands = BenchFleetCommand.class)
public final class BenchCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Benchmark the pipeline on an embedded broker (default) or check against alembic heads; prints Markdown for BENCHMARKS.md.";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--compare-alembic",
            description = "Time 'revchain check' against real 'alembic heads' "
                    + "(wall time and in-process) on generated folders, instead of the pipeline benchmark.")
    boolean compareAlembic;

    @Option(
            names = "--parser",
            description = "Time the parser on 1 MB and 10 MB inputs of six hostile shapes "
                    + "(best of --runs), instead of the pipeline benchmark.")
    boolean parser;

    @Option(
            names = "--broker",
            description = "Time starting and stopping the embedded broker (--runs single "
                    + "brokers, then a 3-node cluster), instead of the pipeline benchmark.")
    boolean broker;

    @Option(
            names = "--startup",
            description = "Time the short commands' start (launcher, slim jar, the steps before it) against a "
                    + "hello-world JVM and 'alembic heads', --runs rounds, instead of the pipeline benchmark.")
    boolean startup;

    @Option(
            names = "--files",
            defaultValue = "437",
            description = "Start-up: revisions in the generated folder 'check' runs on (default: ${DEFAULT-VALUE})")
    int files;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "100,1000,5000",
            description = "Revisions per generated folder (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per measurement; the median is reported")
    int runs;

    @Option(
            names = "--repos",
            defaultValue = "20",
            description = "Pipeline: repositories in the synthetic organisation")
    int repos;

    @Option(names = "--revisions", defaultValue = "200", description = "Pipeline: revisions per repository")
    int revisions;

    @Option(
            names = "--broken",
            defaultValue = "0.25",
            description = "Pipeline: share of repositories with a broken reference")
    double broken;

    @Option(names = "--commits", defaultValue = "200", description = "Pipeline: later commits timed end to end")
    int commits;

    @Option(names = "--seed", defaultValue = "1", description = "Pipeline: generator seed")
    long seed;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("revchain-bench");
        try {
            if (parser) {
                spec.commandLine().getOut().print(ParserBenchmark.table(ParserBenchmark.run(runs, err)));
                return 0;
            }
            if (broker) {
                spec.commandLine().getOut().print(BrokerBenchmark.run(runs, err));
                return 0;
            }
            if (startup) {
                String launcher = System.getenv("REVCHAIN_LAUNCHER");
                Path jar = Path.of(StartupBenchmark.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                StartupBenchmark.Result r =
                        StartupBenchmark.run(files, runs, jar, launcher == null ? null : Path.of(launcher), work, err);
                spec.commandLine().getOut().print(r.table());
                return 0;
            }
            if (compareAlembic) {
                List<CheckBenchmark.Row> rows = CheckBenchmark.run(sizes, runs, work, err);
                spec.commandLine().getOut().print(CheckBenchmark.table(rows));
                return 0;
            }
            try (Platform platform = Platform.start(kafka, err)) {
                PipelineBenchmark.Result r = PipelineBenchmark.run(
                        new PipelineBenchmark.Settings(repos, revisions, broken, commits, seed), platform, work, err);
                spec.commandLine().getOut().print(r.table());
                // after the pipeline has stopped, on the same broker: what Kafka alone allows here
                KafkaFloors.Result floors = KafkaFloors.measure(platform.kafka(), work.resolve("floors"), err);
                spec.commandLine().getOut().print("\n" + r.floorsTable(floors));
                return 0;
            }
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}
