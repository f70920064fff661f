package io.revchain.app.cli;

import io.revchain.app.demo.DemoOrganisation;
import io.revchain.app.demo.DemoPanel;
import io.revchain.app.demo.DemoReport;
import io.revchain.app.demo.DemoTeam;
import io.revchain.app.demo.SteadyWork;
import io.revchain.app.service.Pipeline;
import io.revchain.event.HealthStatus;
import io.revchain.git.FixRefs;
import io.revchain.reporter.model.CollisionView;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;

/**
 * The three phases of {@code revchain demo}, each waited for on what the pipeline reports (never on a fixed
 * delay): the first scan until every broken repository has a verified fix branch on its remote; the reviewers'
 * merges until every repository is healthy at its merged commit, compliance is complete and no fix branch is left;
 * the steady rounds until every pushed commit is reported healthy and the colliding feature branch has its
 * pre-merge verdict. Each phase ends with a {@link DemoPanel.Phase}; a phase that does not finish before the
 * deadline says what it was waiting for.
 */
final class DemoRun {

    /** What a phase waits for: {@code null} once done, else what is still missing (for the timeout message). */
    @FunctionalInterface
    private interface Wait {
        String missing(OrgView view) throws Exception;
    }

    private final DemoOrganisation.Org org;
    private final Pipeline pipeline;
    private final DemoTeam team;
    private final PrintWriter err;
    private final long deadline;

    DemoRun(DemoOrganisation.Org org, Pipeline pipeline, DemoTeam team, PrintWriter err, long deadline) {
        this.org = org;
        this.pipeline = pipeline;
        this.team = team;
        this.err = err;
        this.deadline = deadline;
    }

    /** Phase 1: the first scan and the fix branches; prints the first-scan report. Returns what timed out. */
    String firstScan(List<DemoPanel.Phase> phases, PrintWriter out) throws Exception {
        long start = System.nanoTime();
        long[] cache = cache();
        say("phase 1: first scan");
        pipeline.ingest().pollOnce();
        // each repository's two environments (SQLite files), read once: the analyzer re-judges them at every commit
        pipeline.ingest().pollDatabasesOnce();
        String failed = await(this::firstScanMissing);
        OrgView view = pipeline.reporter().view();
        out.print(DemoReport.render(org, view, seconds(start)));
        out.flush();
        long broken = org.repos().stream().filter(DemoOrganisation.Repo::broken).count();
        long healthy = view.rows().stream()
                .filter(r -> r.status() == HealthStatus.HEALTHY)
                .count();
        long pushed = view.rows().stream()
                .filter(r -> r.proposal() != null && r.proposal().fixBranch() != null)
                .count();
        phases.add(new DemoPanel.Phase(
                "first scan",
                seconds(start),
                List.of(
                        String.format(
                                "%d repositories reported: %d healthy, %d need a fix (compliance %s)",
                                view.rows().size(),
                                healthy,
                                broken,
                                DemoPanel.format("compliance", view.constitutionalCompliance())),
                        pushed + " verified fix branches pushed as revchain/fix-*",
                        cacheLine(cache, "cold: every blob is new"))));
        return failed == null ? null : "in the first scan, waiting for " + failed;
    }

