package io.revchain.app.status;

import io.revchain.analysis.deploy.Retired;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What a git checkout's history says of revisions its code no longer declares: for each migration file a commit
 * deleted (or renamed under another revision id), the id it declared, its {@code down_revision}, the last commit
 * that had it and the commit that removed it. Read once, lazily, on the first unknown row, newest commit first, at
 * most {@link #MAX_COMMITS} commits along first parents; a path that is not in a git checkout has no history.
 */
public final class GitRetired {
    static final int MAX_COMMITS = 5_000;
    /** Migration files larger than this are not read from history. */
    static final int MAX_BLOB = 1024 * 1024;

    private GitRetired() {}

    /** The lookup for {@code path}; empty answers when it is not in a git checkout or its history cannot be read. */
    public static Function<String, Optional<Retired>> lookup(Path path) {
        Map<String, Retired>[] index = newIndexHolder();
        return id -> {
            if (index[0] == null) {
                index[0] = scan(path);
            }
            return Optional.ofNullable(index[0].get(id));
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Retired>[] newIndexHolder() {
        return new Map[1];
    }

    static Map<String, Retired> scan(Path path) {
        Map<String, Retired> out = new HashMap<>();
        FileRepositoryBuilder b =
                new FileRepositoryBuilder().findGitDir(path.toAbsolutePath().toFile());
        if (b.getGitDir() == null) {
            return out;
        }
        MigrationParser parser = new MigrationParser(Policy.alembic().marker());
        try (Repository repo = b.setMustExist(true).build();
                RevWalk walk = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader();
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return out;
            }
            diff.setRepository(repo);
            diff.setDetectRenames(true);
            RenameDetector renames = diff.getRenameDetector();
            if (renames != null) {
                renames.setRenameScore(60);
            }
            walk.setRetainBody(false);
            RevCommit c = walk.parseCommit(head);
            for (int n = 0; c != null && n < MAX_COMMITS; n++) {
                if (c.getParentCount() == 0) {
                    break;
                }
                RevCommit parent = walk.parseCommit(c.getParent(0));
                for (DiffEntry e : diff.scan(parent.getTree(), c.getTree())) {
                    if (!e.getOldPath().endsWith(".py")) {
                        continue;
                    }
                    boolean deleted = e.getChangeType() == DiffEntry.ChangeType.DELETE;
                    boolean moved = e.getChangeType() == DiffEntry.ChangeType.RENAME
                            || e.getChangeType() == DiffEntry.ChangeType.MODIFY;
                    if (!deleted && !moved) {
                        continue;
                    }
                    MigrationScript old =
                            parse(parser, reader, e.getOldPath(), e.getOldId().toObjectId());
                    if (old == null || old.revisionId() == null || out.containsKey(old.revisionId())) {
                        continue;
                    }
                    String renamedTo = null;
                    if (moved) {
                        MigrationScript now = parse(
                                parser, reader, e.getNewPath(), e.getNewId().toObjectId());
                        if (now != null && old.revisionId().equals(now.revisionId())) {
                            continue;
                        }
                        renamedTo = e.getNewPath();
                    }
                    out.put(
                            old.revisionId(),
                            new Retired(
                                    old.revisionId(),
                                    e.getOldPath(),
                                    old.downRevisions(),
                                    parent.abbreviate(10).name(),
                                    c.abbreviate(10).name(),
                                    renamedTo));
                }
                c = parent;
            }
        } catch (IOException | RuntimeException e) {
            // history is a help, never a requirement: what was found so far stands
        }
        return out;
    }

    private static MigrationScript parse(MigrationParser parser, ObjectReader reader, String file, ObjectId blob)
            throws IOException {
        if (blob.equals(ObjectId.zeroId()) || reader.getObjectSize(blob, Constants.OBJ_BLOB) > MAX_BLOB) {
            return null;
        }
        return parser.parse(file, reader.open(blob).getBytes());
    }
}
