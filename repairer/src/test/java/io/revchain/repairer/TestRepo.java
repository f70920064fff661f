package io.revchain.repairer;

import io.revchain.git.FixRefs;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/** A bare "remote" and a working clone made with JGit, plus what the analyzer would say about a checkout. */
final class TestRepo implements AutoCloseable {

    static final String INI = "[alembic]\nscript_location = migrations\n";
    static final String V = "migrations/versions/";

    final Path remote;
    final Path work;
    final Git git;

    private TestRepo(Path remote, Path work, Git git) {
        this.remote = remote;
        this.work = work;
        this.git = git;
    }

    static TestRepo create(Path dir) throws Exception {
        Path remote = dir.resolve("remote.git");
        Path work = dir.resolve("work");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toURL())).call();
        return new TestRepo(remote, work, git);
    }

    /** A repository whose {@code 003} names a revision that does not exist ({@code 0002}, a typo). */
    static TestRepo broken(Path dir) throws Exception {
        TestRepo r = create(dir);
        r.write("alembic.ini", INI).write("migrations/env.py", "# env\n").write("README.md", "app\n")
                .write(V + "001_base.py", migration("001", null))
                .write(V + "002_users.py", migration("002", "001"))
                .write(V + "003_orders.py", migration("003", "0002"));
        r.commitAndPush("broken chain", "main");
        return r;
    }

    TestRepo write(String path, String content) throws IOException {
        Path p = work.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    RevCommit commitAndPush(String message, String branch) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Dev", "dev@example.org");
        RevCommit c = git.commit().setMessage(message).setSign(false).setAuthor(who).setCommitter(who).call();
        git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).call();
        return c;
    }

    /** What the analyzer would report about the work tree at {@code commit}. */
    HealthReport report(String repo, RevCommit commit) throws IOException {
        List<Finding> findings = check(work, Policy.alembic());
        return new HealthReport(repo, "main", commit.name(), 0, List.of(), List.of(), findings,
                HealthStatus.of(findings), Instant.now(), Instant.now(), Instant.now());
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
    Map<String, ObjectId> fixBranches() throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build()) {
            Map<String, ObjectId> out = new TreeMap<>();
            for (Ref ref : r.getRefDatabase().getRefsByPrefix(FixRefs.PUSHABLE)) {
                out.put(ref.getName().substring(Constants.R_HEADS.length()), ref.getObjectId());
            }
            return out;
        }
    }

    /** The remote's tip of {@code branch}. */
    ObjectId remoteTip(String branch) throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build()) {
            Ref ref = r.exactRef(Constants.R_HEADS + branch);
            return ref == null ? null : ref.getObjectId();
        }
    }

    /** A fresh clone of the remote with {@code branch} checked out. */
    Git cloneBranch(Path dir, String branch) throws Exception {
        return Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(dir.toFile()).setBranch(branch)
                .call();
    }

    static String migration(String rev, String down) {
        return "\"\"\"" + rev + "\n\nRevision ID: " + rev + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2026-01-01 00:00:00\n\"\"\"\nrevision = '"
                + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
    }

    @Override
    public void close() {
        git.close();
    }
}
