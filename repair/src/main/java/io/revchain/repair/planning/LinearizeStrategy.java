package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link Strategy#LINEARIZE}: one base, one head, one chain. Revisions are ordered by {@link OrderKey} (Create
 * Date, filename prefix, commit, id), keeping every existing link the dates do not contradict
 * ({@link LinearOrder}); a broken {@code down_revision} that names an existing revision by mistake is re-pointed
 * there ({@link ReferenceRepointing}); an id that exists nowhere gets a placeholder ({@link Placeholders}), dated
 * like its earliest child so that it sorts just before it; cycles are cut ({@link ParentCycles}); then every
 * revision is re-pointed at the one before it. Revisions named deployed, and their ancestors
 * ({@link DeployedHistory}), are never re-pointed: the other revisions are chained after them, through a merge
 * revision ({@link MergeRevisions}) when they sit on several branches (or through an existing merge of exactly
 * those branches, from an earlier run). A chain that is already one line is left alone.
 */
final class LinearizeStrategy {

    private final PlanningContext ctx;
    private final Map<String, RevisionNode> live = new LinkedHashMap<>();
    private final Map<String, OrderKey> keys = new HashMap<>();
    /** For each revision, its resolved parents: existing ids, re-pointing targets, or missing ids. */
    private final Map<String, List<String>> parents = new LinkedHashMap<>();

    private final Map<String, String> why = new HashMap<>();
    private final Map<String, List<RevisionNode>> missing = new TreeMap<>();
    private final Set<String> placeholders = new LinkedHashSet<>();

    private LinearizeStrategy(PlanningContext ctx) {
        this.ctx = ctx;
    }

    static void apply(PlanningContext ctx) {
        new LinearizeStrategy(ctx).run();
    }

    /**
     * The chain decided: the protected revisions in order (kept as they are), their heads, what the others attach
     * to, and the others in order.
     *
     * @param deployed      protected revisions (deployed and their ancestors) and their placeholders, in order
     * @param deployedHeads those of them no other protected revision names as a parent
     * @param anchor        the revision the first of {@code rest} follows, or {@code null} (then a base, or a new
     *                      merge when {@code joinDeployed})
     * @param joinDeployed  a new merge revision joins {@code deployedHeads} and {@code rest} follows it
     * @param rest          the other revisions and placeholders, in chain order
     */
    private record Layout(
            List<String> deployed,
            List<String> deployedHeads,
            String anchor,
            boolean joinDeployed,
            List<String> rest) {}

    private void run() {
        RevisionGraph g = ctx.graph();
        if (isLine(g)) {
            return;
        }
        Set<String> prot = DeployedHistory.of(g, ctx.request().protectedIds());
        for (String id : g.revisionIds()) {
            live.put(id, g.node(id).orElseThrow());
        }
        live.forEach((id, n) -> keys.put(id, ctx.key(n)));
        resolveParents(prot);
        addPlaceholderKeys(prot);
        Set<String> all = new LinkedHashSet<>(parents.keySet());
        // links the dates contradict are re-pointed (unless a deployed revision would move)
        for (String c : all) {
            if (!prot.contains(c)) {
                parents.get(c).removeIf(p -> keys.get(p).datedAfter(keys.get(c)));
            }
        }
        ParentCycles.cut(all, parents, keys, prot);
        write(layout(all, prot));
    }

    private void resolveParents(Set<String> prot) {
        for (RevisionNode n : live.values()) {
            List<String> ps = new ArrayList<>();
            for (String d : n.downRevisions()) {
                if (live.containsKey(d)) {
                    ps.add(d);
                    continue;
                }
                ReferenceRepointing.Repoint to =
                        prot.contains(n.id()) ? null : ReferenceRepointing.guess(ctx, d, n, live);
                if (to != null) {
                    ps.add(to.target());
                    why.put(
                            n.id(),
                            "down_revision '" + d + "' names no revision; it is a typo of '" + to.target() + "' ("
                                    + to.why() + ")");
                } else {
                    ps.add(d);
                    missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                }
            }
            parents.put(n.id(), ps);
        }
    }

    /** Placeholders are dated like their earliest child so that they sort just before it. */
    private void addPlaceholderKeys(Set<String> prot) {
        for (Map.Entry<String, List<RevisionNode>> e : missing.entrySet()) {
            String id = e.getKey();
            if (Placeholders.invalidId(id, ctx.policy().release())) {
                ctx.note("'" + id + "' is not a valid revision id, so no placeholder can carry it; the link "
                        + "is re-pointed instead");
                for (RevisionNode c : e.getValue()) {
                    parents.get(c.id()).remove(id);
                }
                continue;
            }
            placeholders.add(id);
            String date = e.getValue().stream()
                    .map(c -> keys.get(c.id()).date())
                    .filter(Objects::nonNull)
                    .min(Comparator.naturalOrder())
                    .orElse(null);
            keys.put(id, new OrderKey(date, OrderKey.prefix(FolderStyle.fileName(id, "p")), -1, id));
            parents.put(id, new ArrayList<>());
            if (e.getValue().stream().anyMatch(c -> prot.contains(c.id()))) {
                prot.add(id);
            }
        }
    }

