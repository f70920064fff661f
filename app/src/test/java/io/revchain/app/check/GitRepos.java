package io.revchain.app.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** Test-made git repositories holding an Alembic project ({@code alembic.ini} + {@code migrations/versions}). */
final class GitRepos {
    private GitRepos() {}

    static final String VERSIONS = "migrations/versions";

    /** A new repository on {@code main} with an alembic project whose chain is {@code ids} in order. */
    static Git init(Path dir, String... ids) throws IOException, GitAPIException {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.createDirectories(dir.resolve(VERSIONS));
        String down = null;
        for (String id : ids) {
            migration(dir, id, down);
            down = id;
        }
        commit(git, "initial chain");
        return git;
    }

    /** Writes {@code migrations/versions/<id>_step.py} revising {@code down} (null for a base). */
    static Path migration(Path dir, String id, String down) throws IOException {
        Path f = dir.resolve(VERSIONS).resolve(id + "_step.py");
        String src = "\"\"\"step " + id + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2024-01-01 00:00:00\n\"\"\"\nfrom alembic import op\n\nrevision = '" + id
                + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
        Files.writeString(f, src, StandardCharsets.UTF_8);
        return f;
    }

    static void commit(Git git, String message) throws GitAPIException {
        PersonIdent who = new PersonIdent("Test", "test@example.com");
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    /** Creates {@code name} at {@code from} and checks it out. */
    static void branch(Git git, String name, String from) throws GitAPIException {
        git.checkout().setCreateBranch(true).setName(name).setStartPoint(from).call();
    }

    static void checkout(Git git, String name) throws GitAPIException {
        git.checkout().setName(name).call();
    }

    /** Merges {@code branch} into the current branch with a merge commit (or a fast-forward); fails on a conflict. */
    static void merge(Git git, String branch) throws GitAPIException, IOException {
        MergeResult r = git.merge().include(git.getRepository().resolve(branch)).setCommit(true)
                .setMessage("merge " + branch).call();
        if (!r.getMergeStatus().isSuccessful()) {
            throw new AssertionError("merge of " + branch + " failed: " + r);
        }
    }

    /** What one real Alembic 1.8.1 command printed and how it exited. */
    record Run(int exit, String out, String err) {}

    static Run alembic(Path ini, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-m", "alembic", "-c", ini.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ini.getParent().toFile());
        pb.environment().putAll(Map.of("PYTHONDONTWRITEBYTECODE", "1"));
        Path out = Files.createTempFile("alembic", ".out");
        Path err = Files.createTempFile("alembic", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, Files.readString(out), "timeout");
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
