package io.revchain.repair.planning;

import io.revchain.analysis.RevisionNode;
import io.revchain.analysis.Similarity;
import io.revchain.core.model.Docstring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides where {@link Strategy#LINEARIZE} re-points a broken {@code down_revision}: the existing revision it
 * most likely meant, or nowhere (then it gets a placeholder or is re-pointed by date).
 */
final class ReferenceRepointing {
    private ReferenceRepointing() {}

    /**
     * A re-pointing.
     *
     * @param target the existing revision id meant
     * @param why    the evidence, in words
     */
    record Repoint(String target, String why) {}

    /** The existing id a broken reference most likely meant, and why; {@code null} when none is clear. */
    static Repoint guess(String missing, RevisionNode from, Map<String, RevisionNode> live) {
        Docstring d = from.script().docstring();
        if (d.revises() != null) {
            for (String r : d.revises().split(",")) {
                String t = r.trim();
                if (!t.isEmpty() && !t.equals(missing) && !t.equals(from.id()) && live.containsKey(t)) {
                    return new Repoint(t, "the docstring's Revises: line names it");
                }
            }
        }
        for (RevisionNode r : live.values()) {
            String stem = r.script().fileName().replaceFirst("\\.py$", "");
            if (!r.id().equals(from.id()) && (missing.equals(stem) || missing.equals(r.script().fileName()))) {
                return new Repoint(r.id(), "the file name of " + r.path() + " was used instead of its id");
            }
        }
        List<String> prefixed = new ArrayList<>();
        for (String id : live.keySet()) {
            if (!id.equals(from.id()) && missing.length() >= 4 && id.length() >= 4
                    && (id.startsWith(missing) || missing.startsWith(id))) {
                prefixed.add(id);
            }
        }
        if (prefixed.size() == 1) {
            return new Repoint(prefixed.get(0), "the only id that starts with it, or that it starts with");
        }
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        boolean tie = false;
        for (String id : live.keySet()) {
            if (id.equals(from.id())) {
                continue;
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
        if (best != null && !tie && Similarity.closeEnough(missing, best, bestDist)) {
            return new Repoint(best, bestDist + " character(s) apart");
        }
        return null;
    }
}
