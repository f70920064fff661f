package io.revchain.git;

import io.revchain.core.discovery.TreeRules;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.ConstantResolver;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.LayoutResolver;
import io.revchain.git.layout.TreeChange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads one local repository with JGit plumbing: the first-parent chain of new commits ({@link RevWalk}), a
 * commit's {@link Layout} and migration files ({@code TreeWalk}), and the changes between two trees
 * ({@link DiffFormatter} with rename detection). Not thread-safe; one per repository and cycle.
 */
public final class RepoScanner implements AutoCloseable {

    private final Repository repository;
    private final ObjectReader reader;
    private final RevWalk walk;

    public RepoScanner(Repository repository) {
        this.repository = repository;
        this.reader = repository.newObjectReader();
        this.walk = new RevWalk(reader);
    }

    public RevCommit commit(ObjectId id) throws IOException {
        return walk.parseCommit(id);
    }

    /**
     * The commits to replay from {@code last} (already published) to {@code head}, oldest first: the head's
     * first-parent chain back to the first commit {@code last} already contains. Empty when {@code last} is
     * missing from the repository or is not an ancestor of {@code head} (history was rewritten).
     */
    public Optional<List<RevCommit>> newCommits(String last, ObjectId head) throws IOException {
        RevCommit lastCommit;
        try {
            lastCommit = walk.parseCommit(ObjectId.fromString(last));
        } catch (MissingObjectException | IllegalArgumentException e) {
            return Optional.empty();
        }
        RevCommit headCommit = walk.parseCommit(head);
        if (!walk.isMergedInto(lastCommit, headCommit)) {
            return Optional.empty();
        }
        // commits reachable from head but not from last: the walk the chain may use
        Set<ObjectId> fresh = new HashSet<>();
        try (RevWalk rw = new RevWalk(reader)) {
            rw.markStart(rw.parseCommit(head));
            rw.markUninteresting(rw.parseCommit(lastCommit));
            for (RevCommit c : rw) {
                fresh.add(c.copy());
            }
        }
        List<RevCommit> chain = new ArrayList<>();
        RevCommit c = headCommit;
        while (c != null && fresh.contains(c)) {
            chain.add(c);
            walk.parseHeaders(c);
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        }
        Collections.reverse(chain);
        return Optional.of(List.copyOf(chain));
    }

    /** The merge base of two commits (the best common ancestor, as {@code git merge-base}), if they share history. */
    public Optional<RevCommit> mergeBase(ObjectId a, ObjectId b) throws IOException {
        try (RevWalk rw = new RevWalk(reader)) {
            rw.setRevFilter(RevFilter.MERGE_BASE);
            rw.markStart(rw.parseCommit(a));
            rw.markStart(rw.parseCommit(b));
            RevCommit base = rw.next();
            return base == null ? Optional.empty() : Optional.of(walk.parseCommit(base));
        }
    }

    /**
     * The layout of {@code commit}'s tree, resolved as {@code revchain check} resolves a checkout.
     *
     * @throws IOException when an object of the tree could not be read: a layout read from an incomplete tree would
     *                     publish a wrong chain (or none), so the branch is retried instead
     */
    public LayoutResolver.Resolved layout(RevCommit commit, List<String> configuredPaths) throws IOException {
        walk.parseHeaders(commit);
        GitTree tree = new GitTree(reader, commit.getTree());
        LayoutResolver.Resolved resolved = LayoutResolver.resolve(configuredPaths, tree);
        if (tree.failure().isPresent()) {
            throw tree.failure().get();
        }
        return resolved;
    }

    /**
     * The regular file at {@code path} in {@code commit}'s tree; empty when it is missing, not a regular file (a link
     * is never followed) or larger than {@code limit} bytes.
     *
     * @throws IOException when an object of the tree could not be read
     */
    public Optional<byte[]> file(RevCommit commit, String path, int limit) throws IOException {
        walk.parseHeaders(commit);
        GitTree tree = new GitTree(reader, commit.getTree());
        Optional<byte[]> bytes = tree.read(path, limit);
        if (tree.failure().isPresent()) {
            throw tree.failure().get();
        }
        return bytes;
    }

    /**
     * {@code script} with the values it writes as module constants of the repository's own files resolved in
     * {@code commit}'s tree, as {@code revchain check} resolves them on a checkout ({@link ConstantResolver}); the
     * script itself when every value is a literal (the blob is then not read again).
     */
    public MigrationScript resolveConstants(RevCommit commit, MigrationScript script, String blob) throws IOException {
        if (script == null || blob == null || !hasNonLiteral(script)) {
            return script;
        }
        byte[] bytes = read(blob, ScriptCache.MAX_BYTES);
        if (bytes == null) {
            return script;
        }
        walk.parseHeaders(commit);
        return constants.resolve(script, bytes, new GitTree(reader, commit.getTree()));
    }

    private static boolean hasNonLiteral(MigrationScript s) {
        return s.revision().state() == FieldState.NON_LITERAL
                || s.downRevision().state() == FieldState.NON_LITERAL
                || s.branchLabels().state() == FieldState.NON_LITERAL
                || s.dependsOn().state() == FieldState.NON_LITERAL;
    }

    private final ConstantResolver constants = new ConstantResolver();

    /**
     * Every migration file of {@code commit}, as additions: chain after chain, each chain's folders in load order,
     * names sorted as Python sorts them; a file two chains load is listed once, for the first.
     */
    public List<FileDelta> fullScan(RevCommit commit, Layout layout) throws IOException {
        walk.parseHeaders(commit);
        GitTree tree = new GitTree(reader, commit.getTree());
        Set<String> seen = new LinkedHashSet<>();
        List<FileDelta> out = new ArrayList<>();
        for (String folder : layout.folders()) {
            for (GitTree.FileEntry e : tree.files(folder)) {
                if (TreeRules.isMigrationName(e.name()) && seen.add(e.path())) {
                    out.add(FileDelta.added(e.path(), e.blob().name()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every change between two commits' trees, renames detected. */
    public List<TreeChange> diff(RevCommit from, RevCommit to) throws IOException {
        walk.parseHeaders(from);
        walk.parseHeaders(to);
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            df.setReader(reader, repository.getConfig());
            df.setDetectRenames(true);
            List<TreeChange> out = new ArrayList<>();
            for (DiffEntry e : df.scan(from.getTree(), to.getTree())) {
                out.add(toChange(e));
            }
            return List.copyOf(out);
        }
    }

    private static TreeChange toChange(DiffEntry e) {
        TreeChange.Kind kind = switch (e.getChangeType()) {
            case ADD -> TreeChange.Kind.ADD;
            case MODIFY -> TreeChange.Kind.MODIFY;
            case DELETE -> TreeChange.Kind.DELETE;
            case RENAME -> TreeChange.Kind.RENAME;
            case COPY -> TreeChange.Kind.COPY;
        };
        String oldPath = kind == TreeChange.Kind.ADD ? null : e.getOldPath();
        String newPath = kind == TreeChange.Kind.DELETE ? null : e.getNewPath();
        String blob = kind == TreeChange.Kind.DELETE
                ? null
                : e.getNewId().toObjectId().name();
        return new TreeChange(
                kind, oldPath, newPath, blob, GitTree.isRegular(e.getOldMode()), GitTree.isRegular(e.getNewMode()));
    }

    /** A blob's bytes, {@code null} when it is larger than {@code limit}. */
    public byte[] read(String blob, int limit) throws IOException {
        return GitTree.read(reader, ObjectId.fromString(blob), limit);
    }

    @Override
    public void close() {
        walk.close();
        reader.close();
    }
}
