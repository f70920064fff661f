package io.revchain.analysis.merge;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The would-be result of merging a candidate branch into its target, at migration-file level, and what is wrong
 * with it that is not already wrong with the target alone. Built by {@link MergePreviewer#preview}.
 *
 * @param target          the target's side (its branch, commit and files)
 * @param candidate       the candidate branch
 * @param candidateCommit the candidate's commit, or {@code null} when unknown
 * @param merged          the merged folder: path → the version the merge keeps (the target's for a conflict)
 * @param fromCandidate   paths whose merged version is the candidate's (what the candidate changed)
 * @param conflicts       paths changed differently on both sides since the merge base
 * @param analysis        the merged folder analysed under the policy
 * @param added           revision ids the candidate brings that the target does not hold, in Alembic's order
 * @param findings        the merge's own findings ({@code merge-conflict}, {@code multiple-heads-after-merge}) and
 *                        every finding of the merged folder that the target alone does not have; empty for a
 *                        candidate that changes no migration
 * @param rebase          how to re-point the candidate's new migration onto the target's head, when the merge leaves
 *                        more heads than either side; else {@code null}
 */
public record MergePreview(
        MergeSide target,
        String candidate,
        String candidateCommit,
        Map<String, FileVersion> merged,
        Set<String> fromCandidate,
        List<String> conflicts,
        ChainAnalysis analysis,
        List<String> added,
        List<Finding> findings,
        Rebase rebase) {

    public MergePreview {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(candidate, "candidate");
        merged = Collections.unmodifiableMap(new TreeMap<>(merged));
        fromCandidate = Collections.unmodifiableSet(new TreeSet<>(fromCandidate));
        conflicts = List.copyOf(conflicts);
        added = List.copyOf(added);
        findings = List.copyOf(findings);
    }

    /**
     * Re-pointing one of the candidate's new revisions: the rebase a developer would do by hand.
     *
     * @param revision the candidate's first new revision (the one whose parent is in the target)
     * @param file     its file
     * @param from     its {@code down_revision} now
     * @param onto     the target's head(s) to point it at instead (one id for a plain rebase)
     */
    public record Rebase(String revision, String file, List<String> from, List<String> onto) {
        public Rebase {
            from = List.copyOf(from);
            onto = List.copyOf(onto);
        }
    }

    /** The target branch. */
    public String targetBranch() {
        return target.branch();
    }

    /** Whether the merge has an error that the target alone does not. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }

    /** The merged folder's scripts, sorted by path. */
    public List<MigrationScript> mergedScripts() {
        List<MigrationScript> out = new ArrayList<>();
        merged.values().forEach(v -> out.add(v.script()));
        return List.copyOf(out);
    }
}