    /** Phase 2: the reviewers merge every fix branch; until all is healthy and the branches are gone. */
    String mergeFixes(List<DemoPanel.Phase> phases) throws Exception {
        long start = System.nanoTime();
        say("phase 2: the reviewers merge the fix branches into main");
        OrgView first = pipeline.reporter().view();
        Map<String, String> merged = new LinkedHashMap<>();
        for (DemoOrganisation.Repo repo : org.repos()) {
            RepoView row = row(first, repo.id());
            if (row != null && row.proposal() != null && row.proposal().fixBranch() != null) {
                String branch = row.proposal().fixBranch();
                merged.put(repo.id(), team.mergeFix(repo, branch));
                say("merged " + branch + " into " + repo.id() + " main ("
                        + merged.get(repo.id()).substring(0, 10) + ")");
            }
        }
        pipeline.ingest().pollOnce();
        String failed = await(view -> {
            for (DemoOrganisation.Repo repo : org.repos()) {
                RepoView row = row(view, repo.id());
                String at = merged.get(repo.id());
                if (row == null || (at != null && !at.equals(row.commit()))) {
                    return repo.id() + "'s report at its merged commit";
                }
                if (row.status() != HealthStatus.HEALTHY) {
                    return repo.id() + " to be healthy (it is " + row.status().label() + ")";
                }
                if (!fixBranches(repo.remote()).isEmpty()) {
                    return "the repairer to delete " + fixBranches(repo.remote()) + " on " + repo.id();
                }
            }
            return view.constitutionalCompliance() < 1.0 ? "compliance to reach 100%" : null;
        });
        OrgView view = pipeline.reporter().view();
        phases.add(new DemoPanel.Phase(
                "fixes merged",
                seconds(start),
                List.of(
                        merged.size() + " fix branches merged into main by the reviewers (merge commits, pushed)",
                        String.format(
                                "%d/%d repositories healthy at the merged commits, compliance %s",
                                view.rows().stream()
                                        .filter(r -> r.status() == HealthStatus.HEALTHY)
                                        .count(),
                                org.repos().size(),
                                DemoPanel.format("compliance", view.constitutionalCompliance())),
                        failed == null
                                ? "the repairer deleted the " + merged.size() + " merged fix branches: none left"
                                : "not finished: waiting for " + failed)));
        return failed == null ? null : "after the merges, waiting for " + failed;
    }

    /** Phase 3: two rounds of the team's pushes, each until every pushed commit has its verdict. */
    String steady(List<DemoPanel.Phase> phases) throws Exception {
        long start = System.nanoTime();
        long[] cache = cache();
        say("phase 3: steady — the team pushes new work");
        List<SteadyWork.Push> all = new ArrayList<>();
        String failed = null;
        for (int round = 1; round <= 2 && failed == null; round++) {
            OrgView before = pipeline.reporter().view();
            List<SteadyWork.Push> pushes = SteadyWork.round(
                    round, team, org, id -> row(before, id).heads().get(0));
            all.addAll(pushes);
            for (SteadyWork.Push p : pushes) {
                say("pushed " + p.kind() + " to " + p.repo() + " " + p.branch() + " ("
                        + p.commit().substring(0, 10) + ")");
            }
            pipeline.ingest().pollOnce();
            failed = await(view -> steadyMissing(view, pushes));
        }
        OrgView view = pipeline.reporter().view();
        Map<String, Long> kinds =
                all.stream().collect(Collectors.groupingBy(SteadyWork.Push::kind, TreeMap::new, Collectors.counting()));
        List<String> happened = new ArrayList<>();
        happened.add(all.size() + " commits pushed in 2 rounds: "
                + kinds.entrySet().stream()
                        .map(e -> e.getKey() + " ×" + e.getValue())
                        .collect(Collectors.joining(", ")));
        happened.add(String.format(
                "%d/%d repositories healthy after each round, compliance %s",
                view.rows().stream()
                        .filter(r -> r.status() == HealthStatus.HEALTHY)
                        .count(),
                org.repos().size(),
                DemoPanel.format("compliance", view.constitutionalCompliance())));
        happened.add(cacheLine(cache, "re-scans"));
        for (CollisionView c : view.collisions()) {
            happened.add("pre-merge check: " + c.repo() + " " + c.candidate() + " into " + c.target() + " would bring "
                    + c.findings().stream().map(f -> f.check()).distinct().collect(Collectors.joining(", "))
                    + " (" + String.join(", ", c.revisions()) + ")"
                    + (c.fixBranch() == null ? "" : "; rebase proposed on " + c.fixBranch()));
        }
        phases.add(new DemoPanel.Phase("steady", seconds(start), happened));
        return failed == null ? null : "in the steady phase, waiting for " + failed;
    }

