package io.revchain.analysis;

import io.revchain.analysis.AlembicBuild.Rev;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays {@code ScriptDirectory.walk_revisions()} (base → heads, inclusive), i.e. {@code
 * RevisionMap._collect_upgrade_revisions} followed by {@code _topological_sort}: the order {@code alembic history}
 * and {@code alembic branches} print, the error the walk raises, or that it never ends.
 *
 * <p>Alembic's loop can spin forever (a {@code depends_on} naming a descendant can make two pending heads each wait
 * for the other); a repeated loop state with no revision emitted in between proves that, so the answer is exact
 * rather than a timeout.
 *
 * @param order  revision ids, newest first; empty when the walk fails or hangs
 * @param error  what the walk raises, or null
 * @param hangs  the walk never returns
 */
record AlembicWalk(List<String> order, PyError error, boolean hangs) {

    static AlembicWalk of(AlembicBuild b) {
        if (b.failure != null) {
            return new AlembicWalk(List.of(), b.failure, false);
        }
        List<Rev> targets = new ArrayList<>();
        for (Rev h : b.realHeads) {
            targets.add(b.map.get(h.id));
        }
        AlembicBuild.Walk required = AlembicBuild.iterate(Rev::normalizedDown, targets, b.map, true);
        if (required.error() != null) {
            return new AlembicWalk(List.of(), required.error(), false);
        }
        Set<String> todo = new LinkedHashSet<>();
        for (Rev r : required.visited()) {
            todo.add(r.id);
        }
        for (Rev r : targets) {
            todo.add(r.id);
        }
        return sort(b, todo, targets);
    }

    private static AlembicWalk sort(AlembicBuild b, Set<String> todo, List<Rev> headRevs) {
        Map<String, Integer> index = new HashMap<>();
        int i = 0;
        for (String k : b.map.keySet()) {
            index.putIfAbsent(k, i++);
        }
        List<String> heads = new ArrayList<>();
        for (Rev h : headRevs) {
            if (todo.contains(h.id) && !heads.contains(h.id)) {
                heads.add(h.id);
            }
        }
        heads.sort((x, y) -> Integer.compare(index.get(x), index.get(y)));
        List<Set<String>> ancestors = new ArrayList<>();
        try {
            for (String h : heads) {
                ancestors.add(ancestors(b, h));
            }
            List<String> output = new ArrayList<>();
            int idx = 0;
            Set<String> states = new HashSet<>();
            while (!heads.isEmpty()) {
                String candidate = heads.get(idx);
                int blocker = -1;
                for (int k = 0; k < ancestors.size(); k++) {
                    if (k != idx && ancestors.get(k).contains(candidate)) {
                        blocker = k;
                        break;
                    }
                }
                if (blocker >= 0) {
                    idx = blocker;
                    // nothing was emitted: the same state twice means Alembic's loop never ends
                    if (!states.add(heads + "|" + idx + "|" + sizes(ancestors))) {
                        return new AlembicWalk(List.of(), null, true);
                    }
                    continue;
                }
                if (todo.remove(candidate)) {
                    output.add(candidate);
                    states.clear();
                }
                Rev cand = b.map.get(candidate);
                List<String> toAdd = new ArrayList<>();
                for (String r : cand.normalizedDown()) {
                    if (todo.contains(r) && !heads.contains(r)) {
                        toAdd.add(r);
                    }
                }
                if (toAdd.isEmpty()) {
                    heads.remove(idx);
                    ancestors.remove(idx);
                    idx = Math.max(idx - 1, 0);
                } else if (cand.normalizedDeps.isEmpty() && cand.down.size() == 1) {
                    heads.set(idx, toAdd.get(0));
                    ancestors.get(idx).remove(candidate);
                } else {
                    heads.set(idx, toAdd.get(0));
                    heads.addAll(toAdd.subList(1, toAdd.size()));
                    ancestors.set(idx, ancestors(b, toAdd.get(0)));
                    for (String h : toAdd.subList(1, toAdd.size())) {
                        ancestors.add(ancestors(b, h));
                    }
                }
            }
            if (!todo.isEmpty()) {
                return new AlembicWalk(List.of(), new PyError("AssertionError", "", null, true), false);
            }
            return new AlembicWalk(List.copyOf(output), null, false);
        } catch (PyError.Raised e) {
            return new AlembicWalk(List.of(), e.error, false);
        }
    }

    private static String sizes(List<Set<String>> ancestors) {
        StringBuilder s = new StringBuilder();
        for (Set<String> a : ancestors) {
            s.append(a.size()).append(',');
        }
        return s.toString();
    }

    /** {@code get_ancestors} inside {@code _topological_sort}: ids reachable through normalised down links. */
    private static Set<String> ancestors(AlembicBuild b, String id) {
        AlembicBuild.Walk w = AlembicBuild.iterate(Rev::normalizedDown, List.of(b.map.get(id)), b.map, false);
        if (w.error() != null) {
            throw new PyError.Raised(w.error());
        }
        Set<String> out = new HashSet<>();
        for (Rev r : w.visited()) {
            out.add(r.id);
        }
        return out;
    }
}
