package io.revchain.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The people around the demo's repositories, working in clones of its remotes: reviewers who merge a fix branch
 * into {@code main} the way a pull request's merge button does (a merge commit, never a fast-forward, pushed to the
 * remote), and a team that keeps pushing ordinary work afterwards — new migrations, an edit, a rename, and a feature
 * branch that collides with {@code main}. Decides nothing about the chains: it is told which revision to build on.
 */
public final class DemoTeam implements AutoCloseable {

    /** The reviewer who merges the fix branches. */
    static final PersonIdent REVIEWER = new PersonIdent("Rev Iewer", "reviewer@example.org");

    private static final PersonIdent DEV = new PersonIdent("Dev Eloper", "dev@example.org");
    private static final String MAIN = "main";

    private final Path root;
    private final Map<String, Git> clones = new HashMap<>();

    public DemoTeam(Path root) {
        this.root = root;
    }

    /**
     * Merges {@code fixBranch} into {@code main} of {@code repo}'s remote with a merge commit, as the merge of its
     * pull request would, and pushes {@code main}.
     *
     * @return the merge commit's id
     */
    public String mergeFix(DemoOrganisation.Repo repo, String fixBranch) throws IOException, GitAPIException {
        Git git = clone(repo);
        git.fetch().setRemote("origin").call();
        git.checkout().setName(MAIN).call();
        String message = "Merge pull request from " + fixBranch + "\n\nrevchain: repair the migration chain of main";
        MergeResult r = git.merge()
                .include(git.getRepository().resolve("refs/remotes/origin/" + fixBranch))
                .setFastForward(MergeCommand.FastForwardMode.NO_FF)
                .setCommit(false)
                .setMessage(message)
                .call();
        if (!r.getMergeStatus().isSuccessful()) {
            throw new IOException("the merge of " + fixBranch + " into main failed: " + r.getMergeStatus());
        }
        PersonIdent when = now(REVIEWER);
        RevCommit merge = git.commit()
                .setMessage(message)
                .setAuthor(when)
                .setCommitter(when)
                .setSign(false)
                .call();
        push(git, MAIN);
        return merge.name();
    }

    /** Commits {@code files} (path → content) on {@code main} of {@code repo} and pushes it; returns the commit. */
    public String commit(DemoOrganisation.Repo repo, String message, Map<String, String> files)
            throws IOException, GitAPIException {
        return commitOn(repo, MAIN, message, files);
    }

    /**
     * Commits {@code files} on {@code branch} of {@code repo} (created from {@code main} when missing) and pushes
     * that branch; returns the commit.
     */
    public String commitOn(DemoOrganisation.Repo repo, String branch, String message, Map<String, String> files)
            throws IOException, GitAPIException {
        Git git = clone(repo);
        boolean exists = git.getRepository().resolve("refs/heads/" + branch) != null;
        git.checkout().setName(branch).setCreateBranch(!exists).call();
        Path dir = git.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
            git.add().addFilepattern(e.getKey()).call();
        }
        String id = commitAll(git, message);
        push(git, branch);
        git.checkout().setName(MAIN).call();
        return id;
    }

    /** Renames {@code from} to {@code to} on {@code main} of {@code repo} (content unchanged) and pushes it. */
    public String rename(DemoOrganisation.Repo repo, String from, String to) throws IOException, GitAPIException {
        Git git = clone(repo);
        git.checkout().setName(MAIN).call();
        Path dir = git.getRepository().getWorkTree().toPath();
        Files.move(dir.resolve(from), dir.resolve(to));
        git.rm().addFilepattern(from).call();
        git.add().addFilepattern(to).call();
        String id = commitAll(git, "rename " + from.substring(from.lastIndexOf('/') + 1));
        push(git, MAIN);
        return id;
    }

    /** The content of {@code path} on {@code main} of {@code repo}, as the team's clone has it. */
    public String read(DemoOrganisation.Repo repo, String path) throws IOException, GitAPIException {
        Git git = clone(repo);
        git.checkout().setName(MAIN).call();
        return Files.readString(git.getRepository().getWorkTree().toPath().resolve(path));
    }

    /** The files of {@code folder} on {@code main} of {@code repo}, sorted by name. */
    public List<String> list(DemoOrganisation.Repo repo, String folder) throws IOException, GitAPIException {
        Git git = clone(repo);
        git.checkout().setName(MAIN).call();
        List<String> out = new ArrayList<>();
        try (var files = Files.list(git.getRepository().getWorkTree().toPath().resolve(folder))) {
            files.map(p -> folder + "/" + p.getFileName()).sorted().forEach(out::add);
        }
        return out;
    }

    private Git clone(DemoOrganisation.Repo repo) throws GitAPIException {
        Git git = clones.get(repo.id());
        if (git == null) {
            git = Git.cloneRepository()
                    .setURI(repo.remote().toUri().toString())
                    .setDirectory(root.resolve(repo.id()).toFile())
                    .setBranch(MAIN)
                    .call();
            clones.put(repo.id(), git);
        }
        return git;
    }

    private static String commitAll(Git git, String message) throws GitAPIException {
        PersonIdent when = now(DEV);
        return git.commit()
                .setMessage(message)
                .setAuthor(when)
                .setCommitter(when)
                .setSign(false)
                .call()
                .name();
    }

    private static void push(Git git, String branch) throws GitAPIException, IOException {
        for (PushResult result : git.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                .call()) {
            for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new IOException("the push of " + branch + " was refused: " + u.getStatus());
                }
            }
        }
    }

    private static PersonIdent now(PersonIdent who) {
        return new PersonIdent(who.getName(), who.getEmailAddress(), Instant.now(), ZoneOffset.UTC);
    }

    @Override
    public void close() {
        clones.values().forEach(Git::close);
    }
}
