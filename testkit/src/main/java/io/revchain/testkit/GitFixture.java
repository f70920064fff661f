package io.revchain.testkit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare "remote" repository and a working clone that pushes to it, built with JGit: the one git fixture of the
 * tests (ingest, repairer, the CLI). Commit times count up one minute per commit from a fixed instant, so events
 * are reproducible.
 */
public final class GitFixture implements AutoCloseable {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final Path remote;
    private final Path work;
    private final Git git;
    private int clock;

    private GitFixture(Path remote, Path work, Git git) {
        this.remote = remote;
        this.work = work;
        this.git = git;
    }

    /** A new empty bare remote (default branch {@code main}) and its working clone under {@code dir}. */
    public static GitFixture create(Path dir) throws IOException, GitAPIException, URISyntaxException {
        Path remote = dir.resolve("remote.git");
        Path work = dir.resolve("work");
        Git.init()
                .setBare(true)
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()
                .close();
        Git git =
                Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        git.remoteAdd()
                .setName("origin")
                .setUri(new URIish(remote.toUri().toURL()))
                .call();
        return new GitFixture(remote, work, git);
    }

    /** The remote's path (what {@code revchain.yaml} lists as the url). */
    public Path remote() {
        return remote;
    }

    /** The working clone's folder (a checkout of the current branch after each commit). */
    public Path work() {
        return work;
    }

    /** The working clone's repository. */
    public Repository repository() {
        return git.getRepository();
    }

    /** The working clone, for what this fixture does not wrap (log, branch deletion, a pull). */
    public Git git() {
        return git;
    }

    public GitFixture write(String path, String content) throws IOException {
        Path p = work.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    public GitFixture delete(String path) throws IOException {
        Files.delete(work.resolve(path));
        return this;
    }

    public GitFixture move(String from, String to) throws IOException {
        Files.createDirectories(work.resolve(to).getParent());
        Files.move(work.resolve(from), work.resolve(to));
        return this;
    }

    /** Stages everything (additions, changes, deletions) and commits. */
    public RevCommit commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        PersonIdent who = ident();
        return git.commit()
                .setMessage(message)
                .setSign(false)
                .setAuthor(who)
                .setCommitter(who)
                .call();
    }

    private PersonIdent ident() {
        return new PersonIdent(
                "Test", "test@example.org", Date.from(EPOCH.plusSeconds(60L * ++clock)), TimeZone.getTimeZone("UTC"));
    }

    public void checkout(String branch, boolean create) throws GitAPIException {
        git.checkout().setName(branch).setCreateBranch(create).call();
    }

    /** Creates {@code branch} at {@code from} and checks it out. */
    public void branch(String branch, String from) throws GitAPIException {
        git.checkout().setCreateBranch(true).setName(branch).setStartPoint(from).call();
    }

    /** Merges {@code branch} into the current branch with a merge commit (never a fast-forward). */
    public RevCommit merge(String branch, String message) throws GitAPIException, IOException {
        ObjectId id = git.getRepository().resolve(branch);
        git.merge()
                .include(id)
                .setFastForward(MergeCommand.FastForwardMode.NO_FF)
                .setCommit(false)
                .call();
        return commit(message);
    }

    /** Moves the current branch back to {@code commit}, dropping later commits (for a force-push). */
    public void resetHard(RevCommit commit) throws GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
    }

    public void push(String branch, boolean force) throws GitAPIException {
        git.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                .setForce(force)
                .call();
    }

    /** Commits everything (as {@link #commit}) and pushes the current branch to the remote's {@code branch}. */
    public RevCommit commitAndPush(String message, String branch) throws GitAPIException {
        RevCommit c = commit(message);
        git.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
                .call();
        return c;
    }

    /** The remote's refs whose names start with {@code prefix}, full name → tip. */
    public Map<String, ObjectId> remoteRefs(String prefix) throws IOException {
        try (Repository r = openRemote()) {
            Map<String, ObjectId> out = new TreeMap<>();
            for (Ref ref : r.getRefDatabase().getRefsByPrefix(prefix)) {
                out.put(ref.getName(), ref.getObjectId());
            }
            return out;
        }
    }

    /** The remote's tip of {@code branch}, or {@code null} when it has no such branch. */
    public ObjectId remoteTip(String branch) throws IOException {
        try (Repository r = openRemote()) {
            Ref ref = r.exactRef(Constants.R_HEADS + branch);
            return ref == null ? null : ref.getObjectId();
        }
    }

    /** A fresh clone of the remote in {@code dir} with {@code branch} checked out. */
    public Git cloneBranch(Path dir, String branch) throws GitAPIException {
        return Git.cloneRepository()
                .setURI(remote.toUri().toString())
                .setDirectory(dir.toFile())
                .setBranch(branch)
                .call();
    }

    private Repository openRemote() throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(remote.toFile())
                .setMustExist(true)
                .build();
    }

    /** Pushes local {@code branch} to the remote as {@code ref} (e.g. {@code refs/pull/7/head}). */
    public void pushAs(String branch, String ref) throws GitAPIException {
        git.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":" + ref))
                .setForce(true)
                .call();
    }

    /** The blob id of {@code path} at {@code commit}. */
    public String blob(RevCommit commit, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(git.getRepository(), path, commit.getTree())) {
            return tw.getObjectId(0).name();
        }
    }

    /** A migration file's text. */
    public static String migration(String rev, String down) {
        return "\"\"\"" + rev + "\n\nRevision ID: " + rev + "\nRevises: " + (down == null ? "" : down)
                + "\n\"\"\"\nrevision = '" + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
    }

    @Override
    public void close() {
        git.close();
    }
}
