package io.revchain.app.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The proxy {@code revchain status} uses for "when an environment applied this revision" where no observation
 * history exists: the oldest commit of HEAD's history (at most {@link #MAX_COMMITS} back) that holds the revision's
 * file, and the file's text there. A database that applied the revision ran at least that version or a later one;
 * comparing with the first version flags an edit made at any time after the file was added, including edits made
 * before the environment applied it (a false alarm the observation history of {@code revchain.deployments} will
 * remove). A path outside a git checkout has no answer.
 */
public final class GitFirstSeen {
    static final int MAX_COMMITS = 5_000;
    static final int MAX_BLOB = 1024 * 1024;

    private GitFirstSeen() {}

    /**
     * A file as first committed.
     *
     * @param commit the commit (abbreviated)
     * @param text   the file's text there
     */
    public record FirstSeen(String commit, String text) {}

    /** For {@code path}: a file path relative to it → its first commit; cached per file. */
    public static Function<String, Optional<FirstSeen>> lookup(Path path) {
        Map<String, Optional<FirstSeen>> cache = new HashMap<>();
        return file -> cache.computeIfAbsent(file, f -> find(path, f));
    }

    static Optional<FirstSeen> find(Path path, String file) {
        FileRepositoryBuilder b =
                new FileRepositoryBuilder().findGitDir(path.toAbsolutePath().toFile());
        if (b.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = b.setMustExist(true).build();
                Git git = Git.wrap(repo)) {
            if (repo.isBare() || repo.resolve("HEAD") == null) {
                return Optional.empty();
            }
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            String rel = top.relativize(path.toAbsolutePath().normalize().resolve(file))
                    .toString()
                    .replace('\\', '/');
            RevCommit oldest = null;
            for (RevCommit c : git.log().addPath(rel).setMaxCount(MAX_COMMITS).call()) {
                oldest = c;
            }
            if (oldest == null) {
                return Optional.empty();
            }
            try (TreeWalk tw = TreeWalk.forPath(repo, rel, oldest.getTree())) {
                if (tw == null) {
                    // the oldest commit touching the path deleted it: the file came later under that path
                    return Optional.empty();
                }
                ObjectId blob = tw.getObjectId(0);
                ObjectLoader loader = repo.open(blob);
                if (loader.getSize() > MAX_BLOB) {
                    return Optional.empty();
                }
                return Optional.of(new FirstSeen(
                        oldest.abbreviate(7).name(), new String(loader.getBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException | GitAPIException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
