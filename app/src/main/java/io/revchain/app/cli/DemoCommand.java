package io.revchain.app.cli;

import io.revchain.app.Main;
import io.revchain.app.demo.DemoOrganisation;
import io.revchain.app.demo.DemoReport;
import io.revchain.app.service.KafkaOptions;
import io.revchain.app.service.OrgOptions;
import io.revchain.app.service.Pipeline;
import io.revchain.app.service.Platform;
import io.revchain.app.service.WorkDirLock;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.tree.FileTrees;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revchain demo}: an organisation of broken repositories (the ACGS-2 services among them) analysed and
 * repaired by the whole pipeline on an embedded Kafka broker, then the organisation report.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Create an organisation of git repositories (ACGS-2 and friends), run the whole pipeline on "
                + "an embedded Kafka broker, wait for every report and fix branch, and print the organisation report.")
public final class DemoCommand implements Callable<Integer> {

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
            description = "Give up waiting for reports and fix branches after this long (default: ${DEFAULT-VALUE})")
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
        try {
            DemoOrganisation.Org org = DemoOrganisation.create(root.resolve("org"));
            err.printf(
                    "revchain: demo organisation of %d repositories in %s%n",
                    org.repos().size(), org.root());
            OrgConfig config = OrgOptions.load(org.config());
            try (Platform platform = Platform.start(kafka, err);
                    Pipeline pipeline = Pipeline.start(
                            config,
                            platform,
                            new Pipeline.Options(root.resolve("work"), "127.0.0.1", port, Duration.ofSeconds(1)),
                            err)) {
                pipeline.ingest().pollOnce();
                boolean done = await(org, pipeline, Duration.ofSeconds(timeoutSeconds), err);
                // One more snapshot so the targets panel includes the last reports.
                Thread.sleep(1200);
                OrgView view = pipeline.reporter().view();
                out.print(DemoReport.render(org, view, pipeline.reporter().snapshot(), (System.nanoTime() - t0) / 1e9));
                out.flush();
                if (!done) {
                    err.println("revchain: demo timed out after " + timeoutSeconds + " s before every repository had "
                            + "its report and every broken one a verified, pushed fix");
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
            if (lock != null) {
                lock.close();
            }
            if (dir == null) {
                FileTrees.deleteQuietly(root);
            }
        }
    }

    /** Waits until every repository has a report and every broken one a verified proposal pushed as a branch. */
    private static boolean await(DemoOrganisation.Org org, Pipeline pipeline, Duration timeout, PrintWriter err)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            OrgView view = pipeline.reporter().view();
            String state = progress(org, view);
            if (!state.equals(last)) {
                err.println("revchain: " + state);
                err.flush();
                last = state;
            }
            if (complete(org, view)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static String progress(DemoOrganisation.Org org, OrgView view) {
        long reported =
                org.repos().stream().filter(r -> row(view, r.id()) != null).count();
        long fixed = view.rows().stream()
                .filter(r -> r.proposal() != null && r.proposal().fixBranch() != null)
                .count();
        return reported + "/" + org.repos().size() + " repositories reported, " + fixed + " fix branches proposed";
    }

    static boolean complete(DemoOrganisation.Org org, OrgView view) throws Exception {
        for (DemoOrganisation.Repo repo : org.repos()) {
            RepoView row = row(view, repo.id());
            if (row == null || row.commit() == null) {
                return false;
            }
            if (repo.broken()) {
                if (row.proposal() == null
                        || !row.proposal().verified()
                        || row.proposal().fixBranch() == null) {
                    return false;
                }
                if (!branches(repo.remote())
                        .contains("refs/heads/" + row.proposal().fixBranch())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static RepoView row(OrgView view, String repo) {
        return view.rows().stream()
                .filter(r -> r.repo().equals(repo))
                .findFirst()
                .orElse(null);
    }

    private static Set<String> branches(Path remote) throws Exception {
        Collection<Ref> refs = Git.lsRemoteRepository()
                .setRemote(remote.toUri().toString())
                .setHeads(true)
                .call();
        return refs.stream().map(Ref::getName).collect(Collectors.toSet());
    }
}
