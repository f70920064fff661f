package io.revchain.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * A generated organisation of bare git repositories, written object by object (no working tree, no index), so
 * that a thousand of them take seconds. Each repository holds one Alembic chain of {@code revisions} migrations
 * built over several commits: a linear part committed ten revisions at a time, then a side branch and the main
 * line each adding a revision, joined by a merge commit whose migration merges the two heads; an unmerged branch
 * {@code feature/wip} holds one more. A share of the repositories is broken (one migration's
 * {@code down_revision} names a revision that does not exist), and every tenth is a fork of the one before it:
 * the same blobs and ids, the parse cache's case.
 */
public final class FleetOrg {

    /** A generated remote's file naming its generated head (a run's pushes come after it). */
    private static final String GENERATED_HEAD = "bench-generated-head";

    /** One generated repository: its id, its bare remote, and what its report must say. */
    public record Repo(String id, Path remote, boolean broken, boolean fork, String head) {}

    private static final PersonIdent DEV = new PersonIdent("Bench", "bench@example.org", 1_767_225_600_000L, 0);

    /** File index of the side branch's revision and of the unmerged branch's: after the linear ones. */
    private static final int SIDE = 8_000_000;

    private static final int WIP = 8_000_001;

    private FleetOrg() {}

    /** Writes {@code repos} repositories under {@code dir}; a quarter of {@code brokenShare} of them is broken. */
    public static List<Repo> generate(Path dir, int repos, int revisions, double brokenShare)
            throws IOException, GitAPIException {
        if (revisions < 4) {
            throw new IllegalArgumentException("at least 4 revisions per repository (a merge needs three)");
        }
        List<Repo> out = new ArrayList<>();
        for (Slot slot : slots(dir, repos, brokenShare)) {
            String head = write(slot.remote(), slot.source(), revisions, slot.broken());
            out.add(new Repo(slot.id(), slot.remote(), slot.broken(), slot.fork(), head));
        }
        return List.copyOf(out);
    }

    /** Where repository {@code i} of an organisation lives and what it is; a fork is of the repository before it. */
    private record Slot(String id, Path remote, boolean fork, int source, boolean broken) {}

    private static List<Slot> slots(Path dir, int repos, double brokenShare) {
        List<Slot> out = new ArrayList<>();
        int broken = (int) Math.round(repos * brokenShare);
        for (int i = 0; i < repos; i++) {
            String id = String.format(Locale.ROOT, "svc-%05d", i);
            boolean fork = i % 10 == 9;
            // a fork carries the ids and files of the repository before it
            int source = fork ? i - 1 : i;
            out.add(new Slot(id, dir.resolve(id + ".git"), fork, source, source < broken));
        }
        return out;
    }

    /**
     * The organisation {@link #generate} wrote under {@code dir} with the same arguments, read back (each head from its
     * repository) instead of written again: generating 10,000 × 200 takes a quarter of an hour. A run's pushes are
     * undone ({@code main} is reset to the generated head), so every run starts from the same organisation and its
     * pushes declare fresh revisions.
     *
     * @throws IOException when a repository is missing, has no {@code main}, or was pushed to without a record of
     *     its generated head
     */
    public static List<Repo> existing(Path dir, int repos, int revisions, double brokenShare) throws IOException {
        List<Repo> out = new ArrayList<>();
        for (Slot slot : slots(dir, repos, brokenShare)) {
            Path remote = slot.remote();
            try (Repository r = Git.open(remote.toFile()).getRepository()) {
                ObjectId head = r.resolve("refs/heads/main");
                if (head == null) {
                    throw new IOException(remote + ": no refs/heads/main; generate the organisation again");
                }
                Path generated = remote.resolve(GENERATED_HEAD);
                if (Files.exists(generated)) {
                    ObjectId was = head;
                    head = ObjectId.fromString(Files.readString(generated).trim());
                    if (!head.equals(was)) {
                        ref(r, "refs/heads/main", head);
                    }
                    Files.deleteIfExists(remote.resolve("bench-head"));
                } else if (Files.exists(remote.resolve("bench-head"))) {
                    throw new IOException(remote + ": pushed to by an earlier run and its generated head is not "
                            + "recorded; generate the organisation again");
                }
                out.add(new Repo(slot.id(), remote, slot.broken(), slot.fork(), head.name()));
            }
        }
        return List.copyOf(out);
    }

