package io.revchain.analysis.merge;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.ChainInspector;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides, before anything is merged, what merging a candidate branch into its target would do to the migration
 * chain: the three-way merge of the two sides' migration files against their merge base (a file changed on one side
 * only takes that side's version; changed on both sides differently is a {@code merge-conflict}), the merged
 * folder's analysis, and the findings the merge brings: {@code multiple-heads-after-merge} when the merged chain
 * has more heads than the target (the two branches each added a revision on the same parent, or the candidate
 * brings a second head of its own, as a merge queue's candidate, the merge result itself, does), and every finding
 * of the merged folder that the target alone does not have. A candidate that changes no migration file gets no
 * finding at all.
 *
 * <p>{@link #collisions} compares two open candidates of the same target: both previews are fine alone, but once
 * both are merged there are two heads ({@code candidate-collision}, a warning: whichever merges second must rebase).
 * Pure: no I/O, never throws on well-formed sides.
 */
public final class MergePreviewer {
    private MergePreviewer() {}

    private static final Comparator<Finding> ORDER = Comparator.comparing(
                    (Finding f) -> f.file() == null ? "\uffff" : f.file())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check)
            .thenComparing(f -> f.revision() == null ? "" : f.revision())
            .thenComparing(Finding::message);

    /**
     * The preview of merging {@code candidate} into {@code target}, with files known by parsed content only.
     *
     * @param target    the target's files (path → script)
     * @param candidate the candidate's files
     * @param base      the merge base's files
     */
    public static MergePreview preview(
            String targetBranch,
            Map<String, MigrationScript> target,
            String candidateBranch,
            Map<String, MigrationScript> candidate,
            Map<String, MigrationScript> base,
            Policy policy) {
        return preview(
                MergeSide.ofScripts(targetBranch, null, target),
                MergeSide.ofScripts(candidateBranch, null, candidate),
                MergeSide.versions(base),
                policy);
    }

    /**
     * The preview of merging {@code candidate} into {@code target}.
     *
     * @param target    the target branch's files; every version must carry its script
     * @param candidate the candidate branch's files; every version must carry its script
     * @param base      the merge base's files (scripts may be absent when blob ids are given)
     * @param policy    grades the merged folder's findings
     */
    public static MergePreview preview(
            MergeSide target, MergeSide candidate, Map<String, FileVersion> base, Policy policy) {
        Policy p = policy == null ? Policy.alembic() : policy;
        requireScripts(target);
        requireScripts(candidate);
        ThreeWay m = ThreeWay.of(target.files(), candidate.files(), base);

        RevisionGraph targetGraph = RevisionGraph.of(scripts(target.files()));
        RevisionGraph mergedGraph = RevisionGraph.of(scripts(m.merged));
        List<Finding> targetFindings = new ChainInspector(targetGraph, p).findings();
        ChainAnalysis analysis = analysis(mergedGraph, p);

        Set<String> targetIds = new HashSet<>(targetGraph.revisionIds());
        List<String> added = new ArrayList<>();
        for (RevisionNode n : mergedGraph.nodes()) {
            if (m.fromTheirs.contains(n.path()) && !targetIds.contains(n.id()) && !added.contains(n.id())) {
                added.add(n.id());
            }
        }

        List<Finding> out = new ArrayList<>();
        for (String path : m.conflicts) {
            out.add(conflict(path, m.conflictKinds.get(path), target, candidate, m.merged.get(path)));
        }
        MergePreview.Rebase rebase = null;
        List<String> heads = distinct(mergedGraph.heads());
        List<String> candidateHeads =
                heads.stream().filter(h -> added.contains(h)).toList();
        List<String> targetHeads =
                heads.stream().filter(h -> !added.contains(h)).toList();
        // more heads than the target has: what the target's users would see, even if the candidate already had them
        // (a merge queue's candidate is the merge result itself)
        int before = distinct(targetGraph.heads()).size();
        boolean moreHeads = !candidateHeads.isEmpty() && !targetHeads.isEmpty() && heads.size() > before;
        if (moreHeads) {
            rebase = rebase(mergedGraph, candidateHeads.get(0), added, targetHeads);
            out.add(multipleHeads(target, candidate, mergedGraph, candidateHeads, targetHeads, rebase));
        }
        List<Finding> remaining = new ArrayList<>(targetFindings);
        for (Finding f : analysis.findings()) {
            // a finding the target already has is not the candidate's doing
            if (!remaining.remove(f) && !(moreHeads && f.is(Check.MULTIPLE_HEADS))) {
                out.add(f);
            }
        }
        List<Finding> graded = grade(out, p);
        return new MergePreview(
                target,
                candidate.branch(),
                candidate.commit(),
                m.merged,
                m.fromTheirs,
                m.conflicts,
                analysis,
                added,
                graded,
                rebase);
    }

    /**
     * Whether {@code self} and {@code other}, two candidates previewed against the same target, collide: each merge
     * alone is fine for the heads, but merging both leaves more heads than either. Returns the
     * {@code candidate-collision} finding for {@code self} naming {@code other}, or nothing.
     */
    public static List<Finding> collisions(MergePreview self, Collection<MergePreview> others, Policy policy) {
        Policy p = policy == null ? Policy.alembic() : policy;
        List<Finding> out = new ArrayList<>();
        for (MergePreview other : others) {
            if (other == self
                    || other.candidate().equals(self.candidate())
                    || self.added().isEmpty()
                    || other.added().isEmpty()) {
                continue;
            }
            // both merged previews descend from the same target snapshot: it is their merge base
            ThreeWay both =
                    ThreeWay.of(self.merged(), other.merged(), self.target().files());
            RevisionGraph g = RevisionGraph.of(scripts(both.merged));
            List<String> heads = distinct(g.heads());
            List<String> mine = heads.stream().filter(self.added()::contains).toList();
            List<String> theirs = heads.stream()
                    .filter(h -> other.added().contains(h) && !self.added().contains(h))
                    .toList();
            int before = Math.max(
                    self.analysis().heads().size(), other.analysis().heads().size());
            if (mine.isEmpty() || theirs.isEmpty() || heads.size() <= before) {
                continue;
            }
            out.add(collision(self, other, g, mine, theirs));
        }
        return grade(out, p);
    }

    private static Finding collision(
            MergePreview self, MergePreview other, RevisionGraph g, List<String> mine, List<String> theirs) {
        RevisionNode m = g.node(mine.get(0)).orElseThrow();
        String parents = parentsOf(g, mine.get(0), self.added());
        String target = self.targetBranch();
        String message = self.candidate() + " and " + other.candidate() + " both add a revision on " + parents
                + " (" + self.candidate() + ": " + describe(g, mine) + "; " + other.candidate() + ": "
                + describe(g, theirs) + "): whichever merges into " + target + " second leaves two heads. "
                + "The second must re-point its new migration onto the other's revision (down_revision = '"
                + theirs.get(0) + "' here, if " + other.candidate() + " merges first), or add a merge revision "
                + "with 'alembic merge -m \"merge heads\" " + String.join(" ", concat(mine, theirs)) + "'";
        return new Finding(
                Check.CANDIDATE_COLLISION,
                Severity.WARNING,
                m.id(),
                m.path(),
                Math.max(m.script().revision().line(), 0),
                message,
                "once both are merged, 'alembic upgrade head' fails: FAILED: Multiple head revisions are present "
                        + "for given argument 'head'",
                concat(mine, theirs));
    }

    private static Finding multipleHeads(
            MergeSide target,
            MergeSide candidate,
            RevisionGraph g,
            List<String> candidateHeads,
            List<String> targetHeads,
            MergePreview.Rebase rebase) {
        String c = candidate.branch();
        String t = target.branch();
        List<String> all = concat(candidateHeads, targetHeads);
        String parents = rebase == null || rebase.from().isEmpty()
                ? "no parent (a second base)"
                : rebase.from().stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "));
        StringBuilder msg = new StringBuilder("merging ")
                .append(c)
                .append(" into ")
                .append(t)
                .append(" leaves ")
                .append(all.size())
                .append(" heads: ")
                .append(describe(g, candidateHeads))
                .append(" from ")
                .append(c)
                .append(" and ")
                .append(describe(g, targetHeads))
                .append(" from ")
                .append(t)
                .append("; ")
                .append(c)
                .append("'s new migration revises ")
                .append(parents)
                .append(", which ")
                .append(t)
                .append(" has moved past. ");
        if (rebase != null && rebase.onto().size() == 1) {
            msg.append("Re-point it onto ")
                    .append(t)
                    .append("'s head: set down_revision = '")
                    .append(rebase.onto().get(0))
                    .append("' in ")
                    .append(rebase.file())
                    .append(" (and its Revises: " + "line), the way a rebase would; ");
        } else {
            msg.append("Re-point it onto ").append(t).append("'s head; ");
        }
        msg.append("or, if '")
                .append(candidateHeads.get(0))
                .append("' is already deployed somewhere, add a merge "
                        + "revision with 'alembic merge -m \"merge heads\" ")
                .append(String.join(" ", all))
                .append("'");
        RevisionNode n = g.node(candidateHeads.get(0)).orElseThrow();
        return new Finding(
                Check.MULTIPLE_HEADS_AFTER_MERGE,
                Severity.ERROR,
                n.id(),
                n.path(),
                Math.max(n.script().revision().line(), 0),
                msg.toString(),
                "after the merge, alembic heads lists " + all.size() + " heads and 'alembic upgrade head' fails: "
                        + "FAILED: Multiple head revisions are present for given argument 'head'; please specify a "
                        + "specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' "
                        + "for all heads",
                all);
    }

    private static Finding conflict(String path, String kind, MergeSide target, MergeSide candidate, FileVersion kept) {
        String rev = kept != null && kept.script() != null ? kept.script().revisionId() : null;
        return new Finding(
                Check.MERGE_CONFLICT,
                Severity.ERROR,
                rev,
                path,
                0,
                path + " was " + describeKind(kind, target.branch(), candidate.branch()) + " since the merge base of "
                        + candidate.branch() + " and " + target.branch()
                        + ": git cannot merge it on its own; merge " + target.branch() + " into "
                        + candidate.branch() + " and resolve the file by hand (the preview keeps "
                        + target.branch() + "'s version)",
                "Alembic never sees the merged folder until the conflict is resolved",
                rev == null ? List.of() : List.of(rev));
    }

    private static String describeKind(String kind, String target, String candidate) {
        return switch (kind) {
            case ThreeWay.BOTH_ADDED -> "added on both " + target + " and " + candidate + " with different content";
            case ThreeWay.OURS_DELETED -> "deleted on " + target + " and modified on " + candidate;
            case ThreeWay.THEIRS_DELETED -> "modified on " + target + " and deleted on " + candidate;
            default -> "modified differently on " + target + " and on " + candidate;
        };
    }

    /** The candidate's first new revision below {@code head}, its parents, and the target heads it should follow. */
    private static MergePreview.Rebase rebase(
            RevisionGraph g, String head, List<String> added, List<String> targetHeads) {
        RevisionNode root = g.node(head).orElseThrow();
        Set<String> seen = new HashSet<>();
        while (seen.add(root.id())) {
            RevisionNode next = null;
            for (String d : root.downRevisions()) {
                if (added.contains(d) && g.node(d).isPresent()) {
                    next = g.node(d).get();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            root = next;
        }
        List<String> from = root.downRevisions();
        List<String> onto = new ArrayList<>();
        for (String t : targetHeads) {
            if (!from.isEmpty() && ancestors(g, t).stream().anyMatch(from::contains)) {
                onto.add(t);
            }
        }
        return new MergePreview.Rebase(root.id(), root.path(), from, onto.isEmpty() ? targetHeads : onto);
    }

    private static Set<String> ancestors(RevisionGraph g, String id) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            g.node(todo.pop())
                    .ifPresent(n -> n.downRevisions().forEach(d -> {
                        if (out.add(d)) {
                            todo.push(d);
                        }
                    }));
        }
        return out;
    }

    private static String parentsOf(RevisionGraph g, String head, List<String> added) {
        List<String> from = rebase(g, head, added, List.of()).from();
        return from.isEmpty()
                ? "no parent"
                : from.stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "));
    }

    private static String describe(RevisionGraph g, List<String> ids) {
        return ids.stream()
                .map(id -> "'" + id + "'"
                        + g.node(id).map(n -> " (" + n.path() + ")").orElse(""))
                .collect(Collectors.joining(", "));
    }

    private static ChainAnalysis analysis(RevisionGraph g, Policy p) {
        return new ChainAnalysis(
                g.revisionIds().size(),
                distinct(g.heads()),
                distinct(g.bases()),
                new ChainInspector(g, p).findings(),
                g.outcome());
    }

    private static List<Finding> grade(List<Finding> findings, Policy p) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (p.runs(f)) {
                out.add(p.apply(f));
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    private static List<String> distinct(List<String> ids) {
        return ids.stream().distinct().toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<MigrationScript> scripts(Map<String, FileVersion> files) {
        List<MigrationScript> out = new ArrayList<>();
        files.values().forEach(v -> out.add(v.script()));
        return out;
    }

    private static void requireScripts(MergeSide side) {
        side.files().forEach((path, v) -> {
            if (v.script() == null) {
                throw new IllegalArgumentException(side.branch() + ": " + path + " has no parsed script");
            }
        });
    }

    /** The file-level three-way merge of ours (the target) and theirs (the candidate) against a base. */
    static final class ThreeWay {
        final Map<String, FileVersion> merged = new TreeMap<>();
        final Set<String> fromTheirs = new TreeSet<>();
        final List<String> conflicts = new ArrayList<>();
        final Map<String, String> conflictKinds = new TreeMap<>();

        static ThreeWay of(
                Map<String, FileVersion> ours, Map<String, FileVersion> theirs, Map<String, FileVersion> base) {
            ThreeWay w = new ThreeWay();
            Set<String> paths = new TreeSet<>(ours.keySet());
            paths.addAll(theirs.keySet());
            paths.addAll(base.keySet());
            for (String path : paths) {
                FileVersion b = base.get(path);
                FileVersion o = ours.get(path);
                FileVersion t = theirs.get(path);
                boolean theirsChanged = !FileVersion.same(b, t);
                boolean oursChanged = !FileVersion.same(b, o);
                FileVersion keep;
                if (!theirsChanged || FileVersion.same(o, t)) {
                    keep = o;
                } else if (!oursChanged) {
                    keep = t;
                    w.fromTheirs.add(path);
                } else {
                    keep = o;
                    w.conflicts.add(path);
                    w.conflictKinds.put(path, kind(b, o, t));
                }
                if (keep != null) {
                    w.merged.put(path, keep);
                }
            }
            return w;
        }

        static final String BOTH_ADDED = "both-added";
        static final String OURS_DELETED = "ours-deleted";
        static final String THEIRS_DELETED = "theirs-deleted";
        static final String BOTH_MODIFIED = "both-modified";

        private static String kind(FileVersion base, FileVersion ours, FileVersion theirs) {
            if (base == null) {
                return BOTH_ADDED;
            }
            if (ours == null) {
                return OURS_DELETED;
            }
            return theirs == null ? THEIRS_DELETED : BOTH_MODIFIED;
        }
    }
}
