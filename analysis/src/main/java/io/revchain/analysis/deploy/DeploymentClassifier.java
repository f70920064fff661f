package io.revchain.analysis.deploy;

import io.revchain.analysis.AlembicOutcome;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what the rows of a database's version table mean against one chain of the code, as Alembic would read
 * them: the rows are the heads the database stands on, and everything below them (through {@code down_revision}
 * and {@code depends_on}) is applied.
 *
 * <ul>
 *   <li>the code's chain fails in Alembic (a cycle, a broken reference): {@link AppliedState.Kind#CHAIN_FAILS},
 *       whatever the database holds;</li>
 *   <li>no row: {@link AppliedState.Kind#EMPTY}, every revision pending;</li>
 *   <li>a row the code does not declare: {@link AppliedState.Kind#DROPPED_BRANCH} when other rows stand on the
 *       code's chain, or the history shows the revision branched off a revision the code went on from without it;
 *       else {@link AppliedState.Kind#UNKNOWN_REVISION};</li>
 *   <li>a row below another row: {@link AppliedState.Kind#OVERLAPPING_ROWS};</li>
 *   <li>every revision applied: {@link AppliedState.Kind#AT_HEAD};</li>
 *   <li>several rows with a pending revision that descends from two of them (the code merged what the database
 *       holds as two heads): {@link AppliedState.Kind#MERGED_HEADS};</li>
 *   <li>else {@link AppliedState.Kind#BEHIND}, the pending revisions in the order {@code alembic upgrade heads}
 *       runs them.</li>
 * </ul>
 */
public final class DeploymentClassifier {

    /** How far a history lookup follows retired parents before it stops (a hostile history may loop). */
    static final int HISTORY_DEPTH = 1_000;

    private final RevisionGraph graph;
    private final Function<String, Optional<Retired>> history;
    private final Map<String, List<String>> normalized = new HashMap<>();

    /** A classifier without history: an unknown row is only known to be unknown. */
    public DeploymentClassifier(RevisionGraph graph) {
        this(graph, id -> Optional.empty());
    }

    /**
     * @param history what the repository's history says of a revision the code no longer declares
     */
    public DeploymentClassifier(RevisionGraph graph, Function<String, Optional<Retired>> history) {
        this.graph = graph;
        this.history = history;
    }

    /** What {@code rows} (the version table's {@code version_num} values, as read) mean against the chain. */
    public AppliedState classify(List<String> rows) {
        List<String> distinctRows = List.copyOf(new LinkedHashSet<>(rows));
        List<String> heads = graph.heads().stream().distinct().toList();
        AlembicOutcome outcome = graph.outcome();
        if (!outcome.ok()) {
            return new AppliedState(
                    AppliedState.Kind.CHAIN_FAILS,
                    distinctRows,
                    List.of(),
                    List.of(),
                    List.of(),
                    heads,
                    "the code's chain fails in Alembic before any database is read (" + outcome.printed()
                            + "); run 'revchain check'");
        }
        if (distinctRows.isEmpty()) {
            List<String> pending = upgradeOrder(new HashSet<>());
            return new AppliedState(
                    AppliedState.Kind.EMPTY,
                    distinctRows,
                    pending,
                    List.of(),
                    List.of(),
                    heads,
                    "the version table has no row: nothing is applied; 'alembic upgrade head' runs all "
                            + pending.size() + " revisions");
        }
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String row : distinctRows) {
            String id = resolve(row);
            if (id == null) {
                unknown.add(row);
            } else if (!known.contains(id)) {
                known.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            return unknownRows(distinctRows, known, unknown, heads);
        }
        Set<String> applied = appliedBelow(known);
        List<String> pending = upgradeOrder(applied);
        AppliedState overlap = overlapping(distinctRows, known, pending, heads);
        if (overlap != null) {
            return overlap;
        }
        if (pending.isEmpty()) {
            return new AppliedState(
                    AppliedState.Kind.AT_HEAD,
                    distinctRows,
                    pending,
                    List.of(),
                    List.of(),
                    heads,
                    heads.size() > 1
                            ? "every revision is applied (the code has " + heads.size()
                                    + " heads: 'alembic upgrade head' fails on them, 'upgrade heads' has nothing to do)"
                            : "every revision is applied");
        }
        String merge = known.size() > 1 ? mergedBy(known, pending) : null;
        if (merge != null) {
            return new AppliedState(
                    AppliedState.Kind.MERGED_HEADS,
                    distinctRows,
                    pending,
                    List.of(),
                    List.of(),
                    heads,
                    "the database stands on " + known.size() + " heads (" + String.join(", ", known)
                            + ") that the code has merged in '" + merge + "'; 'alembic upgrade head' runs "
                            + pending.size() + " revision" + (pending.size() == 1 ? "" : "s")
                            + " and leaves one head");
        }
        return new AppliedState(
                AppliedState.Kind.BEHIND,
                distinctRows,
                pending,
                List.of(),
                List.of(),
                heads,
                "behind by " + pending.size() + " revision" + (pending.size() == 1 ? "" : "s")
                        + "; 'alembic upgrade head' runs " + (pending.size() == 1 ? "it" : "them"));
    }

    private AppliedState unknownRows(List<String> rows, List<String> known, List<String> unknown, List<String> heads) {
        List<Retired> retired = new ArrayList<>();
        Set<String> joins = new LinkedHashSet<>();
        for (String id : unknown) {
            Optional<Retired> r = history.apply(id);
            if (r.isPresent()) {
                retired.add(r.get());
                if (r.get().renamedTo() == null) {
                    joins.addAll(joinPoints(r.get()));
                }
            }
        }
        Set<String> standing = new LinkedHashSet<>(known);
        standing.addAll(joins);
        List<String> pending = upgradeOrder(appliedBelow(List.copyOf(standing)));
        String first = unknown.get(0);
        String locate = "every 'alembic upgrade' fails with \"Can't locate revision identified by '" + first + "'\"";
        String where = retired.isEmpty()
                ? ""
                : "; "
                        + retired.stream()
                                .map(DeploymentClassifier::describe)
                                .reduce((a, b) -> a + "; " + b)
                                .orElse("");
        // the code went on from a join point without the retired revisions: a branch it dropped
        String droppedAt = joins.stream()
                .filter(j -> graph.node(j).map(n -> !n.children().isEmpty()).orElse(false))
                .findFirst()
                .orElse(null);
        if (!known.isEmpty() || droppedAt != null) {
            String on = !known.isEmpty()
                    ? "the database stands on " + String.join(", ", quoted(known)) + " of the code's chain and on "
                            + String.join(", ", quoted(unknown)) + ", a branch the code no longer has"
                    : "the database applied " + String.join(", ", quoted(unknown))
                            + " on a branch the code dropped (the code goes on from '" + droppedAt + "' without it)";
            return new AppliedState(
                    AppliedState.Kind.DROPPED_BRANCH,
                    rows,
                    pending,
                    unknown,
                    retired,
                    heads,
                    on + ": " + locate + where + ". Restore the branch's files, or revert what it applied and "
                            + "'alembic stamp' the database back onto the code's chain");
        }
        return new AppliedState(
                AppliedState.Kind.UNKNOWN_REVISION,
                rows,
                pending,
                unknown,
                retired,
                heads,
                "the database is stamped at " + String.join(", ", quoted(unknown))
                        + ", which no file of the code declares: " + locate + where
                        + ". Restore the file, add a placeholder with that id ('revchain repair'), or 'alembic "
                        + "stamp' the database at the revision its schema matches");
    }

    /**
     * The revision a row names as Alembic 1.8.1's {@code RevisionMap._revision_for_ident} resolves it: the id itself,
     * a branch label (its revision), else the one id or label longer than 3 characters that starts with the row;
     * {@code null} when none or several do ("Can't locate revision").
     */
    private String resolve(String row) {
        if (row == null || row.isEmpty()) {
            return null;
        }
        if (graph.node(row).isPresent()) {
            return row;
        }
        Map<String, String> labels = graph.branchLabelOwners();
        if (labels.containsKey(row)) {
            return labels.get(row);
        }
        String match = null;
        int matches = 0;
        List<String> keys = new ArrayList<>(graph.revisionIds());
        keys.addAll(labels.keySet());
        for (String k : keys) {
            if (k.length() > 3 && k.startsWith(row)) {
                matches++;
                match = labels.containsKey(k) && graph.node(k).isEmpty() ? labels.get(k) : k;
            }
        }
        return matches == 1 ? match : null;
    }

    /**
     * A row below another row: Alembic never writes that (a stamp or an upgrade replaces the row it moves from), and
     * every {@code alembic upgrade} then fails with "Requested revision B overlaps with other requested revisions A".
     */
    private AppliedState overlapping(List<String> rows, List<String> known, List<String> pending, List<String> heads) {
        for (String row : known) {
            Set<String> below = new LinkedHashSet<>(ancestorsOf(row));
            below.remove(row);
            List<String> under = known.stream().filter(below::contains).toList();
            if (!under.isEmpty()) {
                return new AppliedState(
                        AppliedState.Kind.OVERLAPPING_ROWS,
                        rows,
                        pending,
                        List.of(),
                        List.of(),
                        heads,
                        "the version table holds '" + row + "' and " + String.join(", ", quoted(under))
                                + " below it, which Alembic never writes: every 'alembic upgrade' fails with "
                                + "\"Requested revision " + row + " overlaps with other requested revisions "
                                + String.join(", ", under) + "\". Delete the row" + (under.size() == 1 ? " " : "s ")
                                + String.join(", ", quoted(under)) + " (or 'alembic stamp --purge " + row + "')");
            }
        }
        return null;
    }

    private static String describe(Retired r) {
        return "'" + r.id() + "' was declared by " + r.path()
                + (r.lastCommit() == null ? "" : " (last in " + r.lastCommit() + ")")
                + (r.renamedTo() != null
                        ? ", renamed to " + r.renamedTo() + " with another id"
                        : r.goneIn() == null ? "" : ", deleted in " + r.goneIn());
    }

    private static List<String> quoted(List<String> ids) {
        return ids.stream().map(i -> "'" + i + "'").toList();
    }

    /** The revisions of the code a retired revision stands on, following retired parents through the history. */
    private Set<String> joinPoints(Retired start) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<Retired> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty() && seen.size() < HISTORY_DEPTH) {
            Retired r = todo.poll();
            if (!seen.add(r.id())) {
                continue;
            }
            for (String parent : r.downRevisions()) {
                if (graph.node(parent).isPresent()) {
                    out.add(parent);
                } else if (!seen.contains(parent)) {
                    history.apply(parent).ifPresent(todo::add);
                }
            }
        }
        return out;
    }

    /** The rows and everything below them, through {@code down_revision} and {@code depends_on}. */
    private Set<String> appliedBelow(List<String> rows) {
        Set<String> applied = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(rows);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!applied.add(id)) {
                continue;
            }
            graph.node(id).ifPresent(n -> {
                todo.addAll(n.downRevisions());
                todo.addAll(n.dependencies());
            });
        }
        return applied;
    }

    /**
     * The revisions not in {@code applied}, in the order {@code alembic upgrade heads} runs them: Alembic 1.8.1's
     * {@code RevisionMap._topological_sort} (from the heads down, one branch at a time, switching to another head's
     * branch while the candidate is that head's ancestor, heads in map order), reversed as
     * {@code ScriptDirectory._upgrade_revs} reverses it.
     */
    private List<String> upgradeOrder(Set<String> applied) {
        List<String> ids = graph.revisionIds();
        Set<String> todo = new LinkedHashSet<>();
        for (String id : ids) {
            if (!applied.contains(id)) {
                todo.add(id);
            }
        }
        if (todo.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rank.put(ids.get(i), i);
        }
        // 'heads' resolves to RevisionMap._real_heads: heads nothing depends on
        List<String> heads = new ArrayList<>(new LinkedHashSet<>(graph.effectiveHeads()));
        heads.removeIf(h -> !todo.contains(h));
        heads.sort(Comparator.comparingInt(rank::get));
        List<Set<String>> ancestors = new ArrayList<>();
        for (String h : heads) {
            ancestors.add(ancestorsOf(h));
        }
        List<String> output = new ArrayList<>();
        int current = 0;
        // each step emits a revision or moves to another branch; bounded for safety on any input
        long budget = 4L * (ids.size() + 1) * (ids.size() + 1) + 16;
        while (!heads.isEmpty() && budget-- > 0) {
            String candidate = heads.get(current);
            int other = -1;
            for (int j = 0; j < ancestors.size(); j++) {
                if (j != current && ancestors.get(j).contains(candidate)) {
                    other = j;
                    break;
                }
            }
            if (other >= 0) {
                current = other;
                continue;
            }
            if (todo.remove(candidate)) {
                output.add(candidate);
            }
            List<String> add = new ArrayList<>();
            for (String p : normalizedDown(candidate)) {
                if (todo.contains(p) && !heads.contains(p) && !add.contains(p)) {
                    add.add(p);
                }
            }
            if (add.isEmpty()) {
                heads.remove(current);
                ancestors.remove(current);
                current = Math.max(current - 1, 0);
            } else {
                heads.set(current, add.get(0));
                ancestors.set(current, ancestorsOf(add.get(0)));
                for (String more : add.subList(1, add.size())) {
                    heads.add(more);
                    ancestors.add(ancestorsOf(more));
                }
            }
        }
        // anything the walk did not reach (never on a map Alembic loads) keeps map order, after it
        List<String> order = new ArrayList<>(output);
        Collections.reverse(order);
        order.addAll(todo);
        return order;
    }

    /**
     * {@code Revision._normalized_down_revisions}: the down revisions, then the dependencies less those a
     * down-revision ancestor already depends on ({@code RevisionMap._normalize_depends_on}), each once.
     */
    private List<String> normalizedDown(String id) {
        return normalized.computeIfAbsent(id, this::computeNormalizedDown);
    }

    private List<String> computeNormalizedDown(String id) {
        RevisionNode n = graph.node(id).orElse(null);
        if (n == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>(n.downRevisions());
        if (!n.dependencies().isEmpty()) {
            Set<String> deps = new LinkedHashSet<>(n.dependencies());
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(n.downRevisions());
            while (!todo.isEmpty()) {
                String a = todo.pop();
                if (seen.add(a)) {
                    graph.node(a).ifPresent(x -> {
                        deps.removeAll(x.dependencies());
                        todo.addAll(x.downRevisions());
                    });
                }
            }
            out.addAll(deps);
        }
        return List.copyOf(out);
    }

    /** The revision and everything below it through down revisions and dependencies. */
    private Set<String> ancestorsOf(String id) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(id);
        while (!todo.isEmpty()) {
            String r = todo.pop();
            if (seen.add(r)) {
                todo.addAll(normalizedDown(r));
            }
        }
        return seen;
    }

    /** A pending revision that descends from two of the rows (the code's merge of them), or {@code null}. */
    private String mergedBy(List<String> rows, List<String> pending) {
        Set<String> pendingSet = new HashSet<>(pending);
        Map<String, Integer> reachedBy = new HashMap<>();
        for (String row : rows) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.add(row);
            while (!todo.isEmpty()) {
                String id = todo.pop();
                RevisionNode n = graph.node(id).orElse(null);
                if (n == null) {
                    continue;
                }
                List<String> kids = new ArrayList<>(n.children());
                kids.addAll(n.dependents());
                for (String c : kids) {
                    if (pendingSet.contains(c) && seen.add(c)) {
                        reachedBy.merge(c, 1, Integer::sum);
                        todo.add(c);
                    }
                }
            }
        }
        for (String id : pending) {
            if (reachedBy.getOrDefault(id, 0) > 1) {
                return id;
            }
        }
        return null;
    }
}
