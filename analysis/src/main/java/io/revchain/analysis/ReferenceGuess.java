package io.revchain.analysis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which existing revision each broken reference of one chain probably meant: a {@code down_revision} or
 * {@code depends_on} value that names no revision and no branch label. {@link ChainInspector} names the guess in
 * its finding ("did you mean …?") and the repair planner re-points a broken {@code down_revision} to it; both read
 * this one result, so a fix never re-points to a revision the finding did not name.
 *
 * <p><b>Candidates</b>: the revisions Alembic's map holds (for a duplicated id, the file Alembic keeps), in map
 * order. For one reference from the file {@code F} (revision {@code R}) naming {@code missing}, the first rule
 * that decides wins; a rule either names a target, refuses (no guess at all), or passes to the next rule:
 * <ol>
 *   <li><b>Revises line</b> ({@code down_revision} only): the first id on {@code F}'s docstring {@code Revises:}
 *       line that is a candidate, is not {@code R} and is not already one of {@code F}'s parents: the author's own
 *       words. The same for every broken reference of {@code F}.</li>
 *   <li><b>File name</b>: the candidate whose file name, with or without {@code .py}, is {@code missing} (the
 *       first in map order). Refuses when that file is {@code F} itself.</li>
 *   <li><b>Prefix</b> ({@code missing} of 4 characters or more): the one candidate whose id starts with
 *       {@code missing}, or that {@code missing} starts with (ids of 4 characters or more). Several: next rule.
 *       Refuses when the one candidate is {@code R}.</li>
 *   <li><b>Spelling</b>: the candidate at the smallest Levenshtein distance ({@link Similarity#levenshtein}:
 *       insertions, deletions, substitutions), when it is close enough ({@link Similarity#closeEnough}: at most a
 *       third of the shorter id, and at least one edit allowed). Refuses on a tie at that distance and when {@code R} is the closest.
 *       Only the first {@link #NEAR_SPELLING_BUDGET} references of a chain that get this far are compared, and
 *       never an id longer than 64 characters: the comparison is quadratic in the length and a pass over the
 *       chain, and a hostile file may hold 100,000 broken references. Past either limit it refuses.</li>
 * </ol>
 * A {@code depends_on} reference is guessed as the findings always guessed it: it is not a parent, so the
 * {@code Revises:} line does not describe it and no fix re-points it; rules 2 to 4 then treat {@code R} as any
 * other candidate and a spelling tie goes to the first candidate in map order.
 *
 * <p><b>Why these rules</b>: the findings and the planner used to decide this separately. Where their rules
 * disagreed, this keeps the one that cannot send a fix somewhere wrong: for a {@code down_revision} the referring
 * revision is never a guess (a self-loop is a finding, never a repair); a {@code Revises:} id that is already a parent is not a guess (it would
 * only duplicate a link); a tie in spelling, or a closest id that is the file's own, is no evidence for either
 * candidate; and past the limits above the findings never guessed, so the planner does not either. Refusing is
 * always safe: the planner then writes a placeholder (or re-points by date), and the finding asks a person.
 */
public final class ReferenceGuess {

    /** Near spellings are looked for among this many broken references of a chain at most (each costs a pass). */
    public static final int NEAR_SPELLING_BUDGET = 200;
    /** Ids longer than this are never compared by spelling (the comparison is quadratic in the length). */
    private static final int NEAR_SPELLING_MAX_LENGTH = 64;

    /** Which rule named the target. */
    public enum Evidence {
        REVISES_LINE,
        FILE_NAME,
        PREFIX,
        SPELLING
    }

    /**
     * A guess.
     *
     * @param target     the existing revision id meant
     * @param targetPath the file declaring it
     * @param evidence   the rule that decided
     * @param distance   the edit distance for {@link Evidence#SPELLING}, else 0
     */
    public record Guess(String target, String targetPath, Evidence evidence, int distance) {}

    /**
     * One broken reference.
     *
     * @param path      the referring file
     * @param dependsOn whether it is a {@code depends_on} value (else a {@code down_revision} one)
     * @param missing   the value that names nothing
     */
    private record Reference(String path, boolean dependsOn, String missing) {}

    private final RevisionGraph graph;
    private final Map<Reference, Guess> guesses = new HashMap<>();
    // built at the first broken reference: most chains have none
    private Map<String, RevisionNode> candidates;
    private Map<String, RevisionNode> byFileName;
    private NavigableSet<String> sortedIds;
    private int nearSpellings;

    private ReferenceGuess(RevisionGraph graph) {
        this.graph = graph;
        Set<String> known = new HashSet<>(graph.revisionIds());
        known.addAll(graph.branchLabelOwners().keySet());
        // the order the findings are made in: the spelling budget is spent in it
        for (RevisionNode n : graph.nodes()) {
            String revisesHint = null;
            boolean revisesRead = false;
            for (String d : n.downRevisions()) {
                if (known.contains(d)) {
                    continue;
                }
                if (!revisesRead) {
                    index();
                    revisesHint = revisesLine(n);
                    revisesRead = true;
                }
                Reference ref = new Reference(n.path(), false, d);
                Guess g = revisesHint != null ? guessed(revisesHint, Evidence.REVISES_LINE, 0) : guess(d, n);
                if (g != null) {
                    guesses.putIfAbsent(ref, g);
                }
            }
            for (String d : n.dependsOn()) {
                if (d.isEmpty() || known.contains(d)) {
                    continue;
                }
                index();
                Guess g = guess(d, null);
                if (g != null) {
                    guesses.putIfAbsent(new Reference(n.path(), true, d), g);
                }
            }
        }
    }

    private void index() {
        if (candidates != null) {
            return;
        }
        candidates = new LinkedHashMap<>();
        for (String id : graph.revisionIds()) {
            candidates.put(id, graph.node(id).orElseThrow());
        }
        sortedIds = new TreeSet<>(candidates.keySet());
        byFileName = new HashMap<>();
        for (RevisionNode n : candidates.values()) {
            byFileName.putIfAbsent(n.script().fileName().replaceFirst("\\.py$", ""), n);
            byFileName.putIfAbsent(n.script().fileName(), n);
        }
    }

    /** The guesses for every broken reference of {@code graph}'s chain. */
    public static ReferenceGuess of(RevisionGraph graph) {
        return new ReferenceGuess(graph);
    }

    /** The revision the broken {@code down_revision} value {@code missing} of the file {@code path} meant. */
    public Optional<Guess> forDownRevision(String path, String missing) {
        return Optional.ofNullable(guesses.get(new Reference(path, false, missing)));
    }

    /** The revision the broken {@code depends_on} value {@code missing} of the file {@code path} meant. */
    public Optional<Guess> forDependsOn(String path, String missing) {
        return Optional.ofNullable(guesses.get(new Reference(path, true, missing)));
    }

    private String revisesLine(RevisionNode from) {
        String revises = from.script().docstring().revises();
        if (revises == null) {
            return null;
        }
        Set<String> parents = new HashSet<>(from.script().downRevision().values());
        for (String r : revises.split(",")) {
            String t = r.trim();
            if (!t.isEmpty() && !parents.contains(t) && !t.equals(from.id()) && candidates.containsKey(t)) {
                return t;
            }
        }
        return null;
    }

    /** Rules 2 to 4; {@code from} is {@code null} for a {@code depends_on} reference. */
    private Guess guess(String missing, RevisionNode from) {
        String self = from == null ? null : from.id();
        RevisionNode named = byFileName.get(missing);
        if (named != null) {
            return from != null && named.path().equals(from.path()) ? null : guessed(named.id(), Evidence.FILE_NAME, 0);
        }
        if (missing.length() >= 4) {
            // ids that start with the missing one, and ids (of 4 or more characters) the missing one starts with
            Set<String> prefixed = new LinkedHashSet<>();
            for (String id : sortedIds.tailSet(missing, true)) {
                if (!id.startsWith(missing) || prefixed.size() > 1) {
                    break;
                }
                prefixed.add(id);
            }
            for (int len = 4; len <= missing.length() && prefixed.size() < 2; len++) {
                String p = missing.substring(0, len);
                if (sortedIds.contains(p)) {
                    prefixed.add(p);
                }
            }
            if (prefixed.size() == 1) {
                String id = prefixed.iterator().next();
                return id.equals(self) ? null : guessed(id, Evidence.PREFIX, 0);
            }
        }
        if (missing.length() > NEAR_SPELLING_MAX_LENGTH || nearSpellings++ >= NEAR_SPELLING_BUDGET) {
            return null;
        }
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        boolean tie = false;
        for (String id : candidates.keySet()) {
            if (Math.abs(id.length() - missing.length()) > bestDist) {
                continue; // the distance is at least the difference in length: it cannot be as good
            }
            int dist = Similarity.levenshtein(missing, id);
            if (dist < bestDist) {
                bestDist = dist;
                best = id;
                tie = false;
            } else if (dist == bestDist) {
                tie = true;
            }
        }
        if (best == null || !Similarity.closeEnough(missing, best, bestDist)) {
            return null;
        }
        if (from != null && (tie || best.equals(self))) {
            return null;
        }
        return guessed(best, Evidence.SPELLING, bestDist);
    }

    private Guess guessed(String id, Evidence evidence, int distance) {
        return new Guess(id, candidates.get(id).path(), evidence, distance);
    }
}
