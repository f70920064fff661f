package io.revchain.app.check;

import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.app.cli.UserError;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.discovery.ChainResolver;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.git.GitMergeSides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code revchain check PATH --against REF}: reads the git working copy holding PATH, and previews merging its
 * current {@code HEAD} (the candidate) into {@code REF} (the target) with {@link MergePreviewer}, from the three
 * commits' migration files (HEAD, REF and their merge base, read by {@link GitMergeSides}), compared by blob id. Reads committed
 * content only: uncommitted edits are not part of a merge. The merged files' {@code # revchain: ignore} comments apply
 * as they do in {@code check}.
 */
public final class AgainstRunner {

    /** What was compared (one chain's merge), and the preview. */
    public record Against(
            String chain,
            String candidate,
            String candidateCommit,
            String target,
            String targetCommit,
            String mergeBase,
            MergePreview preview,
            Map<String, List<Suppressions.Directive>> directives) {

        public Against {
            directives = Map.copyOf(directives);
        }
    }

    /**
     * The preview for {@code path}'s repository, chain by chain as {@code check} resolves the chains (each graded
     * with its own {@code file_template} and Alembic release), as a {@link CheckResult} like {@code check} prints.
     *
     * @throws UserError when neither side has a chain (a check that read nothing never says healthy), or none of
     *     the name {@code -n} selects
     */
    public CheckResult check(Path path, String ref, CheckRunner.Overrides overrides) {
        CheckRunner runner = new CheckRunner();
        Policy policy = runner.policyFor(path, overrides);
        List<ChainResult> chains = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Against a : previews(path, ref, policy)) {
            names.add(a.chain());
            if (overrides.name() != null && !overrides.name().equals(a.chain())) {
                continue;
            }
            MergePreview p = a.preview();
            chains.add(Adoption.suppressed(
                    new ChainResult(
                            a.candidate() + " merged into " + a.target(),
                            a.chain(),
                            true,
                            null,
                            List.of(),
                            p.analysis().revisions(),
                            p.analysis().heads(),
                            p.analysis().bases(),
                            p.findings()),
                    a.directives(),
                    List.of(),
                    policy));
        }
        if (names.isEmpty()) {
            throw new UserError("no Alembic migration chain found under " + path + " at HEAD or " + ref
                    + " (looked for " + ChainResolver.LOOKED_FOR + "; where the project builds its layout in code, "
                    + "state it in .revchain.yaml: chains: {NAME: {version_locations: [FOLDER]}})");
        }
        if (chains.isEmpty()) {
            throw new UserError("--name " + overrides.name() + ": no chain of that name under " + path + " (chains: "
                    + String.join(", ", names) + ")");
        }
        return new CheckResult(path.toString(), policy.name(), chains);
    }

    /** The merge preview of HEAD into {@code ref}, one per chain of either side, each graded by its own rules. */
    public List<Against> previews(Path path, String ref, Policy policy) {
        return open(path, ref, (repo, candidate, head, target) -> {
            List<GitMergeSides.ChainSides> sides = GitMergeSides.readChains(
                            repo,
                            ref,
                            target,
                            candidate,
                            head,
                            List.of(),
                            scope(repo, path),
                            new MigrationParser(policy.marker()))
                    .orElseThrow(() -> noMergeBase(ref));
            List<Against> out = new ArrayList<>();
            for (GitMergeSides.ChainSides c : sides) {
                Policy chainPolicy =
                        policy.forChain(c.chain().fileTemplate(), c.chain().release());
                GitMergeSides.Sides s = c.sides();
                MergePreview preview = MergePreviewer.preview(s.target(), s.candidate(), s.base(), chainPolicy);
                out.add(new Against(
                        c.chain().name(),
                        candidate,
                        head.name(),
                        ref,
                        target.name(),
                        s.mergeBase(),
                        preview,
                        directives(repo, preview)));
            }
            return out;
        });
    }

    /** The {@code # revchain:} comments of the merged files, read from their blobs: the merge's own content. */
    private static Map<String, List<Suppressions.Directive>> directives(Repository repo, MergePreview preview)
            throws IOException {
        Map<String, List<Suppressions.Directive>> out = new HashMap<>();
        for (Map.Entry<String, FileVersion> e : preview.merged().entrySet()) {
            byte[] bytes = e.getValue().blob() == null
                    ? null
                    : GitMergeSides.blob(repo, e.getValue().blob());
            if (bytes != null) {
                List<Suppressions.Directive> ds = Suppressions.scan(e.getKey(), bytes);
                if (!ds.isEmpty()) {
                    out.put(e.getKey(), ds);
                }
            }
        }
        return out;
    }

    /** What is read from the repository once its HEAD and {@code ref} are resolved. */
    private interface Reading<T> {
        T read(Repository repo, String candidate, ObjectId head, ObjectId target) throws IOException;
    }

    private static UserError noMergeBase(String ref) {
        return new UserError("--against " + ref + ": HEAD and " + ref + " share no history (no merge base)");
    }

    private static <T> T open(Path path, String ref, Reading<T> reading) {
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
            return reading.read(repo, candidate, head, target);
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
