package io.revchain.app.cli;

import io.revchain.app.bench.FirstScanProfile;
import io.revchain.app.bench.FleetBenchmark;
import io.revchain.app.bench.FleetOrg;
import io.revchain.app.logging.LogSetup;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.EmbeddedKafkaCluster;
import io.revchain.core.tree.FileTrees;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revchain bench fleet}: a generated organisation scanned by separate ingest and analyzer JVMs. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = "Generate N bare repositories × M revisions, profile a first scan phase by phase, then run 2 "
                + "ingest and 2 analyzer JVMs on an embedded 3-broker cluster: first scan, push-to-report latency "
                + "through the webhook path, heap and state size, and one ingest and one analyzer killed mid-scan.")
public final class BenchFleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repos", defaultValue = "1000", description = "Repositories (default: ${DEFAULT-VALUE})")
    int repos;

    @Option(
            names = "--revisions",
            defaultValue = "50",
            description = "Revisions per repository (default: ${DEFAULT-VALUE})")
    int revisions;

    @Option(
            names = "--broken",
            defaultValue = "0.1",
            description = "Share of broken repositories (default: ${DEFAULT-VALUE})")
    double broken;

    @Option(
            names = "--pushes",
            defaultValue = "50",
            description = "Pushes timed through the webhook path (default: ${DEFAULT-VALUE})")
    int pushes;

    @Option(names = "--profile-only", description = "Only the phase-by-phase profile of a first scan, in this JVM")
    boolean profileOnly;

    @Option(names = "--no-profile", description = "Skip the phase-by-phase profile")
    boolean noProfile;

    @Option(
            names = "--before",
            description = "Run the ingest instances as before the fast first scan: local repositories cloned, "
                    + "events unbatched and uncompressed")
    boolean before;

    @Option(
            names = "--first-scan-only",
            description = "Measure the first scan, push latency, heap and state only: no third analyzer's drain and no "
                    + "second scan with kills (for the largest organisations, run by hand)")
    boolean firstScanOnly;

    @Option(
            names = "--org",
            paramLabel = "DIR",
            description = "Keep the generated repositories in DIR and, when DIR already holds them (generated with "
                    + "the same --repos, --revisions and --broken), use them instead of generating them again")
    Path orgDir;

    @Option(
            names = "--brokers",
            defaultValue = "3",
            description = "Brokers of the embedded cluster (default: ${DEFAULT-VALUE}; replication is min(3, brokers))")
    int brokers;

    @Option(
            names = "--instances",
            defaultValue = "2",
            description = "Ingest and analyzer JVMs, as many of each (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(
            names = "--child-jvm",
            paramLabel = "OPTION",
            description = "A JVM option for every ingest and analyzer JVM, after the benchmark's own (repeatable), "
                    + "e.g. --child-jvm=-XX:TieredStopAtLevel=1")
    List<String> childJvm = new java.util.ArrayList<>();

    @Option(names = "--keep", description = "Keep the work directory (its path is printed)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("revchain-bench-fleet");
        // the brokers' and clients' own lines go to a file: the console is the benchmark's
        AutoCloseable diverted = LogSetup.divertToFile(work.resolve("libraries.log"));
        FleetBenchmark.Shape shape = new FleetBenchmark.Shape(brokers, instances, childJvm);
        try (EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(brokers)) {
            long t = System.nanoTime();
            Path remotes = orgDir != null ? orgDir : work.resolve("remotes");
            boolean reuse = orgDir != null && Files.isDirectory(orgDir.resolve("svc-00000.git"));
            List<FleetOrg.Repo> org = reuse
                    ? FleetOrg.existing(remotes, repos, revisions, broken)
                    : FleetOrg.generate(remotes, repos, revisions, broken);
            err.printf(
                    "bench fleet: %d repositories × %d revisions %s in %.1f s under %s%n",
                    repos, revisions, reuse ? "read back" : "generated", (System.nanoTime() - t) / 1e9, remotes);
            err.flush();
            Map<String, Object> kafka = Map.of("bootstrap.servers", cluster.bootstrapServers());
            if (!noProfile) {
                FirstScanProfile.Result p = FirstScanProfile.run(org, kafka, work.resolve("profile"), err);
                out.print(p.table());
                out.flush();
            }
            if (profileOnly) {
                return 0;
            }
            FleetBenchmark.Result r = FleetBenchmark.run(
                    org, revisions, pushes, cluster, work.resolve("fleet"), err, before, firstScanOnly, shape);
            out.print(r.table());
            out.flush();
            return 0;
        } finally {
            if (diverted != null) {
                diverted.close();
            }
            if (!keep) {
                FileTrees.deleteQuietly(work);
            }
        }
    }
}
