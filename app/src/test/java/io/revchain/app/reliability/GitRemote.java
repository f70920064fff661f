package io.revchain.app.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * A bare "remote" and a working clone that pushes to it (the app module's copy of ingest's {@code GitFixture}, whose
 * test classes are not visible here). Commit times count up one minute per commit from a fixed instant.
 */
final class GitRemote implements AutoCloseable {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final Path remote;
    private final Path work;
    private final Git git;
    private int clock;

    private GitRemote(Path remote, Path work, Git git) {
        this.remote = remote;
        this.work = work;
        this.git = git;
    }

    static GitRemote create(Path dir) throws Exception {
        Path remote = dir.resolve("remote.git");
        Path work = dir.resolve("work");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toURL())).call();
        return new GitRemote(remote, work, git);
    }

    Path remote() {
        return remote;
    }

    Path work() {
        return work;
    }

    GitRemote write(String path, String content) throws IOException {
        Path p = work.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    RevCommit commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Test", "test@example.org",
                java.util.Date.from(EPOCH.plusSeconds(60L * ++clock)), TimeZone.getTimeZone("UTC"));
        return git.commit().setMessage(message).setSign(false).setAuthor(who).setCommitter(who).call();
    }

    void push() throws GitAPIException {
        git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
    }

    @Override
    public void close() {
        git.close();
    }
}
