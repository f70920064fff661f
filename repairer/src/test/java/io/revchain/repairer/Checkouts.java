package io.revchain.repairer;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.git.FixRefs;
import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/** The repairer's view of a {@link GitFixture}: a broken chain to repair, and what the analyzer says of a checkout. */
final class Checkouts {
    private Checkouts() {}

    static final String INI = "[alembic]\nscript_location = migrations\n";
    static final String V = "migrations/versions/";

    /** A repository whose {@code 003} names a revision that does not exist ({@code 0002}, a typo). */
    static GitFixture broken(Path dir) throws Exception {
        GitFixture r = GitFixture.create(dir);
        r.write("alembic.ini", INI)
                .write("migrations/env.py", "# env\n")
                .write("README.md", "app\n")
                .write(V + "001_base.py", migration("001", null))
                .write(V + "002_users.py", migration("002", "001"))
                .write(V + "003_orders.py", migration("003", "0002"));
        r.commitAndPush("broken chain", "main");
        return r;
    }

    /** What the analyzer would report about the work tree of {@code repo} at {@code commit}. */
    static HealthReport report(GitFixture repo, String id, RevCommit commit) throws IOException {
        List<Finding> findings = check(repo.work(), Policy.alembic());
        return new HealthReport(
                id,
                "main",
                commit.name(),
                0,
                List.of(),
                List.of(),
                findings,
                HealthStatus.of(findings),
                Instant.now(),
                Instant.now(),
                Instant.now());
    }

    /** {@code revchain check} on a folder: every finding of every chain, graded by {@code policy}. */
    static List<Finding> check(Path root, Policy policy) throws IOException {
        List<Finding> out = new ArrayList<>();
        for (ChainSource src : Discovery.discover(root)) {
            var loaded = new ChainLoader(new MigrationParser(policy.marker())::parse).load(src);
            out.addAll(src.findings());
            out.addAll(loaded.findings());
            out.addAll(ChainAnalysis.of(loaded.scripts(), policy).findings());
        }
        return out;
    }

    /** The remote's branches under {@code refs/heads/revchain/}, with their tips. */
    static Map<String, ObjectId> fixBranches(GitFixture repo) throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        repo.remoteRefs(FixRefs.PUSHABLE).forEach((ref, id) -> out.put(ref.substring(Constants.R_HEADS.length()), id));
        return out;
    }

    /** A migration file with a creation date in its docstring, as {@code alembic revision} writes one. */
    static String migration(String rev, String down) {
        return "\"\"\"" + rev + "\n\nRevision ID: " + rev + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2026-01-01 00:00:00\n\"\"\"\nrevision = '"
                + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
    }
}
