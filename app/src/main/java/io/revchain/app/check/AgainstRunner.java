package io.revchain.app.check;

import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.app.cli.UserError;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.git.GitMergeSides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code revchain check PATH --against REF}: reads the git working copy holding PATH, and previews merging its
 * current {@code HEAD} (the candidate) into {@code REF} (the target) with {@link MergePreviewer}, from the three
 * commits' migration files (HEAD, REF and their merge base, read by {@link GitMergeSides}), compared by blob id. Reads committed
 * content only: uncommitted edits are not part of a merge.
 */
public final class AgainstRunner {

    /** What was compared, and the preview. */
    public record Against(
            String candidate,
            String candidateCommit,
            String target,
            String targetCommit,
            String mergeBase,
            MergePreview preview) {}

    /** The preview for {@code path}'s repository, as a {@link CheckResult} like {@code check} prints. */
    public CheckResult check(Path path, String ref, CheckRunner.Overrides overrides) {
        CheckRunner runner = new CheckRunner();
        Policy policy = runner.policyFor(path, overrides);
        Against a = preview(path, ref, policy);
        MergePreview p = a.preview();
        String location = a.candidate() + " merged into " + a.target();
        return new CheckResult(
                path.toString(),
                policy.name(),
                List.of(new ChainResult(
                        location,
                        p.analysis().revisions(),
                        p.analysis().heads(),
                        p.analysis().bases(),
                        p.findings())));
    }

    /** The merge preview of HEAD into {@code ref} for the repository holding {@code path}. */
    public Against preview(Path path, String ref, Policy policy) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(path.toFile());
        if (b.getGitDir() == null) {
            throw new UserError(path + ": --against needs a git working copy, and this is not inside one");
        }
        try (Repository repo = b.build()) {
            ObjectId head = resolve(repo, "HEAD", "HEAD");
            ObjectId target = resolve(repo, ref, "--against");
            String candidate =
                    repo.getFullBranch() != null && repo.getFullBranch().startsWith("refs/heads/")
                            ? repo.getBranch()
                            : "HEAD";
            GitMergeSides.Sides sides = GitMergeSides.read(
                            repo,
                            ref,
                            target,
                            candidate,
                            head,
                            List.of(),
                            scope(repo, path),
                            new MigrationParser(policy.marker()))
                    .orElseThrow(() -> new UserError(
                            "--against " + ref + ": HEAD and " + ref + " share no history (no merge base)"));
            return new Against(
                    candidate,
                    head.name(),
                    ref,
                    target.name(),
                    sides.mergeBase(),
                    MergePreviewer.preview(sides.target(), sides.candidate(), sides.base(), policy));
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read the git repository: " + e.getMessage(), e);
        }
    }

    private static ObjectId resolve(Repository repo, String ref, String what) throws IOException {
        ObjectId id;
        try {
            id = repo.resolve(ref + "^{commit}");
        } catch (IllegalArgumentException e) {
            throw new UserError(what + ": '" + ref + "' is not a valid revision");
        }
        if (id == null) {
            throw new UserError(
                    what + ": unknown revision '" + ref + "' (a branch, tag or commit of " + repo.getDirectory() + ")");
        }
        return id;
    }

    /** The folder PATH is within the work tree ({@code ""} for the root): only chains under it are read. */
    private static String scope(Repository repo, Path path) throws IOException {
        Path root = repo.getWorkTree().toPath().toRealPath();
        Path rel = root.relativize(path.toRealPath());
        return rel.toString().replace('\\', '/');
    }
}
