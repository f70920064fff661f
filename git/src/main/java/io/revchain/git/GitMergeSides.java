package io.revchain.git;

import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergeSide;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.MigrationParser;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads the three commits of a would-be merge from a git repository, the way {@code check --against} and the
 * repairer both need them for {@code MergePreviewer}: the target's and the candidate's migration files (parsed,
 * with their blob ids) and the files at their merge base. Which files are migrations is decided per commit by
 * ingest's layout resolution, optionally narrowed to one folder. Reads committed objects only.
 */
public final class GitMergeSides {

    /** Files larger than this are not migrations anyone wrote by hand; they are left out. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private GitMergeSides() {}

    /**
     * The three sides.
     *
     * @param target    the target's side at its commit
     * @param candidate the candidate's side at its commit
     * @param base      the merge base's files
     * @param mergeBase the merge base commit id
     * @param folders   the version folders read on either side, target's first (where a fix may write)
     */
    public record Sides(
            MergeSide target,
            MergeSide candidate,
            Map<String, FileVersion> base,
            String mergeBase,
            List<String> folders) {
        public Sides {
            base = Collections.unmodifiableMap(new TreeMap<>(base));
            folders = List.copyOf(folders);
        }
    }

    /**
     * One chain of a would-be merge, as {@code revchain check} resolves chains: the chain as the target resolves
     * it (else as the candidate does), and its three sides, each holding only that chain's folders.
     */
    public record ChainSides(Layout.Chain chain, Sides sides) {}

    /**
     * The sides of merging {@code candidate} into {@code target} chain by chain (matched by name; a chain only one
     * side has is empty on the other), or empty when the two commits share no history. Chains are those of the
     * target, then those only the candidate has; a chain with no folder under {@code scope} is left out.
     *
     * @param configuredPaths the repository's configured chain paths ({@code revchain.yaml} {@code paths}), or none
     * @param scope           a folder to keep chains under ({@code ""} or {@code null} for every chain)
     */
    public static Optional<List<ChainSides>> readChains(
            Repository repo,
            String targetBranch,
            ObjectId target,
            String candidateBranch,
            ObjectId candidate,
            List<String> configuredPaths,
            String scope,
            MigrationParser parser)
            throws IOException {
        try (RepoScanner scanner = new RepoScanner(repo)) {
            Optional<RevCommit> base = scanner.mergeBase(candidate, target);
            if (base.isEmpty()) {
                return Optional.empty();
            }
            RevCommit t = scanner.commit(target);
            RevCommit c = scanner.commit(candidate);
            Map<String, Layout.Chain> targetChains = chains(scanner, t, configuredPaths, scope);
            Map<String, Layout.Chain> candidateChains = chains(scanner, c, configuredPaths, scope);
            Map<String, Layout.Chain> baseChains = chains(scanner, base.get(), configuredPaths, scope);
            Set<String> names = new LinkedHashSet<>(targetChains.keySet());
            names.addAll(candidateChains.keySet());
            List<ChainSides> out = new ArrayList<>();
            for (String name : names) {
                Layout.Chain onTarget = targetChains.get(name);
                Layout.Chain onCandidate = candidateChains.get(name);
                Set<String> folders = new LinkedHashSet<>();
                Map<String, FileVersion> tf = scan(scanner, t, onTarget, parser, folders);
                Map<String, FileVersion> cf = scan(scanner, c, onCandidate, parser, folders);
                Map<String, FileVersion> bf =
                        scan(scanner, base.get(), baseChains.get(name), parser, new LinkedHashSet<>());
                out.add(new ChainSides(
                        onTarget != null ? onTarget : onCandidate,
                        new Sides(
                                new MergeSide(targetBranch, target.name(), tf),
                                new MergeSide(candidateBranch, candidate.name(), cf),
                                bf,
                                base.get().name(),
                                List.copyOf(folders))));
            }
            return Optional.of(List.copyOf(out));
        }
    }