    private String steadyMissing(OrgView view, List<SteadyWork.Push> pushes) {
        for (SteadyWork.Push p : pushes) {
            if (p.branch().equals(SteadyWork.FEATURE)) {
                CollisionView c = view.collisions().stream()
                        .filter(x -> x.repo().equals(p.repo()) && x.candidate().equals(p.branch()))
                        .findFirst()
                        .orElse(null);
                if (c == null || !p.commit().equals(c.candidateCommit()) || c.proposal() == null) {
                    return "the pre-merge verdict on " + p.repo() + " " + p.branch();
                }
                continue;
            }
            RepoView row = row(view, p.repo());
            if (row == null || !row.commit().equals(latest(pushes, p.repo()))) {
                return p.repo() + "'s report at " + p.commit().substring(0, 10);
            }
            if (row.status() != HealthStatus.HEALTHY) {
                return p.repo() + " to be healthy (it is " + row.status().label() + ")";
            }
        }
        return null;
    }

    /** The last commit pushed to {@code main} of {@code repo} in this round. */
    private static String latest(List<SteadyWork.Push> pushes, String repo) {
        String last = null;
        for (SteadyWork.Push p : pushes) {
            if (p.repo().equals(repo) && p.branch().equals("main")) {
                last = p.commit();
            }
        }
        return last;
    }

    private String firstScanMissing(OrgView view) throws Exception {
        for (DemoOrganisation.Repo repo : org.repos()) {
            RepoView row = row(view, repo.id());
            if (row == null || row.commit() == null) {
                return repo.id() + "'s report";
            }
            if (repo.broken()) {
                if (row.proposal() == null
                        || !row.proposal().verified()
                        || row.proposal().fixBranch() == null) {
                    return "a verified fix for " + repo.id();
                }
                if (!fixBranches(repo.remote()).contains(row.proposal().fixBranch())) {
                    return row.proposal().fixBranch() + " on " + repo.id() + "'s remote";
                }
            }
        }
        return null;
    }

    /** Polls the reporter's view until {@code wait} is satisfied or the deadline passes; says what it waits for. */
    private String await(Wait wait) throws Exception {
        String last = "";
        while (true) {
            String missing = wait.missing(pipeline.reporter().view());
            if (missing == null) {
                return null;
            }
            if (!missing.equals(last)) {
                say("waiting for " + missing);
                last = missing;
            }
            if (System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(100);
        }
    }

    private long[] cache() {
        return new long[] {
            pipeline.ingest().cache().hits(), pipeline.ingest().cache().misses()
        };
    }

    private String cacheLine(long[] since, String what) {
        long hits = pipeline.ingest().cache().hits() - since[0];
        long misses = pipeline.ingest().cache().misses() - since[1];
        return String.format(
                "parse cache (%s): %d hits, %d misses%s",
                what,
                hits,
                misses,
                hits + misses == 0 ? "" : String.format(", %.0f%% hit", 100.0 * hits / (hits + misses)));
    }

    private void say(String line) {
        err.println("revchain: " + line);
        err.flush();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static RepoView row(OrgView view, String repo) {
        return view.rows().stream()
                .filter(r -> r.repo().equals(repo))
                .findFirst()
                .orElse(null);
    }

    /** The {@code revchain/fix-*} branches on {@code remote}. */
    static List<String> fixBranches(Path remote) throws Exception {
        return Git.lsRemoteRepository().setRemote(remote.toUri().toString()).setHeads(true).call().stream()
                .map(Ref::getName)
                .filter(n -> n.startsWith("refs/heads/" + FixRefs.FIX_PREFIX))
                .map(n -> n.substring("refs/heads/".length()))
                .toList();
    }
}
