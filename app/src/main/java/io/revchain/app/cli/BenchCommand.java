package io.revchain.app.cli;

import io.revchain.app.bench.CheckBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain bench}: reproducible benchmarks; results on stdout as Markdown, progress on stderr. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmarks and print their numbers as Markdown (for BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--compare-alembic", description = "Time 'revchain check' against real 'alembic heads' "
            + "(wall time and in-process) on generated folders.")
    boolean compareAlembic;

    @Option(names = "--sizes", split = ",", defaultValue = "100,1000,5000",
            description = "Revisions per generated folder (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per measurement; the median is reported")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (!compareAlembic) {
            throw new UserError("choose a benchmark: --compare-alembic");
        }
        Path work = Files.createTempDirectory("revchain-bench");
        try {
            List<CheckBenchmark.Row> rows = CheckBenchmark.run(sizes, runs, work, spec.commandLine().getErr());
            spec.commandLine().getOut().print(CheckBenchmark.table(rows));
            return 0;
        } finally {
            io.revchain.app.bench.Files2.deleteTree(work);
        }
    }
}
