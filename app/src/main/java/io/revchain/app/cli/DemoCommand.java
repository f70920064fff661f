package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.demo.DemoOrganisation;
import io.revchain.app.demo.DemoPanel;
import io.revchain.app.demo.DemoTeam;
import io.revchain.app.logging.LogSetup;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.app.service.WorkDirLock;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.tree.FileTrees;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.model.OrgView;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revchain demo}: an organisation of broken repositories (the ACGS-2 services among them) analysed and
 * repaired by the whole pipeline on an embedded Kafka broker; then the demo's reviewers merge the fixes, the
 * pipeline sees every repository healthy and the repairer deletes its merged branches; then a team keeps pushing
 * for a short steady phase, and a panel shows each phase and the reporter's targets. The phases are in
 * {@link DemoRun}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = DemoCommand.DESCRIPTION)
public final class DemoCommand implements Callable<Integer> {

    /** What {@code --help} says of this command (the slim jar lists it without loading this class). */
    public static final String DESCRIPTION =
            "Create an organisation of git repositories (ACGS-2 and friends), run the whole pipeline on "
                    + "an embedded Kafka broker: first scan and fix branches, the fixes merged by the demo's reviewers "
                    + "until every repository is healthy, a short steady phase of new commits, and the targets.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--serve", description = "Keep the pipeline and the dashboard up until Ctrl-C")
    boolean serve;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Build the organisation here and keep it " + "(default: a temporary directory, removed on exit)")
    Path dir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "Give up waiting for the phases after this long in all (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--port", defaultValue = "0", description = "Dashboard port (default: any free port)")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("revchain-demo");
        // a kept --dir is locked before anything is built in it: a second demo there stops at once, in one line
        WorkDirLock lock = dir != null ? WorkDirLock.acquire(root) : null;
        Path logFile = root.resolve("revchain-demo.log");
        // the console is the demo's own: Kafka's, Kafka Streams' and JGit's lines (and the services' INFO) go here
        AutoCloseable diverted = LogSetup.divertToFile(logFile);
        try {
            DemoOrganisation.Org org = DemoOrganisation.create(root.resolve("org"));
            err.printf(
                    "revchain: demo organisation of %d repositories in %s%n",
                    org.repos().size(), org.root());
            if (diverted != null) {
                err.printf(
                        "revchain: log lines of the services and their libraries go to %s%s%n",
                        logFile, dir == null ? " (removed on exit; keep it with --dir)" : "");
            }
            err.flush();
            OrgConfig config = OrgOptions.load(org.config());
            try (Platform platform = Platform.start(kafka, err);
                    Pipeline pipeline = Pipeline.start(
                            config,
                            platform,
                            new Pipeline.Options(root.resolve("work"), "127.0.0.1", port, Duration.ofSeconds(1)),
                            err);
                    DemoTeam team = new DemoTeam(root.resolve("team"))) {
                DemoRun run =
                        new DemoRun(org, pipeline, team, err, System.nanoTime() + timeoutSeconds * 1_000_000_000L);
                List<DemoPanel.Phase> phases = new ArrayList<>();
                phases.add(new DemoPanel.Phase(
                        "start",
                        (System.nanoTime() - t0) / 1e9,
                        List.of(org.repos().size() + " git repositories with bare remotes, the embedded broker, "
                                + "the four services")));
                String failed = run.firstScan(phases, out);
                if (failed == null) {
                    failed = run.mergeFixes(phases);
                }
                if (failed == null) {
                    failed = run.steady(phases);
                }
                // One more snapshot so the targets panel includes the last reports.
                Thread.sleep(1200);
                OrgView view = pipeline.reporter().view();
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.print(DemoPanel.render(phases, pipeline.reporter().snapshot(), seconds));
                out.print(DemoPanel.environments(view));
                long healthy = view.rows().stream()
                        .filter(r -> r.status() == HealthStatus.HEALTHY)
                        .count();
                out.printf(
                        "%nrevchain demo: %d repositories, %d healthy, compliance %s (%.1f s)%n",
                        view.rows().size(),
                        healthy,
                        DemoPanel.format("compliance", view.constitutionalCompliance()),
                        seconds);
                out.flush();
                if (failed != null) {
                    err.println("revchain: demo timed out after " + timeoutSeconds + " s " + failed);
                    return Main.FINDINGS;
                }
                if (serve) {
                    err.printf(
                            "revchain: serving the dashboard at %s (Ctrl-C to stop)%n",
                            pipeline.reporter().uri());
                    err.flush();
                    pipeline.ingest().start();
                    IngestCommand.awaitShutdown();
                }
                return Main.OK;
            }
        } finally {
            if (diverted != null) {
                diverted.close();
            }
            if (lock != null) {
                lock.close();
            }
            if (dir == null) {
                FileTrees.deleteQuietly(root);
            }
        }
    }
}
