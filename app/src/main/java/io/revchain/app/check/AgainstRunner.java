package io.revchain.app.check;

import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.analysis.merge.MergeSide;
import io.revchain.app.cli.UserError;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.ingest.plan.FileDelta;
import io.revchain.ingest.plan.Layout;
import io.revchain.ingest.scan.RepoScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code revchain check PATH --against REF}: reads the git working copy holding PATH, and previews merging its
 * current {@code HEAD} (the candidate) into {@code REF} (the target) with {@link MergePreviewer}, from the three
 * commits' migration files (HEAD, REF and their merge base found by JGit), compared by blob id. Reads committed
 * content only: uncommitted edits are not part of a merge.
 */
public final class AgainstRunner {

    /** Files larger than this are not migrations anyone wrote by hand; they are left out. */
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    /** What was compared, and the preview. */
    public record Against(String candidate, String candidateCommit, String target, String targetCommit,
                          String mergeBase, MergePreview preview) {}

    /** The preview for {@code path}'s repository, as a {@link CheckResult} like {@code check} prints. */
    public CheckResult check(Path path, String ref, CheckRunner.Overrides overrides) {
        CheckRunner runner = new CheckRunner();
        Policy policy = runner.policyFor(path, overrides);
        Against a = preview(path, ref, policy);
        MergePreview p = a.preview();
        String location = a.candidate() + " merged into " + a.target();
        return new CheckResult(path.toString(), policy.name(), List.of(new ChainResult(location,
                p.analysis().revisions(), p.analysis().heads(), p.analysis().bases(), p.findings())));
    }

    /** The merge preview of HEAD into {@code ref} for the repository holding {@code path}. */
    public Against preview(Path path, String ref, Policy policy) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(path.toFile());
        if (b.getGitDir() == null) {
            throw new UserError(path + ": --against needs a git working copy, and this is not inside one");
        }
        try (Repository repo = b.build(); RevWalk walk = new RevWalk(repo);
             RepoScanner scanner = new RepoScanner(repo)) {
            ObjectId head = resolve(repo, "HEAD", "HEAD");
            ObjectId target = resolve(repo, ref, "--against");
            RevCommit headCommit = walk.parseCommit(head);
            RevCommit targetCommit = walk.parseCommit(target);
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(headCommit);
            walk.markStart(targetCommit);
            RevCommit base = walk.next();
            if (base == null) {
                throw new UserError("--against " + ref + ": HEAD and " + ref + " share no history (no merge base)");
            }
            base = scanner.commit(base);
            List<String> scope = scope(repo, path);
            MigrationParser parser = new MigrationParser(policy.marker());
            String candidate = repo.getFullBranch() != null && repo.getFullBranch().startsWith("refs/heads/")
                    ? repo.getBranch() : "HEAD";
            MergeSide t = new MergeSide(ref, target.name(), files(scanner, scanner.commit(target), scope, parser));
            MergeSide c = new MergeSide(candidate, head.name(), files(scanner, scanner.commit(head), scope, parser));
            Map<String, FileVersion> baseFiles = files(scanner, base, scope, parser);
            return new Against(candidate, head.name(), ref, target.name(), base.name(),
                    MergePreviewer.preview(t, c, baseFiles, policy));
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
            throw new UserError(what + ": unknown revision '" + ref + "' (a branch, tag or commit of "
                    + repo.getDirectory() + ")");
        }
        return id;
    }

    /** The folder PATH is within the work tree ({@code ""} for the root): only chains under it are read. */
    private static List<String> scope(Repository repo, Path path) throws IOException {
        Path root = repo.getWorkTree().toPath().toRealPath();
        Path rel = root.relativize(path.toRealPath());
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? List.of() : List.of(s);
    }

    private static Map<String, FileVersion> files(RepoScanner scanner, RevCommit commit, List<String> scope,
                                                  MigrationParser parser) throws IOException {
        Layout layout = scanner.layout(commit, List.of()).layout();
        List<String> folders = new ArrayList<>();
        for (String f : layout.folders()) {
            if (scope.isEmpty() || f.equals(scope.get(0)) || f.startsWith(scope.get(0) + "/")) {
                folders.add(f);
            }
        }
        Layout kept = new Layout(folders, layout.source(), layout.inis());
        Map<String, FileVersion> out = new TreeMap<>();
        for (FileDelta d : scanner.fullScan(commit, kept)) {
            byte[] bytes = scanner.read(d.blob(), MAX_FILE_BYTES);
            if (bytes != null) {
                MigrationScript s = parser.parse(d.path(), bytes);
                out.put(d.path(), new FileVersion(s, d.blob()));
            }
        }
        return out;
    }
}