    /** A revision id of repository {@code repo}: 12 hex digits, unique across the organisation (forks apart). */
    static String rev(int repo, int i) {
        return String.format(Locale.ROOT, "%06x%06x", 0xa00000 + repo, i);
    }

    private static String write(Path remote, int repo, int revisions, boolean broken)
            throws IOException, GitAPIException {
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(remote.toFile())
                .call()
                .close();
        try (Repository r = Git.open(remote.toFile()).getRepository();
                ObjectInserter ins = r.newObjectInserter()) {
            Map<String, ObjectId> files = new TreeMap<>();
            ObjectId ini = blob(ins, "[alembic]\nscript_location = migrations\n");
            ObjectId env = blob(ins, "# env.py: never executed by revchain\n");
            int linear = revisions - 3;
            int brokenAt = broken ? Math.min(3, linear - 1) : -1;
            ObjectId parent = null;
            for (int i = 0; i < linear; i++) {
                String down = i == 0 ? null : rev(repo, i - 1);
                files.put(name(repo, i), blob(ins, migration(rev(repo, i), i == brokenAt ? "ffffffffffff" : down, i)));
                if (i % 10 == 9 || i == linear - 1) {
                    parent = commit(ins, tree(ins, ini, env, files), "revisions up to " + i, parent);
                }
            }
            String base = rev(repo, linear - 1);
            // a side branch and the main line each add a revision on the same parent, then merge
            Map<String, ObjectId> side = new TreeMap<>(files);
            String sideRev = rev(repo, SIDE);
            side.put(name(repo, SIDE), blob(ins, migration(sideRev, base, SIDE)));
            ObjectId sideCommit = commit(ins, tree(ins, ini, env, side), "side revision", parent);
            String mainRev = rev(repo, linear);
            files.put(name(repo, linear), blob(ins, migration(mainRev, base, linear)));
            ObjectId mainCommit = commit(ins, tree(ins, ini, env, files), "main revision", parent);
            files.putAll(side);
            String mergeRev = rev(repo, linear + 1);
            files.put(
                    name(repo, linear + 1),
                    blob(ins, migration(mergeRev, "('" + mainRev + "', '" + sideRev + "')", linear + 1)));
            ObjectId merged = commit(ins, tree(ins, ini, env, files), "merge side into main", mainCommit, sideCommit);
            Map<String, ObjectId> wip = new TreeMap<>(files);
            wip.put(name(repo, WIP), blob(ins, migration(rev(repo, WIP), mergeRev, WIP)));
            ObjectId wipCommit = commit(ins, tree(ins, ini, env, wip), "work in progress", merged);
            ins.flush();
            ref(r, "refs/heads/main", merged);
            ref(r, "refs/heads/feature/wip", wipCommit);
            // what a later run resets main to: the pushes of a run are not part of the organisation
            Files.writeString(remote.resolve(GENERATED_HEAD), merged.name());
            return merged.name();
        }
    }

    private static String name(int repo, int i) {
        return String.format(Locale.ROOT, "%07d_%s.py", i, rev(repo, i));
    }

    private static void ref(Repository r, String name, ObjectId id) throws IOException {
        RefUpdate u = r.updateRef(name);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        RefUpdate.Result res = u.update();
        if (res != RefUpdate.Result.NEW && res != RefUpdate.Result.FORCED) {
            throw new IOException("cannot set " + name + ": " + res);
        }
    }