    private Layout layout(Set<String> all, Set<String> prot) {
        Set<String> protAll = new LinkedHashSet<>();
        for (String id : all) {
            if (prot.contains(id)) {
                protAll.add(id);
            }
        }
        List<String> order = LinearOrder.of(protAll, parents, keys);
        Set<String> rest = new LinkedHashSet<>(all);
        rest.removeAll(protAll);
        List<String> protHeads = new ArrayList<>();
        for (String id : order) {
            boolean hasChild = protAll.stream().anyMatch(c -> parents.get(c).contains(id));
            if (!hasChild) {
                protHeads.add(id);
            }
        }
        String anchor = protHeads.size() == 1 ? protHeads.get(0) : null;
        if (protHeads.size() > 1) {
            // an existing merge of the deployed heads (from an earlier run) stays the anchor
            for (String id : rest) {
                RevisionNode n = live.get(id);
                if (n != null && new HashSet<>(n.downRevisions()).equals(new HashSet<>(protHeads))) {
                    anchor = id;
                    break;
                }
            }
            if (anchor != null) {
                rest.remove(anchor);
            }
        }
        List<String> restOrder = LinearOrder.of(rest, parents, keys);
        boolean join = protHeads.size() > 1 && anchor == null;
        if (join) {
            ctx.note("deployed revisions "
                    + ctx.request().protectedIds().stream().sorted().toList() + " sit on "
                    + protHeads.size() + " branches that cannot be rewritten; linearize joins them with a merge "
                    + "revision and chains the other revisions after it");
        }
        if (protAll.stream().filter(id -> parents.get(id).isEmpty()).count() > 1) {
            ctx.note("several bases among the deployed revisions and their ancestors remain: they cannot be "
                    + "re-pointed without rewriting deployed history");
        }
        return new Layout(order, protHeads, anchor, join, restOrder);
    }

    private void write(Layout layout) {
        for (String id : layout.deployed()) {
            if (placeholders.contains(id)) {
                Placeholders.create(ctx, id, missing.get(id), List.of());
            }
        }
        String prev = layout.anchor();
        if (layout.joinDeployed()) {
            List<String> heads = layout.deployedHeads();
            List<RevisionNode> ns =
                    heads.stream().map(live::get).filter(Objects::nonNull).toList();
            prev = MergeRevisions.create(
                    ctx,
                    heads,
                    ns,
                    ctx.ref(Check.MULTIPLE_HEADS, null, null),
                    "joins the deployed branches " + heads + ", which linearize may not rewrite");
        }
        for (String id : layout.rest()) {
            List<String> want = prev == null ? List.of() : List.of(prev);
            prev = id;
            if (placeholders.contains(id)) {
                Placeholders.create(ctx, id, missing.get(id), want);
                continue;
            }
            RevisionNode n = live.get(id);
            if (n == null) {
                continue;
            }
            List<String> now = n.script().downRevision().isLiteral() ? n.downRevisions() : null;
            if (want.equals(now) && !n.script().downRevision().emptyString()) {
                continue;
            }
            if (!ctx.setDown(n.path(), want)) {
                continue;
            }
            String reason = why.containsKey(id)
                            && want.size() == 1
                            && why.get(id).contains("'" + want.get(0) + "'")
                    ? why.get(id)
                    : (now == null || now.isEmpty() ? "base" : "down_revision " + FolderStyle.literal(now, '\''))
                            + " re-pointed to " + FolderStyle.literal(want, '\'')
                            + ": the revision before it in the linear chain (Create Date order)";
            ctx.act(ActionKind.SET_DOWN_REVISION, n.path(), null, id, fixesFor(n, now), reason, Risk.MEDIUM);
        }
    }

    /** The original finding a re-pointing fixes: the most specific one about the revision, else a chain-wide one. */
    private FindingRef fixesFor(RevisionNode n, List<String> now) {
        FindingRef r = ctx.ref(Check.MISSING_DOWN_REVISION, n.id(), n.path());
        if (r == null) {
            r = ctx.ref(Check.UNDEFINED_DOWN_REVISION, n.id(), n.path());
        }
        if (r == null && now != null && now.isEmpty()) {
            r = ctx.ref(Check.MULTIPLE_BASES, null, null);
        }
        if (r == null) {
            r = ctx.ref(Check.CYCLE, null, null);
        }
        if (r == null) {
            r = ctx.ref(Check.DISCONNECTED_BRANCH, null, null);
        }
        if (r == null) {
            r = ctx.ref(Check.MULTIPLE_HEADS, null, null);
        }
        return r;
    }

    /** A linear chain already: one base, one head, every revision one resolvable parent. */
    private static boolean isLine(RevisionGraph g) {
        if (new LinkedHashSet<>(g.heads()).size() != 1 || new LinkedHashSet<>(g.bases()).size() != 1) {
            return false;
        }
        Set<String> ids = new HashSet<>(g.revisionIds());
        for (RevisionNode n : g.nodes()) {
            if (n.shadowed()
                    || n.parentsUnknown()
                    || n.downRevisions().size() > 1
                    || n.children().size() > 1
                    || !ids.containsAll(n.downRevisions())) {
                return false;
            }
        }
        if (g.nodes().size() != ids.size()) {
            return false;
        }
        // a loop cut off from the base has neither base nor head: walk the line and count
        int seen = 0;
        String cur = g.bases().get(0);
        while (cur != null && seen <= ids.size()) {
            seen++;
            List<String> ch = g.node(cur).map(RevisionNode::children).orElse(List.of());
            cur = ch.size() == 1 ? ch.get(0) : null;
        }
        return seen == ids.size();
    }
}