    /** The resolved chains of {@code commit} by name, each narrowed to its folders under {@code scope}. */
    private static Map<String, Layout.Chain> chains(
            RepoScanner scanner, RevCommit commit, List<String> configured, String scope) throws IOException {
        Layout layout = scanner.layout(commit, configured == null ? List.of() : configured)
                .layout();
        Map<String, Layout.Chain> out = new LinkedHashMap<>();
        for (Layout.Chain chain : layout.chains()) {
            List<String> kept =
                    chain.folders().stream().filter(f -> inScope(f, scope)).toList();
            if (!kept.isEmpty()) {
                out.put(
                        chain.name(),
                        new Layout.Chain(
                                chain.name(),
                                kept,
                                chain.versionLocations(),
                                chain.fileTemplate(),
                                chain.release(),
                                chain.findings()));
            }
        }
        return out;
    }

    private static Map<String, FileVersion> scan(
            RepoScanner scanner, RevCommit commit, Layout.Chain chain, MigrationParser parser, Set<String> foldersOut)
            throws IOException {
        if (chain == null) {
            return new TreeMap<>();
        }
        foldersOut.addAll(chain.folders());
        return read(scanner, commit, Layout.of(chain.folders(), Layout.Source.RESOLVED), parser);
    }

    private static boolean inScope(String folder, String scope) {
        return scope == null || scope.isEmpty() || folder.equals(scope) || folder.startsWith(scope + "/");
    }

    /**
     * The sides of merging {@code candidate} into {@code target}, or empty when the two commits share no history.
     *
     * @param configuredPaths the repository's configured chain paths ({@code revchain.yaml} {@code paths}), or none
     * @param scope           a folder to keep chains under ({@code ""} or {@code null} for every chain)
     */
    public static Optional<Sides> read(
            Repository repo,
            String targetBranch,
            ObjectId target,
            String candidateBranch,
            ObjectId candidate,
            List<String> configuredPaths,
            String scope,
            MigrationParser parser)
            throws IOException {
        try (RepoScanner scanner = new RepoScanner(repo)) {
            Optional<RevCommit> base = scanner.mergeBase(candidate, target);
            if (base.isEmpty()) {
                return Optional.empty();
            }
            Set<String> folders = new LinkedHashSet<>();
            Map<String, FileVersion> t =
                    files(scanner, scanner.commit(target), configuredPaths, scope, parser, folders);
            Map<String, FileVersion> c =
                    files(scanner, scanner.commit(candidate), configuredPaths, scope, parser, folders);
            Map<String, FileVersion> b =
                    files(scanner, base.get(), configuredPaths, scope, parser, new LinkedHashSet<>());
            return Optional.of(new Sides(
                    new MergeSide(targetBranch, target.name(), t),
                    new MergeSide(candidateBranch, candidate.name(), c),
                    b,
                    base.get().name(),
                    List.copyOf(folders)));
        }
    }

    /** The bytes of {@code path} at {@code commit}, or {@code null} when it is absent, not a file, or too large. */
    public static byte[] bytes(Repository repo, ObjectId commit, String path) throws IOException {
        try (RevWalk rw = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader();
                TreeWalk tw =
                        TreeWalk.forPath(reader, path, rw.parseCommit(commit).getTree())) {
            if (tw == null || tw.isSubtree()) {
                return null;
            }
            return blob(reader, tw.getObjectId(0));
        }
    }

    /** The bytes of a blob, or {@code null} when it is too large. */
    public static byte[] blob(Repository repo, String blob) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            return blob(reader, ObjectId.fromString(blob));
        }
    }

    private static byte[] blob(ObjectReader reader, ObjectId id) throws IOException {
        ObjectLoader l = reader.open(id);
        return l.getSize() > MAX_FILE_BYTES ? null : l.getCachedBytes();
    }

    private static Map<String, FileVersion> files(
            RepoScanner scanner,
            RevCommit commit,
            List<String> configured,
            String scope,
            MigrationParser parser,
            Set<String> foldersOut)
            throws IOException {
        Layout layout = scanner.layout(commit, configured == null ? List.of() : configured)
                .layout();
        List<String> folders = new ArrayList<>();
        for (String f : layout.folders()) {
            if (inScope(f, scope)) {
                folders.add(f);
            }
        }
        foldersOut.addAll(folders);
        return read(scanner, commit, Layout.of(folders, layout.source()), parser);
    }

    private static Map<String, FileVersion> read(
            RepoScanner scanner, RevCommit commit, Layout kept, MigrationParser parser) throws IOException {
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