    private static ObjectId blob(ObjectInserter ins, String text) throws IOException {
        return ins.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectId tree(ObjectInserter ins, ObjectId ini, ObjectId env, Map<String, ObjectId> versions)
            throws IOException {
        TreeFormatter v = new TreeFormatter();
        versions.forEach((n, id) -> v.append(n, FileMode.REGULAR_FILE, id));
        TreeFormatter m = new TreeFormatter();
        m.append("env.py", FileMode.REGULAR_FILE, env);
        m.append("versions", FileMode.TREE, ins.insert(v));
        TreeFormatter root = new TreeFormatter();
        root.append("alembic.ini", FileMode.REGULAR_FILE, ini);
        root.append("migrations", FileMode.TREE, ins.insert(m));
        return ins.insert(root);
    }

    private static ObjectId commit(ObjectInserter ins, ObjectId tree, String message, ObjectId... parents)
            throws IOException {
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        for (ObjectId p : parents) {
            if (p != null) {
                c.addParentId(p);
            }
        }
        c.setAuthor(DEV);
        c.setCommitter(DEV);
        c.setMessage(message + "\n");
        return ins.insert(c);
    }

    /** A migration as Alembic writes one ({@code down} is an id, a tuple's source, or {@code null}). */
    static String migration(String rev, String down, int i) {
        String downSource = down == null ? "None" : down.startsWith("(") ? down : "'" + down + "'";
        return "\"\"\"revision " + i + "\n\nRevision ID: " + rev + "\nRevises: "
                + (down == null ? "" : down.replaceAll("[()' ]", "")) + "\nCreate Date: 2026-01-01 00:00:00\n\n"
                + "Constitutional hash: cdd01ef066bc6cf2\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                + "revision = '" + rev + "'\ndown_revision = " + downSource
                + "\nbranch_labels = None\ndepends_on = None\n\n\n"
                + "def upgrade():\n    op.create_table(\n        't" + i + "',\n        sa.Column('id', sa.Integer(), "
                + "primary_key=True),\n        sa.Column('name', sa.String(200), nullable=False),\n    )\n\n\n"
                + "def downgrade():\n    op.drop_table('t" + i + "')\n";
    }

    /** Files at the head of main: the revisions of the chain (the wip branch's one apart). */
    public static int filesPerRepo(int revisions) {
        return revisions;
    }

    /** Adds one revision on main (a new commit), as a push would; returns the new head. */
    public static String push(Repo repo, int n) throws IOException {
        try (Repository r = Git.open(repo.remote().toFile()).getRepository();
                ObjectInserter ins = r.newObjectInserter()) {
            ObjectId head = r.resolve("refs/heads/main");
            var parent = r.parseCommit(head);
            TreeFormatter v = new TreeFormatter();
            // the new file sorts after every generated one (prefix 9), so appending keeps the tree sorted
            String prev = lastRev(r, parent);
            String rev = String.format(Locale.ROOT, "%06x%06x", 0xe00000 + n % 0x100000, n / 0x100000 + 1);
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, "migrations/versions", parent.getTree())) {
                ObjectId versions = tw.getObjectId(0);
                try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(r)) {
                    walk.addTree(versions);
                    while (walk.next()) {
                        v.append(walk.getNameString(), FileMode.REGULAR_FILE, walk.getObjectId(0));
                    }
                }
            }
            v.append(
                    String.format(Locale.ROOT, "9%06d_%s.py", n, rev),
                    FileMode.REGULAR_FILE,
                    blob(ins, migration(rev, prev, n)));
            ObjectId versions = ins.insert(v);
            TreeFormatter m = new TreeFormatter();
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, "migrations/env.py", parent.getTree())) {
                m.append("env.py", FileMode.REGULAR_FILE, tw.getObjectId(0));
            }
            m.append("versions", FileMode.TREE, versions);
            TreeFormatter root = new TreeFormatter();
            try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, "alembic.ini", parent.getTree())) {
                root.append("alembic.ini", FileMode.REGULAR_FILE, tw.getObjectId(0));
            }
            root.append("migrations", FileMode.TREE, ins.insert(m));
            ObjectId c = commit(ins, ins.insert(root), "push " + n, head);
            ins.flush();
            ref(r, "refs/heads/main", c);
            Files.writeString(repo.remote().resolve("bench-head"), rev);
            return c.name();
        }
    }

    // the head revision of main: the last push's, else the merge revision the generator wrote
    private static String lastRev(Repository r, org.eclipse.jgit.revwalk.RevCommit head) throws IOException {
        Path marker = r.getDirectory().toPath().resolve("bench-head");
        if (Files.exists(marker)) {
            return Files.readString(marker).trim();
        }
        String last = null;
        try (var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, "migrations/versions", head.getTree());
                var walk = new org.eclipse.jgit.treewalk.TreeWalk(r)) {
            walk.addTree(tw.getObjectId(0));
            int best = -1;
            while (walk.next()) {
                String n = walk.getNameString();
                int idx = Integer.parseInt(n.substring(0, 7));
                if (idx < SIDE && idx > best) {
                    best = idx;
                    last = n.substring(8, 20);
                }
            }
        }
        return last;
    }
}
