package io.revchain.repair.planning;

import io.revchain.analysis.Similarity;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.PyRepr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * Decides how to repair one migration chain: findings + graph + policy + strategy → an ordered, verified
 * {@link RepairPlan}. Pure: it works on the files' bytes in memory and never touches the disk.
 *
 * <p>Common to both strategies: a duplicated revision id keeps its deployed copy (else the one added first) and
 * the other copies get a fresh id derived from the old id and path; a branch label another revision already owns
 * is dropped; a {@code down_revision} naming a branch label is pointed at the revision carrying it; a self-loop is
 * cut. Then {@link Strategy#MERGE} adds placeholders for missing revisions, cuts each cycle at the link that most
 * contradicts Create Date order, and joins the heads with one merge revision (under policy {@code alembic} only
 * when the heads are not distinct labelled branches); {@link Strategy#LINEARIZE} orders the revisions by Create
 * Date, filename prefix, commit and id, keeping every existing link the dates do not contradict (a topological
 * order that prefers the earliest key), resolves typos of existing ids, adds placeholders for ids that exist
 * nowhere, and re-points the rest into one chain. Revisions named deployed, and their ancestors, are never
 * re-pointed: {@code linearize} then chains the other revisions after them, through a merge revision when they
 * sit on several branches. Last, docstring {@code Revision ID:}/{@code Revises:} lines are made to match, clashing
 * numeric prefixes get the next free letter ({@code 004_x.py} → {@code 004b_x.py}) and, under {@code acgs2}, the
 * marker is added where it is missing. No file is ever deleted.
 *
 * <p>Every plan is applied in memory, re-parsed and re-analysed: it is {@code verified} only when every finding it
 * claims to fix is gone and no new error appeared. Ids of new revisions are derived from their content (merge: the
 * heads joined), so the same input gives the same plan byte for byte.
 */
public final class RepairPlanner {

    private static final Pattern FIRST_DIGITS = Pattern.compile("^(\\d+)_");

    /** Plans, verifies and returns the repair of one chain; never throws on bad input. */
    public RepairPlan plan(RepairRequest request) {
        return plan("", request);
    }

    /** As {@link #plan(RepairRequest)}, naming the chain's {@code location} in the result. */
    public RepairPlan plan(String location, RepairRequest request) {
        return new Run(location, request).run();
    }

    /** A fresh 12-hex id derived from {@code parts}; what Alembic's {@code rev_id()} looks like, but repeatable. */
    static String derivedId(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** One planning run: the workspace and everything decided so far. */
    private static final class Run {
        final String location;
        final RepairRequest req;
        final Policy policy;
        final Workspace ws;
        final FolderStyle style;
        final List<RepairAction> actions = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<Finding> original;

        Run(String location, RepairRequest req) {
            this.location = location;
            this.req = req;
            this.policy = req.policy();
            this.ws = new Workspace(req.files(), req.versionLocations(), policy.marker());
            this.style = FolderStyle.infer(ws, req.template());
            this.original = analyse().findings();
        }

        ChainAnalysis analyse() {
            return ChainAnalysis.of(ws.scripts(), policy);
        }

        RevisionGraph graph() {
            return RevisionGraph.of(ws.scripts());
        }

        RepairPlan run() {
            commonFixes();
            if (req.strategy() == Strategy.MERGE) {
                merge();
            } else {
                linearize();
            }
            docstrings();
            prefixes();
            markers();
            return verify();
        }

        // ---- bookkeeping --------------------------------------------------------------------------------------

        void act(ActionKind kind, String file, String newFile, String revision, FindingRef fixes, String reason,
                 Risk risk) {
            actions.add(new RepairAction(kind, file, newFile, revision, fixes, reason, risk));
        }

        /** The original finding of {@code check} about {@code revision} (or {@code file}), or {@code null}. */
        FindingRef ref(Check check, String revision, String file) {
            Finding byFile = null;
            for (Finding f : original) {
                if (!f.is(check)) {
                    continue;
                }
                if (check.describesChainShape() && revision == null && file == null) {
                    return FindingRef.of(f);
                }
                if (revision != null && (revision.equals(f.revision()) || f.revisions().contains(revision))) {
                    if (file == null || file.equals(f.file())) {
                        return FindingRef.of(f);
                    }
                    byFile = byFile == null ? f : byFile;
                } else if (file != null && file.equals(f.file()) && byFile == null) {
                    byFile = f;
                }
            }
            return byFile == null ? null : FindingRef.of(byFile);
        }

        boolean anyOriginal(Check check) {
            return original.stream().anyMatch(f -> f.is(check));
        }

        OrderKey key(RevisionNode n) {
            MigrationScript s = n.script();
            String orig = ws.originalPath(s.path());
            return OrderKey.of(s.docstring().createDate(), s.fileName(),
                    req.commitOrder().get(orig == null ? s.path() : orig), n.id());
        }

        char quote(String path) {
            return ws.quoteOf(path, style.quote());
        }

        boolean setDown(String path, List<String> values) {
            MigrationScript s = ws.script(path);
            if (s.downRevision().state() == FieldState.NON_LITERAL || s.downRevision().state() == FieldState.WRONG_TYPE) {
                notes.add(path + ": down_revision is computed or of the wrong type; revchain does not overwrite it");
                return false;
            }
            if (!ws.setField(path, s.downRevision(), FolderStyle.literal(values, quote(path)))) {
                notes.add(path + " cannot be edited (not UTF-8 text as written, or no revision variable)");
                return false;
            }
            return true;
        }

        // ---- fixes both strategies make -------------------------------------------------------------------------

        void commonFixes() {
            duplicates();
            labelConflicts();
            RevisionGraph g = graph();
            Map<String, String> owners = g.branchLabelOwners();
            Set<String> ids = new HashSet<>(g.revisionIds());
            for (RevisionNode n : g.nodes()) {
                if (n.parentsUnknown() || !n.script().downRevision().isLiteral()) {
                    continue;
                }
                List<String> down = new ArrayList<>(n.downRevisions());
                List<String> fixed = new ArrayList<>();
                String why = null;
                FindingRef fixes = null;
                for (String d : down) {
                    if (d.equals(n.id())) {
                        why = "down_revision names the revision itself (self-loop); the link is cut";
                        fixes = ref(Check.SELF_LOOP, n.id(), n.path());
                    } else if (d.isEmpty()) {
                        why = "down_revision holds the empty string; it is removed";
                        fixes = ref(Check.EMPTY_DOWN_REVISION, null, n.path());
                    } else if (!ids.contains(d) && owners.containsKey(d)) {
                        String owner = owners.get(d);
                        fixed.add(owner);
                        why = "down_revision '" + d + "' is a branch label, not a revision id: it is the label of '"
                                + owner + "'";
                        fixes = ref(Check.DOWN_REVISION_IS_LABEL, n.id(), n.path());
                    } else {
                        fixed.add(d);
                    }
                }
                boolean emptyScalar = n.script().downRevision().emptyString() && policy.isAcgs2();
                if (emptyScalar) {
                    why = "down_revision = '' (a base for Alembic 1.8.1, a broken reference for later releases); "
                            + "written as None";
                    fixes = ref(Check.EMPTY_DOWN_REVISION, null, n.path());
                }
                List<String> dedup = new ArrayList<>(new LinkedHashSet<>(fixed));
                if ((why != null && !dedup.equals(down)) || emptyScalar) {
                    if (setDown(n.path(), dedup)) {
                        act(ActionKind.SET_DOWN_REVISION, n.path(), null, n.id(), fixes,
                                why + " (now " + FolderStyle.literal(dedup, '\'') + ")", Risk.MEDIUM);
                    }
                }
            }
        }

        void duplicates() {
            RevisionGraph g = graph();
            Set<String> prot = protectedSet(g);
            Set<String> done = new HashSet<>();
            for (RevisionNode n : g.nodes()) {
                if (!done.add(n.id())) {
                    continue;
                }
                List<RevisionNode> copies = g.nodesWithId(n.id());
                if (copies.size() < 2) {
                    continue;
                }
                RevisionNode keep;
                if (prot.contains(n.id())) {
                    // deployed (or an ancestor of a deployed revision): the copy Alembic ran keeps the id
                    keep = copies.stream().filter(c -> !c.shadowed()).findFirst().orElse(copies.get(copies.size() - 1));
                } else {
                    keep = copies.stream().min(Comparator.comparing(this::key)
                            .thenComparing(c -> c.path())).orElseThrow();
                }
                for (RevisionNode c : copies) {
                    if (c == keep) {
                        continue;
                    }
                    String fresh = derivedId("duplicate", n.id(), c.path());
                    if (!ws.setField(c.path(), c.script().revision(), PyRepr.quoted(fresh, quote(c.path())))) {
                        notes.add(c.path() + " declares the duplicated revision '" + n.id()
                                + "' but cannot be edited; give it a new id by hand");
                        continue;
                    }
                    act(ActionKind.NEW_REVISION_ID, c.path(), null, fresh, ref(Check.DUPLICATE_REVISION, n.id(),
                                    null),
                            "revision '" + n.id() + "' is also declared by " + keep.path() + "; this copy becomes '"
                                    + fresh + "'. A database stamped at '" + n.id() + "' may have run either file: "
                                    + "compare both with its schema before upgrading", Risk.HIGH);
                }
            }
        }

        void labelConflicts() {
            RevisionGraph g = graph();
            Set<String> taken = new HashSet<>(g.revisionIds());
            for (RevisionNode n : g.nodes()) {
                if (n.shadowed() || !n.script().branchLabels().isLiteral()) {
                    continue;
                }
                List<String> own = n.ownBranchLabels();
                List<String> keep = new ArrayList<>();
                List<String> dropped = new ArrayList<>();
                for (String l : own) {
                    if (taken.contains(l) || keep.contains(l)) {
                        dropped.add(l);
                    } else {
                        keep.add(l);
                    }
                }
                taken.addAll(keep);
                boolean dupInSource = n.script().branchLabels().source() != null && own.size() < countItems(
                        n.script().branchLabels().source());
                if (dropped.isEmpty() && !dupInSource) {
                    continue;
                }
                if (ws.setField(n.path(), n.script().branchLabels(), FolderStyle.literal(keep, quote(n.path())))) {
                    act(ActionKind.DROP_BRANCH_LABEL, n.path(), null, n.id(),
                            ref(Check.BRANCH_LABEL_CONFLICT, n.id(), n.path()),
                            "branch label(s) " + (dropped.isEmpty() ? "repeated in the same file" : dropped)
                                    + " already belong to another revision (or are a revision id); dropped here",
                            Risk.MEDIUM);
                }
            }
        }

        private static int countItems(String source) {
            int n = 0;
            boolean in = false;
            char q = 0;
            for (char c : source.toCharArray()) {
                if (in && c == q) {
                    in = false;
                    n++;
                } else if (!in && (c == '\'' || c == '"')) {
                    in = true;
                    q = c;
                }
            }
            return n;
        }

        // ---- merge ---------------------------------------------------------------------------------------------

        void merge() {
            RevisionGraph g = graph();
            Set<String> known = new HashSet<>(g.revisionIds());
            known.addAll(g.branchLabelOwners().keySet());
            Map<String, List<RevisionNode>> missing = new TreeMap<>();
            for (RevisionNode n : g.nodes()) {
                for (String d : n.downRevisions()) {
                    if (!known.contains(d) && !d.isEmpty()) {
                        missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                    }
                }
                for (String d : n.dependsOn()) {
                    if (!known.contains(d) && !d.isEmpty()) {
                        missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                    }
                }
            }
            for (Map.Entry<String, List<RevisionNode>> e : missing.entrySet()) {
                placeholder(e.getKey(), e.getValue(), List.of());
            }
            cutCycles();
            g = graph();
            List<RevisionNode> heads = distinctNodes(g, g.heads());
            if (heads.size() < 2) {
                if (anyOriginal(Check.MULTIPLE_BASES) && policy.isAcgs2()) {
                    notes.add("several bases remain: strategy merge never re-points an existing revision; use "
                            + "--strategy linearize to make one chain");
                }
                return;
            }
            if (!policy.isAcgs2() && distinctlyLabelled(heads)) {
                notes.add("heads " + heads.stream().map(RevisionNode::id).toList() + " are labelled branches, "
                        + "which Alembic accepts; they are left as they are");
                return;
            }
            heads.sort(Comparator.comparing(this::key));
            mergeRevision(heads.stream().map(RevisionNode::id).toList(), heads, ref(Check.MULTIPLE_HEADS, null, null),
                    "joins the heads " + heads.stream().map(RevisionNode::id).toList()
                            + " as 'alembic merge' would");
            if (anyOriginal(Check.MULTIPLE_BASES) && policy.isAcgs2()) {
                notes.add("several bases remain: strategy merge never re-points an existing revision; use "
                        + "--strategy linearize to make one chain");
            }
        }

        private static boolean distinctlyLabelled(List<RevisionNode> heads) {
            Set<String> seen = new HashSet<>();
            for (RevisionNode h : heads) {
                if (h.branchLabels().isEmpty()) {
                    return false;
                }
                for (String l : h.branchLabels()) {
                    if (!seen.add(l)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static List<RevisionNode> distinctNodes(RevisionGraph g, List<String> ids) {
            List<RevisionNode> out = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                g.node(id).ifPresent(out::add);
            }
            return out;
        }

        /** Cuts each down_revision cycle at the link that most contradicts Create Date order. */
        void cutCycles() {
            for (int round = 0; round < 1000; round++) {
                RevisionGraph g = graph();
                Graph<String, DefaultEdge> dg = new DirectedPseudograph<>(DefaultEdge.class);
                for (RevisionNode n : g.nodes()) {
                    if (!n.shadowed()) {
                        dg.addVertex(n.id());
                    }
                }
                for (RevisionNode n : g.nodes()) {
                    if (n.shadowed()) {
                        continue;
                    }
                    for (String d : n.downRevisions()) {
                        if (dg.containsVertex(d) && !d.equals(n.id())) {
                            dg.addEdge(d, n.id());
                        }
                    }
                }
                Set<String> protectedIds = protectedSet(g);
                String[] cut = null;
                OrderKey[] worst = null;
                for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(dg).stronglyConnectedSets()) {
                    if (scc.size() < 2) {
                        continue;
                    }
                    for (String c : new java.util.TreeSet<>(scc)) {
                        RevisionNode child = g.node(c).orElseThrow();
                        if (protectedIds.contains(c) || !child.script().downRevision().isLiteral()) {
                            continue;
                        }
                        for (String p : child.downRevisions()) {
                            if (!scc.contains(p)) {
                                continue;
                            }
                            OrderKey pk = key(g.node(p).orElseThrow());
                            OrderKey ck = key(child);
                            if (worst == null || contradiction(pk, ck, worst[0], worst[1]) > 0) {
                                worst = new OrderKey[] {pk, ck};
                                cut = new String[] {p, c};
                            }
                        }
                    }
                    if (cut != null) {
                        break;
                    }
                    notes.add("the cycle through " + new java.util.TreeSet<>(scc) + " runs only through deployed or "
                            + "computed revisions; it is left for a person to cut");
                }
                if (cut == null) {
                    return;
                }
                RevisionNode child = g.node(cut[1]).orElseThrow();
                List<String> down = new ArrayList<>(child.downRevisions());
                down.remove(cut[0]);
                if (!setDown(child.path(), down)) {
                    return;
                }
                act(ActionKind.SET_DOWN_REVISION, child.path(), null, child.id(), ref(Check.CYCLE, null, null),
                        "cuts the down_revision cycle at " + cut[0] + " -> " + cut[1] + ", the link that most "
                                + "contradicts Create Date order (now " + FolderStyle.literal(down, '\'') + ")",
                        Risk.MEDIUM);
            }
        }

        /** Compares how badly two parent→child links contradict the key order (greater = worse). */
        private static int contradiction(OrderKey p1, OrderKey c1, OrderKey p2, OrderKey c2) {
            int a = p1.compareTo(c1);
            int b = p2.compareTo(c2);
            if (Integer.signum(a) != Integer.signum(b)) {
                return Integer.compare(Integer.signum(a), Integer.signum(b));
            }
            int byChild = c2.compareTo(c1);
            return byChild != 0 ? byChild : p1.compareTo(p2);
        }

        /** Deployed revisions and all their ancestors through existing links. */
        Set<String> protectedSet(RevisionGraph g) {
            Set<String> out = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            for (String d : req.deployed()) {
                if (g.node(d).isPresent()) {
                    todo.add(d);
                }
            }
            while (!todo.isEmpty()) {
                String id = todo.pop();
                if (!out.add(id)) {
                    continue;
                }
                g.node(id).ifPresent(n -> {
                    todo.addAll(n.downRevisions());
                    todo.addAll(n.dependencies());
                });
            }
            out.retainAll(new HashSet<>(g.revisionIds()));
            return out;
        }

        // ---- new files -----------------------------------------------------------------------------------------

        /** Creates a placeholder for the missing {@code id} that {@code children} name; returns its path. */
        String placeholder(String id, List<RevisionNode> children, List<String> down) {
            String childList = String.join(", ", children.stream().map(RevisionNode::path).distinct().toList());
            if (id.contains("@") || id.contains("-") || id.contains("+") || id.isBlank()) {
                notes.add("'" + id + "' (named by " + childList + ") is not a valid revision id, so no placeholder "
                        + "can carry it; point those files at the right parent by hand");
                return null;
            }
            String date = children.stream().map(c -> c.script().docstring().createDate()).filter(Objects::nonNull)
                    .min(Comparator.comparing(d -> Objects.requireNonNullElse(OrderKey.normalise(d), d)))
                    .orElse("unknown");
            String name = freeName(FolderStyle.fileName(id, "placeholder for missing revision"));
            String path = folder() + name;
            String text = style.render(id, down, "placeholder for missing revision " + id, date);
            ws.create(path, text);
            ws.appendToDocstring(path, "Placeholder written by revchain: " + childList + "\nname '" + id
                    + "' as a parent, but no file declares it. The original\nmigration's schema changes are lost: "
                    + "upgrade() and downgrade() do nothing.\nIt keeps databases stamped at this id upgradable.");
            if (policy.isAcgs2()) {
                ws.appendToDocstring(path, "Constitutional Hash: " + policy.marker());
            }
            act(ActionKind.CREATE_PLACEHOLDER, path, null, id,
                    ref(Check.MISSING_DOWN_REVISION, children.get(0).id(), children.get(0).path()) != null
                            ? ref(Check.MISSING_DOWN_REVISION, children.get(0).id(), children.get(0).path())
                            : ref(Check.MISSING_DEPENDENCY, children.get(0).id(), children.get(0).path()),
                    childList + " name '" + id + "', which no file declares: an empty placeholder with that id "
                            + "(its schema changes are lost) keeps databases stamped there upgradable", Risk.HIGH);
            return path;
        }

        /** Creates a merge revision over {@code parents}; its id is derived from them. */
        String mergeRevision(List<String> parents, List<RevisionNode> parentNodes, FindingRef fixes, String reason) {
            String id = derivedId(new ArrayList<>(new java.util.TreeSet<>(parents)).toString());
            String date = parentNodes.stream().map(c -> c.script().docstring().createDate())
                    .filter(Objects::nonNull).max(Comparator.comparing(d -> Objects.requireNonNullElse(
                            OrderKey.normalise(d), d))).orElse("unknown");
            String path = folder() + freeName(FolderStyle.fileName(id, "merge heads"));
            ws.create(path, style.render(id, parents, "merge heads", date));
            if (policy.isAcgs2()) {
                ws.appendToDocstring(path, "Constitutional Hash: " + policy.marker());
            }
            act(ActionKind.ADD_MERGE_REVISION, path, null, id, fixes, reason, Risk.LOW);
            return id;
        }

        private String folder() {
            String f = ws.newFileFolder();
            return f.equals(".") || f.isEmpty() ? "" : f + "/";
        }

        /** The file name, with the next free letter after its numeric prefix when another file has that prefix. */
        private String freeName(String name) {
            Set<String> names = new HashSet<>();
            Set<String> prefixes = new HashSet<>();
            for (String p : ws.paths()) {
                String n = p.substring(p.lastIndexOf('/') + 1);
                names.add(n);
                Matcher m = FIRST_DIGITS.matcher(n);
                if (m.find()) {
                    prefixes.add(m.group(1));
                }
            }
            Matcher m = FIRST_DIGITS.matcher(name);
            if (m.find() && prefixes.contains(m.group(1))) {
                name = nextLetter(m.group(1), name.substring(m.group(1).length()), names);
            }
            String base = name;
            for (int i = 2; names.contains(name); i++) {
                name = base.substring(0, base.length() - 3) + "_" + i + ".py";
            }
            return name;
        }

        private static String nextLetter(String digits, String rest, Set<String> names) {
            for (char c = 'b'; c <= 'z'; c++) {
                String prefix = digits + c;
                if (names.stream().noneMatch(n -> n.startsWith(prefix))) {
                    return prefix + rest;
                }
            }
            return digits + "z" + rest;
        }

        // ---- linearize -----------------------------------------------------------------------------------------

        void linearize() {
            RevisionGraph g = graph();
            if (isLine(g)) {
                return;
            }
            Set<String> prot = protectedSet(g);
            Map<String, RevisionNode> live = new LinkedHashMap<>();
            for (String id : g.revisionIds()) {
                live.put(id, g.node(id).orElseThrow());
            }
            Map<String, OrderKey> keys = new HashMap<>();
            live.forEach((id, n) -> keys.put(id, key(n)));
            // parents[child] = resolved parents (existing ids, typo targets, or missing ids to be placeholders)
            Map<String, List<String>> parents = new LinkedHashMap<>();
            Map<String, String> why = new HashMap<>();
            Map<String, List<RevisionNode>> missing = new TreeMap<>();
            for (RevisionNode n : live.values()) {
                List<String> ps = new ArrayList<>();
                for (String d : n.downRevisions()) {
                    if (live.containsKey(d)) {
                        ps.add(d);
                        continue;
                    }
                    String[] typo = prot.contains(n.id()) ? null : typo(d, n, live);
                    if (typo != null) {
                        ps.add(typo[0]);
                        why.put(n.id(), "down_revision '" + d + "' names no revision; it is a typo of '" + typo[0]
                                + "' (" + typo[1] + ")");
                    } else {
                        ps.add(d);
                        missing.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                    }
                }
                parents.put(n.id(), ps);
            }
            // placeholders: dated like their earliest child so that they sort just before it
            Set<String> placeholders = new LinkedHashSet<>();
            for (Map.Entry<String, List<RevisionNode>> e : missing.entrySet()) {
                String id = e.getKey();
                if (id.contains("@") || id.contains("-") || id.contains("+") || id.isBlank()) {
                    notes.add("'" + id + "' is not a valid revision id, so no placeholder can carry it; the link "
                            + "is re-pointed instead");
                    for (RevisionNode c : e.getValue()) {
                        parents.get(c.id()).remove(id);
                    }
                    continue;
                }
                placeholders.add(id);
                String date = e.getValue().stream().map(c -> keys.get(c.id()).date()).filter(Objects::nonNull)
                        .min(Comparator.naturalOrder()).orElse(null);
                keys.put(id, new OrderKey(date, OrderKey.prefix(FolderStyle.fileName(id, "p")), -1, id));
                parents.put(id, new ArrayList<>());
                if (e.getValue().stream().anyMatch(c -> prot.contains(c.id()))) {
                    prot.add(id);
                }
            }
            Set<String> all = new LinkedHashSet<>(parents.keySet());
            // links the dates contradict are re-pointed (unless a deployed revision would move)
            for (String c : all) {
                if (!prot.contains(c)) {
                    parents.get(c).removeIf(p -> keys.get(p).datedAfter(keys.get(c)));
                }
            }
            breakCycles(all, parents, keys, prot);
            List<String> order = new ArrayList<>();
            Set<String> protAll = new LinkedHashSet<>();
            for (String id : all) {
                if (prot.contains(id)) {
                    protAll.add(id);
                }
            }
            order.addAll(kahn(protAll, parents, keys, Set.of()));
            Set<String> rest = new LinkedHashSet<>(all);
            rest.removeAll(protAll);
            // an existing merge of the deployed heads (from an earlier run) stays the anchor
            List<String> protHeads = new ArrayList<>();
            for (String id : order) {
                boolean hasChild = protAll.stream().anyMatch(c -> parents.get(c).contains(id));
                if (!hasChild) {
                    protHeads.add(id);
                }
            }
            String anchor = protHeads.size() == 1 ? protHeads.get(0) : null;
            if (protHeads.size() > 1) {
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
            List<String> restOrder = kahn(rest, parents, keys, protAll);
            // create placeholders (in order) and decide each revision's parent
            Map<String, List<String>> desired = new LinkedHashMap<>();
            String prev = null;
            for (String id : order) {
                desired.put(id, placeholders.contains(id) ? List.of() : null);
                prev = id;
            }
            if (protHeads.size() > 1 && anchor == null) {
                anchor = "(merge)";
                notes.add("deployed revisions " + req.deployed().stream().sorted().toList() + " sit on "
                        + protHeads.size() + " branches that cannot be rewritten; linearize joins them with a merge "
                        + "revision and chains the other revisions after it");
                desired.put(anchor, protHeads);
            }
            if (!protAll.isEmpty()) {
                prev = anchor != null ? anchor : protHeads.isEmpty() ? null : protHeads.get(protHeads.size() - 1);
            }
            for (String id : restOrder) {
                desired.put(id, prev == null ? List.of() : List.of(prev));
                prev = id;
            }
            if (protAll.stream().filter(id -> parents.get(id).isEmpty()).count() > 1) {
                notes.add("several bases among the deployed revisions and their ancestors remain: they cannot be "
                        + "re-pointed without rewriting deployed history");
            }
            apply(order, restOrder, desired, placeholders, missing, live, why, protHeads);
        }

        private void apply(List<String> order, List<String> restOrder, Map<String, List<String>> desired,
                           Set<String> placeholders, Map<String, List<RevisionNode>> missing,
                           Map<String, RevisionNode> live, Map<String, String> why, List<String> protHeads) {
            Map<String, String> mergeId = new HashMap<>();
            List<String> sequence = new ArrayList<>(order);
            if (desired.containsKey("(merge)")) {
                sequence.add("(merge)");
            }
            sequence.addAll(restOrder);
            for (String id : sequence) {
                List<String> want = desired.get(id);
                if (want != null) {
                    want = want.stream().map(p -> mergeId.getOrDefault(p, p)).toList();
                }
                if (id.equals("(merge)")) {
                    List<RevisionNode> ns = protHeads.stream().map(live::get).filter(Objects::nonNull).toList();
                    String m = mergeRevision(protHeads, ns, ref(Check.MULTIPLE_HEADS, null, null),
                            "joins the deployed branches " + protHeads + ", which linearize may not rewrite");
                    mergeId.put("(merge)", m);
                    continue;
                }
                if (placeholders.contains(id)) {
                    placeholder(id, missing.get(id), want == null ? List.of() : want);
                    continue;
                }
                RevisionNode n = live.get(id);
                if (want == null || n == null) {
                    continue;
                }
                List<String> now = n.script().downRevision().isLiteral() ? n.downRevisions() : null;
                if (want.equals(now) && !n.script().downRevision().emptyString()) {
                    continue;
                }
                if (!setDown(n.path(), want)) {
                    continue;
                }
                String reason = why.containsKey(id) && want.size() == 1 && why.get(id).contains("'" + want.get(0) + "'")
                        ? why.get(id)
                        : (now == null || now.isEmpty() ? "base" : "down_revision " + FolderStyle.literal(now, '\''))
                                + " re-pointed to " + FolderStyle.literal(want, '\'')
                                + ": the revision before it in the linear chain (Create Date order)";
                act(ActionKind.SET_DOWN_REVISION, n.path(), null, id, fixesFor(n, now), reason, Risk.MEDIUM);
            }
        }

        private FindingRef fixesFor(RevisionNode n, List<String> now) {
            FindingRef r = ref(Check.MISSING_DOWN_REVISION, n.id(), n.path());
            if (r == null) {
                r = ref(Check.UNDEFINED_DOWN_REVISION, n.id(), n.path());
            }
            if (r == null && now != null && now.isEmpty()) {
                r = ref(Check.MULTIPLE_BASES, null, null);
            }
            if (r == null) {
                r = ref(Check.CYCLE, null, null);
            }
            if (r == null) {
                r = ref(Check.DISCONNECTED_BRANCH, null, null);
            }
            if (r == null) {
                r = ref(Check.MULTIPLE_HEADS, null, null);
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
                if (n.shadowed() || n.parentsUnknown() || n.downRevisions().size() > 1
                        || n.children().size() > 1 || !ids.containsAll(n.downRevisions())) {
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

        /** The existing id a broken reference most likely meant, and why; {@code null} when none is clear. */
        private String[] typo(String missing, RevisionNode from, Map<String, RevisionNode> live) {
            Docstring d = from.script().docstring();
            if (d.revises() != null) {
                for (String r : d.revises().split(",")) {
                    String t = r.trim();
                    if (!t.isEmpty() && !t.equals(missing) && !t.equals(from.id()) && live.containsKey(t)) {
                        return new String[] {t, "the docstring's Revises: line names it"};
                    }
                }
            }
            for (RevisionNode r : live.values()) {
                String stem = r.script().fileName().replaceFirst("\\.py$", "");
                if (!r.id().equals(from.id()) && (missing.equals(stem) || missing.equals(r.script().fileName()))) {
                    return new String[] {r.id(), "the file name of " + r.path() + " was used instead of its id"};
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
                return new String[] {prefixed.get(0), "the only id that starts with it, or that it starts with"};
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
                return new String[] {best, bestDist + " character(s) apart"};
            }
            return null;
        }


        /** Drops, in each cycle, the link that most contradicts the key order (never a deployed revision's). */
        private void breakCycles(Set<String> all, Map<String, List<String>> parents, Map<String, OrderKey> keys,
                                 Set<String> prot) {
            for (String c : all) {
                if (!prot.contains(c)) {
                    parents.get(c).remove(c);
                }
            }
            for (int round = 0; round < all.size() + 1; round++) {
                Graph<String, DefaultEdge> dg = new DirectedPseudograph<>(DefaultEdge.class);
                all.forEach(dg::addVertex);
                for (String c : all) {
                    for (String p : parents.get(c)) {
                        if (dg.containsVertex(p)) {
                            dg.addEdge(p, c);
                        }
                    }
                }
                String[] cut = null;
                for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(dg).stronglyConnectedSets()) {
                    if (scc.size() < 2) {
                        continue;
                    }
                    for (String c : new java.util.TreeSet<>(scc)) {
                        if (prot.contains(c)) {
                            continue;
                        }
                        for (String p : parents.get(c)) {
                            if (scc.contains(p) && (cut == null || contradiction(keys.get(p), keys.get(c),
                                    keys.get(cut[0]), keys.get(cut[1])) > 0)) {
                                cut = new String[] {p, c};
                            }
                        }
                    }
                    if (cut != null) {
                        break;
                    }
                }
                if (cut == null) {
                    return;
                }
                parents.get(cut[1]).remove(cut[0]);
            }
        }

        /** Kahn's topological order of {@code nodes}, always taking the smallest key; {@code done} count as placed. */
        private static List<String> kahn(Set<String> nodes, Map<String, List<String>> parents,
                                         Map<String, OrderKey> keys, Set<String> done) {
            Map<String, Integer> waiting = new HashMap<>();
            Map<String, List<String>> children = new HashMap<>();
            for (String c : nodes) {
                int w = 0;
                for (String p : new LinkedHashSet<>(parents.get(c))) {
                    if (nodes.contains(p)) {
                        w++;
                        children.computeIfAbsent(p, k -> new ArrayList<>()).add(c);
                    }
                }
                waiting.put(c, w);
            }
            PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(keys::get));
            for (String c : nodes) {
                if (waiting.get(c) == 0) {
                    ready.add(c);
                }
            }
            List<String> out = new ArrayList<>();
            while (!ready.isEmpty()) {
                String n = ready.poll();
                out.add(n);
                for (String c : children.getOrDefault(n, List.of())) {
                    if (waiting.merge(c, -1, Integer::sum) == 0) {
                        ready.add(c);
                    }
                }
            }
            if (out.size() < nodes.size()) {
                // only a cycle through deployed revisions gets here; keep them in key order after the rest
                List<String> left = new ArrayList<>(nodes);
                left.removeAll(out);
                left.sort(Comparator.comparing(keys::get));
                out.addAll(left);
            }
            return out;
        }

        // ---- consistency: docstrings, prefixes, marker ----------------------------------------------------------

        void docstrings() {
            for (MigrationScript s : ws.scripts()) {
                String id = s.revisionId();
                Docstring d = s.docstring();
                if (id == null || !ws.editable(s.path())) {
                    continue;
                }
                if (d.revisionId() != null && d.revisionIdLine() > 0 && !d.revisionId().trim().equals(id)) {
                    FindingRef r = ref(Check.DOCSTRING_MISMATCH, id, s.path());
                    if (ws.setDocLine(s.path(), d.revisionIdLine(), "Revision ID", id)) {
                        act(ActionKind.REWRITE_DOCSTRING, s.path(), null, id, r,
                                "docstring 'Revision ID: " + d.revisionId().trim() + "' now matches revision = '" + id
                                        + "'", Risk.LOW);
                    }
                }
                s = ws.script(s.path());
                d = s.docstring();
                if (d.revises() != null && d.revisesLine() > 0 && s.downRevision().isLiteral()) {
                    List<String> said = new ArrayList<>();
                    for (String x : d.revises().split(",")) {
                        if (!x.trim().isEmpty()) {
                            said.add(x.trim());
                        }
                    }
                    List<String> down = s.downRevisions();
                    if (!new LinkedHashSet<>(said).equals(new LinkedHashSet<>(down))) {
                        FindingRef r = ref(Check.DOCSTRING_MISMATCH, id, ws.originalPath(s.path()));
                        if (ws.setDocLine(s.path(), d.revisesLine(), "Revises", String.join(", ", down))) {
                            act(ActionKind.REWRITE_DOCSTRING, s.path(), null, id, r,
                                    "docstring 'Revises: " + String.join(", ", said) + "' now matches down_revision",
                                    Risk.LOW);
                        }
                    }
                }
            }
        }

        void prefixes() {
            Map<String, List<MigrationScript>> byPrefix = new TreeMap<>();
            for (MigrationScript s : ws.scripts()) {
                Matcher m = FIRST_DIGITS.matcher(s.fileName());
                if (m.find()) {
                    byPrefix.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(s);
                }
            }
            RevisionGraph g = graph();
            for (Map.Entry<String, List<MigrationScript>> e : byPrefix.entrySet()) {
                List<MigrationScript> group = new ArrayList<>(e.getValue());
                if (group.size() < 2) {
                    continue;
                }
                group.sort(Comparator.comparing((MigrationScript s) -> scriptKey(g, s))
                        .thenComparing(MigrationScript::path));
                for (MigrationScript s : group.subList(1, group.size())) {
                    Set<String> names = new HashSet<>();
                    for (String p : ws.paths()) {
                        names.add(p.substring(p.lastIndexOf('/') + 1));
                    }
                    String rest = s.fileName().substring(e.getKey().length());
                    String newName = nextLetter(e.getKey(), rest, names);
                    String dir = s.path().substring(0, s.path().length() - s.fileName().length());
                    String newPath = dir + newName;
                    FindingRef r = ref(Check.DUPLICATE_PREFIX, null, ws.originalPath(s.path()));
                    ws.rename(s.path(), newPath);
                    act(ActionKind.RENAME_FILE, s.path(), newPath, s.revisionId(), r,
                            "prefix '" + e.getKey() + "_' is shared with " + group.get(0).fileName()
                                    + ", which comes first in the chain; the next free letter keeps the files in "
                                    + "chain order", Risk.LOW);
                }
            }
        }

        private OrderKey scriptKey(RevisionGraph g, MigrationScript s) {
            String id = s.revisionId();
            for (RevisionNode n : g.nodes()) {
                if (n.script().path().equals(s.path())) {
                    return key(n);
                }
            }
            return OrderKey.of(s.docstring().createDate(), s.fileName(), null, id == null ? s.path() : id);
        }

        void markers() {
            if (!policy.isAcgs2() || !policy.runs(Check.MISSING_CONSTITUTIONAL_HASH)) {
                return;
            }
            for (MigrationScript s : ws.scripts()) {
                if (s.hasMarker() || !ws.editable(s.path())) {
                    continue;
                }
                FindingRef r = ref(Check.MISSING_CONSTITUTIONAL_HASH, null, ws.originalPath(s.path()));
                if (ws.appendToDocstring(s.path(), "Constitutional Hash: " + policy.marker())) {
                    act(ActionKind.ADD_MARKER, s.path(), null, s.revisionId(), r,
                            "policy acgs2: every migration carries the constitutional hash '" + policy.marker() + "'",
                            Risk.LOW);
                }
            }
        }

        // ---- verification ---------------------------------------------------------------------------------------

        RepairPlan verify() {
            ChainAnalysis after = analyse();
            Map<String, String> renamed = new HashMap<>();
            for (FileChange c : ws.changes()) {
                if (c.oldPath() != null) {
                    renamed.put(c.oldPath(), c.newPath());
                }
            }
            List<Finding> beforeErrors = new ArrayList<>(req.otherFindings().stream().filter(Finding::isError).toList());
            beforeErrors.addAll(original.stream().filter(Finding::isError).toList());
            List<Finding> remaining = new ArrayList<>(req.otherFindings().stream().filter(Finding::isError).toList());
            remaining.addAll(after.findings().stream().filter(Finding::isError).toList());
            boolean verified = true;
            List<String> why = new ArrayList<>();
            for (RepairAction a : actions) {
                FindingRef r = a.fixes();
                if (r == null) {
                    continue;
                }
                for (Finding f : after.findings()) {
                    if (matches(r, f, renamed)) {
                        verified = false;
                        why.add("still present after the repair: " + f.check() + " " + (f.file() == null ? ""
                                : f.file()) + ": " + f.message());
                        break;
                    }
                }
            }
            for (Finding f : after.findings()) {
                if (f.isError() && beforeErrors.stream().noneMatch(b -> matches(FindingRef.of(b), f, renamed))) {
                    verified = false;
                    why.add("new error the repair would cause: " + f.check() + " " + (f.file() == null ? ""
                            : f.file()) + ": " + f.message());
                }
            }
            List<String> allNotes = new ArrayList<>(notes);
            allNotes.addAll(new LinkedHashSet<>(why));
            return new RepairPlan(location, req.strategy(), policy.name(), actions, ws.changes(), verified,
                    beforeErrors, remaining, allNotes);
        }

        private static boolean matches(FindingRef r, Finding f, Map<String, String> renamed) {
            if (!r.check().equals(f.check())) {
                return false;
            }
            if (f.kind().filter(Check::describesChainShape).isPresent()) {
                return true;
            }
            if (r.revision() != null && r.revision().equals(f.revision())) {
                return true;
            }
            if (r.revision() == null && r.file() != null) {
                String now = renamed.getOrDefault(r.file(), r.file());
                return now.equals(f.file()) || r.file().equals(f.file());
            }
            return false;
        }
    }
}
