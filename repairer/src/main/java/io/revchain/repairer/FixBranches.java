package io.revchain.repairer;

import io.revchain.git.FixRefs;
import io.revchain.repair.planning.FileChange;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The repairer's fix branches in one repository, through its bare mirror: lists them, tells the repairer's own
 * commits from anyone else's, builds the commit of a plan, and pushes. {@link #push} is the only way anything
 * leaves this process: it refuses the whole batch unless every ref is under {@link FixRefs#PUSHABLE}, never
 * forces, and guards every update with the tip it expects (a branch that moved since it was looked at is not
 * touched).
 *
 * <p>A tip is the repairer's own when it has one parent, its committer is the repairer's identity, and its
 * {@value #TRAILER} trailer names the hash in the branch's name; a commit anyone adds on top fails that test.
 */
final class FixBranches {

    /** The commit trailer that names the plan a fix commit holds. */
    static final String TRAILER = "Revchain-Plan";
    /**
     * The trailer naming the candidate a rebase commit is for: {@code feature/y} and {@code feature-y} share a
     * branch-name prefix, and neither may take the other's rebase branch for its own.
     */
    static final String CANDIDATE_TRAILER = "Revchain-Candidate";

    /** One ref to move: {@code newId == null} deletes it; {@code expectedOld == null} requires it to be absent. */
    record RefChange(String ref, ObjectId newId, ObjectId expectedOld) {
        RefChange {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** What the remote said about one ref. */
    record Pushed(String ref, boolean ok, String status) {}

    private final Repository repo;
    private final String botName;
    private final String botEmail;
    private final CredentialsProvider credentials;
    private final Duration timeout;

    FixBranches(Repository repo, String botName, String botEmail, CredentialsProvider credentials, Duration timeout) {
        this.repo = repo;
        this.botName = botName;
        this.botEmail = botEmail;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The fix branches of {@code branch} as the mirror last fetched them, with who made each tip. */
    List<BranchDecision.Existing> existing(String branch) throws IOException {
        return existing(FixRefs.FIX_PREFIX, name -> FixRefs.planHashOf(name, branch), tip -> true);
    }

    /** The rebase branches of the candidate {@code candidate}, with who made each tip. */
    List<BranchDecision.Existing> existingRebases(String candidate) throws IOException {
        return existing(FixRefs.REBASE_PREFIX, name -> FixRefs.rebaseHashOf(name, candidate), tip -> {
            List<String> named = tip.getFooterLines(CANDIDATE_TRAILER);
            return named.isEmpty() || named.equals(List.of(candidate));
        });
    }

    /** Branches under {@code prefix} whose name parses, minus those whose tip says it belongs elsewhere. */
    private List<BranchDecision.Existing> existing(
            String prefix, Function<String, Optional<String>> hashOf, Predicate<RevCommit> belongs) throws IOException {
        List<BranchDecision.Existing> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo)) {
            for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + prefix)) {
                String name = r.getName().substring(Constants.R_HEADS.length());
                Optional<String> hash = hashOf.apply(name);
                if (hash.isEmpty() || r.getObjectId() == null) {
                    continue;
                }
                RevCommit tip = rw.parseCommit(r.getObjectId());
                if (!belongs.test(tip)) {
                    continue;
                }
                out.add(new BranchDecision.Existing(name, tip.name(), ours(tip, hash.get())));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The fix branches of {@code branch} whose plan the history of {@code commit} carries: a commit whose message
     * has a {@value #TRAILER} line, as a merge or a rebase merge keeps the fix commit's message and a squash with the
     * default message copies it. Newest first, each once, from at most {@code limit} commits (a fix is merged close
     * to the commit that reports it healthy). By name, since the branch itself may be gone.
     *
     * @throws IOException when the mirror does not hold {@code commit}
     */
    List<String> mergedPlans(String commit, String branch, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo)) {
            rw.markStart(rw.parseCommit(ObjectId.fromString(commit)));
            int seen = 0;
            for (RevCommit c : rw) {
                if (++seen > limit) {
                    break;
                }
                for (String line : c.getFullMessage().split("\n", -1)) {
                    String l = line.strip();
                    if (l.startsWith(TRAILER + ":")) {
                        String hash = l.substring(TRAILER.length() + 1).strip();
                        String name = FixRefs.FIX_PREFIX + branch + "-" + hash;
                        if (FixRefs.planHashOf(name, branch).isPresent() && !out.contains(name)) {
                            out.add(name);
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private boolean ours(RevCommit tip, String hash) {
        PersonIdent c = tip.getCommitterIdent();
        return tip.getParentCount() == 1
                && botName.equals(c.getName())
                && botEmail.equals(c.getEmailAddress())
                && tip.getFooterLines(TRAILER).equals(List.of(hash));
    }

    /**
     * Writes (into the mirror's object store, under no ref) the commit that applies {@code changes} on top of
     * {@code base}. Every path must lie inside one of {@code allowedFolders}.
     *
     * @throws IllegalArgumentException when a change would write outside the chain's version folders
     */
    ObjectId commit(ObjectId base, List<FileChange> changes, List<String> allowedFolders, String message, Instant when)
            throws IOException {
        for (FileChange ch : changes) {
            requireInside(ch.newPath(), allowedFolders);
            if (ch.oldPath() != null) {
                requireInside(ch.oldPath(), allowedFolders);
            }
        }
        try (RevWalk rw = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader();
                ObjectInserter ins = repo.newObjectInserter()) {
            RevCommit parent = rw.parseCommit(base);
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            b.addTree(new byte[0], 0, reader, parent.getTree());
            b.finish();
            DirCacheEditor ed = dc.editor();
            for (FileChange ch : changes) {
                FileMode mode = FileMode.REGULAR_FILE;
                if (ch.oldPath() != null) {
                    try (TreeWalk tw = TreeWalk.forPath(reader, ch.oldPath(), parent.getTree())) {
                        if (tw != null && tw.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
                            mode = FileMode.EXECUTABLE_FILE;
                        }
                    }
                    if (ch.renamed()) {
                        ed.add(new DirCacheEditor.DeletePath(ch.oldPath()));
                    }
                }
                ObjectId blob = ins.insert(Constants.OBJ_BLOB, ch.newBytes());
                FileMode m = mode;
                ed.add(new DirCacheEditor.PathEdit(ch.newPath()) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(m);
                        ent.setObjectId(blob);
                    }
                });
            }
            ed.finish();
            ObjectId tree = dc.writeTree(ins);
            PersonIdent who = new PersonIdent(botName, botEmail, when, ZoneOffset.UTC);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            cb.setParentId(parent);
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id;
        }
    }

    /** A repository-relative path inside one of {@code folders} ({@code "."} or {@code ""} = the root). */
    static void requireInside(String path, List<String> folders) {
        boolean safe = !path.startsWith("/")
                && !path.contains("\\")
                && !List.of(path.split("/", -1)).contains("..")
                && !List.of(path.split("/", -1)).contains(".")
                && !path.contains("//");
        boolean inside = safe
                && folders.stream()
                        .anyMatch(f -> f.equals(".") || f.isEmpty() ? !path.contains("/") : path.startsWith(f + "/"));
        if (!inside) {
            throw new IllegalArgumentException(
                    "refusing to write '" + path + "': outside the chain's version " + "folders " + folders);
        }
    }

    /**
     * Pushes {@code changes} to the mirror's {@code origin}, never forcing.
     *
     * @throws FixRefs.RefusedRefException when any ref is outside {@link FixRefs#PUSHABLE} (nothing is pushed)
     */
    List<Pushed> push(List<RefChange> changes) throws IOException {
        for (RefChange c : changes) {
            FixRefs.requirePushable(c.ref());
        }
        if (changes.isEmpty()) {
            return List.of();
        }
        List<RemoteRefUpdate> updates = new ArrayList<>();
        for (RefChange c : changes) {
            String full = FixRefs.requirePushable(c.ref());
            ObjectId expected = c.expectedOld() == null ? ObjectId.zeroId() : c.expectedOld();
            updates.add(new RemoteRefUpdate(
                    repo, c.newId() == null ? null : c.newId().name(), c.newId(), full, false, null, expected));
        }
        try (Transport t = Transport.open(repo, "origin")) {
            t.setTimeout((int) Math.max(1, timeout.toSeconds()));
            if (credentials != null) {
                t.setCredentialsProvider(credentials);
            }
            PushResult result = t.push(NullProgressMonitor.INSTANCE, updates);
            List<Pushed> out = new ArrayList<>();
            for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                RemoteRefUpdate.Status s = u.getStatus();
                out.add(new Pushed(
                        u.getRemoteName(),
                        s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE,
                        s.name() + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")")));
            }
            return List.copyOf(out);
        } catch (TransportException e) {
            throw new IOException("push failed: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IOException("the remote 'origin' has an invalid url", e);
        }
    }
}
