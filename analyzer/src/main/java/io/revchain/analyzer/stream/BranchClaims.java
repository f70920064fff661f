package io.revchain.analyzer.stream;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.RevisionClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The repository-partitioned half of the organisation view: at each commit boundary, which declarations of a
 * branch's files the view has not been told of and which it was told of that are gone, as {@link RevisionClaim}s
 * keyed by revision id (sent through {@code revchain.org-claims}, so that every claim of one id reaches one task
 * whichever instance read the repository).
 *
 * <p>What a branch declares now comes from the analyzer's own files (the scripts store, rebuilt after a restart), and
 * what the view was last told is one record per branch ({@link Told}): nothing is written per file, and a crash
 * between the claims and the record only sends the same claims again, which the receiving side takes as no change.
 */
final class BranchClaims {
    private BranchClaims() {}

    /** What one file declares: a revision id and the blob that declares it ({@code null} when unknown). */
    record Declaration(String revision, String blob) {
        Declaration {
            Objects.requireNonNull(revision, "revision");
        }
    }

    /**
     * One value of the org-claimed store: each file of a branch and what it declared when the view was last told.
     *
     * @param files by path
     */
    record Told(Map<String, Declaration> files) {
        Told {
            files = files == null ? Map.of() : new TreeMap<>(files);
        }
    }

    /** The declaration of {@code s} at {@code blob}, or {@code null} when it declares no one non-empty id. */
    static Declaration of(MigrationScript s, String blob) {
        if (s == null) {
            return null;
        }
        String id = s.revisionId();
        return id == null || id.isEmpty() ? null : new Declaration(id, blob);
    }

    /**
     * The claims that turn {@code told} into {@code now} for {@code repo}'s {@code branch}, in path order: every new
     * declaration first, then every withdrawn one, so a file renamed inside a colliding repository never makes the
     * collision disappear for a moment. A path that declares the same id with the same blob is no change.
     */
    static List<RevisionClaim> diff(
            String repo, String branch, Map<String, Declaration> told, Map<String, Declaration> now) {
        List<RevisionClaim> added = new ArrayList<>();
        List<RevisionClaim> withdrawn = new ArrayList<>();
        Map<String, Declaration> paths = new TreeMap<>(told);
        paths.putAll(now);
        for (String path : paths.keySet()) {
            Declaration before = told.get(path);
            Declaration after = now.get(path);
            if (Objects.equals(before, after)) {
                continue;
            }
            if (after != null) {
                added.add(new RevisionClaim(after.revision(), repo, branch, path, after.blob(), true));
            }
            if (before != null) {
                withdrawn.add(new RevisionClaim(before.revision(), repo, branch, path, before.blob(), false));
            }
        }
        added.addAll(withdrawn);
        return added;
    }
}
