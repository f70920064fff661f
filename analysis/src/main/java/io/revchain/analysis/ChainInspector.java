package io.revchain.analysis;

import io.revchain.analysis.AlembicBuild.LoadProblem;
import io.revchain.analysis.AlembicBuild.Rev;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.alembic.RevisionIdRule;
import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.PyRepr;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.MaskSubgraph;

/**
 * Decides every problem of one migration chain in a single pass, so a user fixes them all at once instead of
 * meeting Alembic's errors one crash at a time. Each {@link Finding} names the files and line involved, says what
 * to do, and says what real Alembic 1.8.1 does in that state; severities follow the {@link Policy}.
 *
 * <p>Findings are ordered by file, then line, then check name (chain-wide findings without a file last).
 */
public final class ChainInspector {

    private static final String TRACEBACK = " on every command (traceback, exit 1)";

    private final RevisionGraph graph;
    private final AlembicBuild build;
    private final Policy policy;
    private final AlembicOutcome outcome;
    private final List<Finding> findings;

    public ChainInspector(RevisionGraph graph, Policy policy) {
        this.graph = graph;
        this.build = graph.build();
        this.policy = policy == null ? Policy.alembic() : policy;
        this.outcome = graph.outcome();
        this.findings = inspect(false);
    }

    /** Only the checks that look at one file at a time (see {@link #fileFindings}). */
    private ChainInspector(AlembicBuild build, Policy policy) {
        this.graph = null;
        this.build = build;
        this.policy = policy == null ? Policy.alembic() : policy;
        this.outcome = null;
        this.findings = inspect(true);
    }

    /**
     * The findings of a folder that holds {@code script} alone, without those of the checks that relate several
     * files (duplicates, references, labels, cycles, bases, heads, disconnected pieces, prefixes): what
     * {@code new ChainInspector(RevisionGraph.of(List.of(script)), policy)} finds minus those checks, without
     * building the graph or replaying Alembic's walk. The incremental analysis keeps these per file.
     */
    public static List<Finding> fileFindings(MigrationScript script, Policy policy) {
        return new ChainInspector(
                        AlembicBuild.of(
                                List.of(script), true, policy != null ? policy.release() : AlembicRelease.ORACLE),
                        policy)
                .findings;
    }

    /** Every finding, immutable, in a deterministic order. */
    public List<Finding> findings() {
        return findings;
    }

    /** The order of the findings. */
    private static final Comparator<Finding> ORDER = Comparator.comparing(
                    (Finding f) -> f.file() == null ? "\uffff" : f.file())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check)
            .thenComparing(f -> f.revision() == null ? "" : f.revision())
            .thenComparing(Finding::message);

    /**
     * The most findings of one chain-wide check a chain reports; the rest are one more finding of that check saying
     * how many there were. A hostile file with 100,000 broken references yields 1,001 findings, not 100,000.
     */
    public static final int FINDINGS_PER_CHECK = 1000;

    /** The findings list of a chain: past {@link #FINDINGS_PER_CHECK} of a chain-wide check, only counts. */
    private static final class Budgeted extends ArrayList<Finding> {
        private final Map<String, Integer> kept = new HashMap<>();
        private final Map<String, Finding> firstDropped = new TreeMap<>();
        private final Map<String, Integer> dropped = new HashMap<>();

        @Override
        public boolean add(Finding f) {
            if (relatesFiles(f) && kept.merge(f.check(), 1, Integer::sum) > FINDINGS_PER_CHECK) {
                firstDropped.putIfAbsent(f.check(), f);
                dropped.merge(f.check(), 1, Integer::sum);
                return false;
            }
            return super.add(f);
        }

        /** One finding per check that went over its budget. */
        void summarise() {
            for (Map.Entry<String, Finding> e : firstDropped.entrySet()) {
                int n = dropped.get(e.getKey());
                super.add(new Finding(
                        e.getKey(),
                        e.getValue().severity(),
                        null,
                        null,
                        0,
                        String.format(
                                Locale.ROOT,
                                "… and %,d more %s finding(s) in this chain: only the "
                                        + "first %,d are listed; fix those and check again",
                                n,
                                e.getKey(),
                                FINDINGS_PER_CHECK),
                        null,
                        List.of()));
            }
        }
    }

    /** @param fileLocal skip the checks that relate several files (each of them only adds findings) */
    private List<Finding> inspect(boolean fileLocal) {
        Budgeted out = new Budgeted();
        for (MigrationScript s : build.files) {
            out.addAll(s.problems());
        }
        loadProblems(out);
        if (!fileLocal) {
            duplicates(out);
            brokenReferences(out);
            labelConflicts(out);
            cycles(out);
            shape(out);
        }
        docstrings(out);
        for (MigrationScript s : build.files) {
            RevisionIdHygiene.fileFindings(s, policy, out);
        }
        if (!fileLocal) {
            prefixes(out);
            RevisionIdHygiene.chainFindings(build.files, policy, out);
        }
        marker(out);
        out.summarise();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : out) {
            if (policy.runs(f)) {
                kept.add(policy.apply(f));
            }
        }
        kept.sort(ORDER);
        return List.copyOf(kept);
    }

    /** Whether the finding's check relates several files ({@link Check#relatesFiles()}): capped, never a file's own. */
    public static boolean relatesFiles(Finding f) {
        return f.kind().filter(Check::relatesFiles).isPresent();
    }

    private static Finding finding(
            Check check,
            Severity s,
            String rev,
            String file,
            int line,
            String message,
            String alembic,
            List<String> revisions) {
        return new Finding(check, s, rev, file, line, message, alembic, revisions);
    }

    private static int line(Field f) {
        return Math.max(f.line(), 0);
    }

    /**
     * Where a value quoted in a message was written when the file names a constant rather than a literal
     * ({@code " (from mypkg/cli.py:1 EXPAND_BRANCH)"}), else {@code ""}: the user has to edit that file, not this one.
     */
    private static String from(Field f) {
        return f == null || f.origin() == null ? "" : " (from " + f.origin() + ")";
    }

    // ---- files Alembic cannot load ------------------------------------------------------------------------

    private void loadProblems(List<Finding> out) {
        for (LoadProblem p : build.loadProblems) {
            MigrationScript s = p.script();
            String file = s.path();
            String how = p.error().exception() == null ? "" : describe(p.error());
            switch (p.check()) {
                case MISSING_REVISION_ID ->
                    out.add(finding(
                            p.check(),
                            Severity.ERROR,
                            null,
                            file,
                            1,
                            file + " sets no 'revision' variable and its name is not '<hex id>.py': add "
                                    + "revision = '<id>' (and down_revision) or move the file out of the versions folder",
                            how + " on every command",
                            List.of()));
                case UNDEFINED_DOWN_REVISION ->
                    out.add(finding(
                            p.check(),
                            Severity.ERROR,
                            id(s),
                            file,
                            line(s.revision()),
                            file + " sets revision but no 'down_revision': add down_revision = None "
                                    + "for a base, or the id of its parent",
                            how + TRACEBACK,
                            ids(s)));
                case INVALID_REVISION_ID ->
                    out.add(finding(
                            p.check(),
                            Severity.ERROR,
                            id(s),
                            file,
                            line(s.revision()),
                            file + ": revision id '" + id(s) + "'" + from(s.revision())
                                    + " contains a character Alembic forbids ("
                                    + RevisionIdRule.forbiddenList(policy.release())
                                    + "): rename it and every down_revision/depends_on naming it",
                            how + TRACEBACK,
                            ids(s)));
                case SELF_LOOP -> {
                    boolean dep = "DependencyLoopDetected".equals(p.error().exception());
                    out.add(finding(
                            p.check(),
                            Severity.ERROR,
                            id(s),
                            file,
                            line(dep ? s.dependsOn() : s.downRevision()),
                            file + ": revision '" + id(s) + "' names "
                                    + "itself in "
                                    + (dep
                                            ? "depends_on" + from(s.dependsOn())
                                            : "down_revision" + from(s.downRevision()))
                                    + ": point it at its real parent",
                            how + TRACEBACK,
                            ids(s)));
                }
                default -> {}
            }
        }
    }

    private static String id(MigrationScript s) {
        return s.revisionId();
    }

    private static List<String> ids(MigrationScript s) {
        return s.revisionId() == null ? List.of() : List.of(s.revisionId());
    }

    private static String describe(PyError e) {
        return e.isCommandError()
                ? "FAILED: " + e.message() + " (exit 255)"
                : e.module() + e.exception() + ": " + e.message();
    }

    // ---- duplicates -------------------------------------------------------------------------------------

    private void duplicates(List<Finding> out) {
        for (Map.Entry<String, List<Rev>> e : build.byId.entrySet()) {
            List<Rev> revs = e.getValue();
            if (revs.size() < 2) {
                continue;
            }
            Rev kept = revs.get(revs.size() - 1);
            // quoted by each of the n-1 findings: summarised, or n files with one id cost n squared
            String files =
                    Py.commaSummary(revs.stream().map(r -> r.script.path()).toList());
            for (Rev r : revs.subList(0, revs.size() - 1)) {
                out.add(finding(
                        Check.DUPLICATE_REVISION,
                        Severity.ERROR,
                        e.getKey(),
                        r.script.path(),
                        line(r.script.revision()),
                        "revision '" + e.getKey() + "' is defined in " + revs.size()
                                + " files (" + files + "): Alembic keeps " + kept.script.path() + " and never runs "
                                + r.script.path() + "; give " + r.script.path() + " a new id (and re-point what "
                                + "should follow it) or delete it",
                        "UserWarning 'Revision " + e.getKey() + " is present more than once', exit 0; the map keeps "
                                + "the last file, both stay in heads",
                        List.of(e.getKey())));
            }
        }
    }

    // ---- references that resolve to nothing (or to a label) ---------------------------------------------

    private void brokenReferences(List<Finding> out) {
        ReferenceGuess guesses = ReferenceGuess.of(graph);
        for (Rev r : build.all) {
            Field df = r.script.downRevision();
            for (String d : r.down) {
                if (build.revMap.containsKey(d)) {
                    continue;
                }
                Rev owner = build.map.get(d);
                if (owner != null) {
                    out.add(finding(
                            Check.DOWN_REVISION_IS_LABEL,
                            Severity.ERROR,
                            r.id,
                            r.script.path(),
                            line(df),
                            r.script.path() + ": down_revision '" + d + "'" + from(df) + " is a branch label (of "
                                    + owner.id + " in " + owner.script.path() + from(owner.script.branchLabels())
                                    + "), not a revision id: write '" + owner.id + "'",
                            "KeyError: " + PyRepr.of(d) + " while checking the map for cycles" + TRACEBACK,
                            List.of(r.id, owner.id)));
                    continue;
                }
                String hint = guesses.forDownRevision(r.script.path(), d)
                        .map(ChainInspector::hint)
                        .orElse(null);
                out.add(finding(
                        Check.MISSING_DOWN_REVISION,
                        Severity.ERROR,
                        r.id,
                        r.script.path(),
                        line(df),
                        r.script.path() + ": down_revision '" + d + "'" + from(df) + " names no revision in this "
                                + "folder"
                                + (hint == null
                                        ? "; restore the missing file or point it at the right parent"
                                        : "; did you mean " + hint + "?"),
                        "UserWarning 'Revision " + d + " referenced from " + r.str() + " is not present', then "
                                + "KeyError: " + PyRepr.of(d) + TRACEBACK,
                        List.of(r.id)));
            }
            for (String d : r.deps) {
                if (d.isEmpty() || build.map.containsKey(d)) {
                    continue;
                }
                String hint = guesses.forDependsOn(r.script.path(), d)
                        .map(ChainInspector::hint)
                        .orElse(null);
                out.add(finding(
                        Check.MISSING_DEPENDENCY,
                        Severity.ERROR,
                        r.id,
                        r.script.path(),
                        line(r.script.dependsOn()),
                        r.script.path() + ": depends_on '" + d + "'"
                                + from(r.script.dependsOn()) + " names no revision or branch label"
                                + (hint == null
                                        ? "; remove it or name an existing revision"
                                        : "; did you mean " + hint + "?"),
                        "KeyError: " + PyRepr.of(d) + " (no warning)" + TRACEBACK,
                        List.of(r.id)));
            }
        }
    }

    /** The finding's words for a guess: the id meant and why. */
    private static String hint(ReferenceGuess.Guess g) {
        return "'" + g.target() + "' ("
                + switch (g.evidence()) {
                    case REVISES_LINE -> "the docstring's Revises: line";
                    case FILE_NAME -> "the id inside " + g.targetPath();
                    case PREFIX, SPELLING -> g.targetPath();
                }
                + ")";
    }

    private void labelConflicts(List<Finding> out) {
        for (String[] c : build.labelConflicts) {
            Rev r = first(c[1]);
            Rev holder = first(c[2]);
            boolean isId = build.revMap.containsKey(c[0]);
            String other = holder == null
                    ? c[2]
                    : c[2] + " (" + holder.script.path()
                            + from(isId ? holder.script.revision() : holder.script.branchLabels()) + ")";
            out.add(finding(
                    Check.BRANCH_LABEL_CONFLICT,
                    Severity.ERROR,
                    c[1],
                    r == null ? null : r.script.path(),
                    r == null ? 0 : line(r.script.branchLabels()),
                    "branch label '" + c[0] + "'"
                            + (r == null ? "" : from(r.script.branchLabels())) + " of revision " + c[1]
                            + " is already " + (isId ? "the id of revision " : "used by revision ") + other
                            + ": rename the label",
                    "alembic.script.revision.RevisionError: Branch name '" + c[0] + "' in revision " + c[1]
                            + " already used by revision " + c[2] + TRACEBACK,
                    List.of(c[1], c[2])));
        }
    }

    private Rev first(String id) {
        List<Rev> l = build.byId.get(id);
        return l == null || l.isEmpty() ? null : l.get(l.size() - 1);
    }

    // ---- cycles ------------------------------------------------------------------------------------------

    private void cycles(List<Finding> out) {
        Graph<String, Link> g = graph.graph();
        if (!new CycleDetector<>(g).detectCycles()) {
            // one depth-first pass settles the usual case; the strongly connected sets name the loops otherwise
            return;
        }
        Graph<String, Link> downOnly = new MaskSubgraph<>(g, v -> false, e -> e.kind() != Link.Kind.DOWN);
        // which down-only loop each id is in, so "inside one of them" is a look-up per member, not a pass per loop
        Map<String, Integer> downScc = new HashMap<>();
        for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(downOnly).stronglyConnectedSets()) {
            if (scc.size() > 1) {
                Integer index = downScc.size();
                for (String id : scc) {
                    downScc.put(id, index);
                }
                out.add(cycleFinding(Check.CYCLE, scc, false));
            }
        }
        for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
            if (scc.size() > 1 && !insideOne(scc, downScc)) {
                out.add(cycleFinding(Check.DEPENDENCY_CYCLE, scc, true));
            }
        }
    }

    /** Whether every member of {@code scc} lies in the same down-only loop. */
    private static boolean insideOne(Set<String> scc, Map<String, Integer> downScc) {
        Integer first = null;
        for (String id : scc) {
            Integer d = downScc.get(id);
            if (d == null || (first != null && !first.equals(d))) {
                return false;
            }
            first = d;
        }
        return true;
    }

    private Map<String, Integer> mapOrder;

    /** The members of {@code ids} that are in the revision map, in the map's order, without a pass over the map. */
    private List<Rev> inMapOrder(Set<String> ids) {
        if (mapOrder == null) {
            mapOrder = new HashMap<>();
            for (String id : build.revMap.keySet()) {
                mapOrder.put(id, mapOrder.size());
            }
        }
        List<String> present = new ArrayList<>();
        for (String id : ids) {
            if (mapOrder.containsKey(id)) {
                present.add(id);
            }
        }
        present.sort(Comparator.comparingInt(mapOrder::get));
        List<Rev> revs = new ArrayList<>(present.size());
        for (String id : present) {
            revs.add(build.revMap.get(id));
        }
        return revs;
    }

    private Finding cycleFinding(Check check, Set<String> scc, boolean deps) {
        List<Rev> revs = inMapOrder(scc);
        Rev first = revs.get(0);
        String files = list(revs);
        List<String> ids = revs.stream().map(r -> r.id).toList();
        String alembic;
        if (!deps) {
            alembic = outcome.exception() != null && outcome.exception().equals("CycleDetected")
                    ? "alembic.script.revision.CycleDetected: " + outcome.message() + TRACEBACK
                    : "CycleDetected ('Cycle is detected in revisions (...)') on every command (exit 1), naming "
                            + "every revision cut off from a base or head, not just these";
        } else if ("DependencyCycleDetected".equals(outcome.exception())) {
            alembic = "alembic.script.revision.DependencyCycleDetected: " + outcome.message() + TRACEBACK;
        } else if (outcome.historyHangs()) {
            alembic = "no error while the map builds (alembic heads works), but alembic history and every "
                    + "upgrade loop forever";
        } else {
            alembic = "DependencyCycleDetected, or (when every revision still lies between a base and a head) "
                    + "no error and a history/upgrade order that ignores the dependency";
        }
        String what = deps ? "down_revision and depends_on form a loop" : "down_revision forms a loop";
        return finding(
                check,
                Severity.ERROR,
                first.id,
                first.script.path(),
                line(deps && !first.deps.isEmpty() ? first.script.dependsOn() : first.script.downRevision()),
                what + " through " + files + ": break it by pointing one of them at an older revision"
                        + (deps ? " or dropping the depends_on that names a descendant" : ""),
                alembic,
                ids);
    }

    // ---- shape: bases, heads, disconnected pieces ----------------------------------------------------------

    private void shape(List<Finding> out) {
        List<Rev> bases = distinct(build.bases);
        if (bases.size() > 1) {
            Rev second = bases.get(1);
            out.add(finding(
                    Check.MULTIPLE_BASES,
                    Severity.WARNING,
                    second.id,
                    second.script.path(),
                    line(second.script.downRevision()),
                    bases.size() + " base revisions (down_revision = None): "
                            + list(bases) + "; unless these are deliberate independent branches (with branch "
                            + "labels), point all but the first at the revision they follow",
                    "legal: exit 0; 'alembic upgrade base'/'get_base()' fail with 'The script directory has "
                            + "multiple bases'",
                    ids(bases)));
        }
        List<Rev> heads = distinct(build.heads);
        if (heads.size() > 1) {
            Rev second = heads.get(1);
            out.add(finding(
                    Check.MULTIPLE_HEADS,
                    Severity.WARNING,
                    second.id,
                    second.script.path(),
                    line(second.script.revision()),
                    heads.size() + " head revisions: " + list(heads)
                            + "; join them with 'alembic merge -m \"merge heads\" "
                            + heads.stream().map(r -> r.id).collect(Collectors.joining(" ")) + "'",
                    "alembic heads exits 0 listing " + heads.size() + " heads; 'alembic upgrade head' fails: FAILED: "
                            + "Multiple head revisions are present for given argument 'head'; please specify a "
                            + "specific target revision, '<branchname>@head' to narrow to a specific head, or "
                            + "'heads' for all heads",
                    ids(heads)));
        }
        Graph<String, Link> g = graph.graph();
        List<Set<String>> comps = new ConnectivityInspector<>(g).connectedSets();
        if (comps.size() < 2) {
            return;
        }
        Map<String, Integer> order = new HashMap<>();
        for (Rev r : build.revMap.values()) {
            order.put(r.id, order.size());
        }
        Comparator<Set<String>> mainFirst = Comparator.comparingInt((Set<String> c) -> -c.size())
                .thenComparingInt(c -> c.stream().mapToInt(order::get).min().orElse(0));
        comps.sort(mainFirst);
        Set<String> main = comps.get(0);
        // each component's members in map order, in one pass (not one pass per component)
        Map<String, Integer> compOf = new HashMap<>();
        for (int i = 1; i < comps.size(); i++) {
            for (String id : comps.get(i)) {
                compOf.put(id, i);
            }
        }
        List<List<Rev>> byComp = new ArrayList<>();
        for (int i = 0; i < comps.size(); i++) {
            byComp.add(new ArrayList<>());
        }
        for (Rev r : build.revMap.values()) {
            Integer i = compOf.get(r.id);
            if (i != null) {
                byComp.get(i).add(r);
            }
        }
        String base = mainBase(main);
        for (int ci = 1; ci < comps.size(); ci++) {
            Set<String> c = comps.get(ci);
            List<Rev> members = byComp.get(ci);
            Rev root = members.stream()
                    .filter(r -> r.down.stream().noneMatch(c::contains))
                    .findFirst()
                    .orElse(members.get(0));
            List<String> broken = new ArrayList<>();
            for (Rev r : members) {
                for (String d : r.down) {
                    if (!build.map.containsKey(d)) {
                        broken.add(r.id + " -> " + d);
                    }
                }
            }
            out.add(finding(
                    Check.DISCONNECTED_BRANCH,
                    Severity.WARNING,
                    root.id,
                    root.script.path(),
                    line(root.script.downRevision()),
                    members.size() + " revision(s) " + list(members)
                            + " have no path to the main chain (" + main.size() + " revisions from "
                            + base + ")"
                            + (broken.isEmpty()
                                    ? ""
                                    : " because of broken reference(s) [" + Py.commaSummary(broken) + "]")
                            + ": point " + root.id + "'s down_revision at the revision it follows",
                    "legal for Alembic (a separate root): exit 0, but 'upgrade head' sees one more head",
                    members.stream().map(r -> r.id).toList()));
        }
    }

    private String mainBase(Set<String> main) {
        for (Rev r : build.revMap.values()) {
            if (main.contains(r.id) && r.isBase()) {
                return r.id + " in " + r.script.path();
            }
        }
        return "no base";
    }

    private static List<Rev> distinct(Iterable<Rev> revs) {
        Map<String, Rev> m = new LinkedHashMap<>();
        for (Rev r : revs) {
            m.putIfAbsent(r.id, r);
        }
        return new ArrayList<>(m.values());
    }

    private static String list(List<Rev> revs) {
        return Py.commaSummary(
                revs.size() <= Py.LIST_LIMIT
                        ? revs.stream().map(ChainInspector::named).toList()
                        : new AbstractList<String>() {
                            @Override
                            public String get(int i) {
                                return named(revs.get(i));
                            }

                            @Override
                            public int size() {
                                return revs.size();
                            }
                        });
    }

    private static String named(Rev r) {
        return r.id + " (" + r.script.path() + ")";
    }

    private static List<String> ids(List<Rev> revs) {
        return revs.stream().map(r -> r.id).toList();
    }

    // ---- docstrings, file names, marker ----------------------------------------------------------------

    private void docstrings(List<Finding> out) {
        for (Rev r : build.all) {
            Docstring d = r.script.docstring();
            String file = r.script.path();
            if (d.revisionId() != null
                    && d.revisionIdLine() > 0
                    && !d.revisionId().trim().equals(r.id)) {
                out.add(finding(
                        Check.DOCSTRING_MISMATCH,
                        Severity.WARNING,
                        r.id,
                        file,
                        d.revisionIdLine(),
                        file + ": docstring says 'Revision ID: "
                                + d.revisionId().trim() + "' but revision = '" + r.id + "'" + from(r.script.revision())
                                + ": update the docstring line",
                        "ignored: Alembic never reads the docstring's Revision ID: line",
                        List.of(r.id)));
            }
            if (d.revises() != null && d.revisesLine() > 0 && !r.downUnknown) {
                List<String> said = new ArrayList<>();
                for (String x : d.revises().split(",")) {
                    if (!x.trim().isEmpty()) {
                        said.add(x.trim());
                    }
                }
                if (!said.equals(r.down) && !new LinkedHashSet<>(said).equals(new LinkedHashSet<>(r.down))) {
                    out.add(finding(
                            Check.DOCSTRING_MISMATCH,
                            Severity.WARNING,
                            r.id,
                            file,
                            d.revisesLine(),
                            file + ": docstring says 'Revises: " + Py.commaSummary(said) + "' but down_revision = "
                                    + (r.down.isEmpty() ? "None" : Py.commaSummary(r.down))
                                    + from(r.script.downRevision())
                                    + ": make the docstring match the variable (or fix the variable if the docstring "
                                    + "is right)",
                            "ignored: Alembic never reads the docstring's Revises: line",
                            List.of(r.id)));
                }
            }
        }
    }

    private void prefixes(List<Finding> out) {
        Map<String, List<MigrationScript>> byPrefix = new TreeMap<>();
        for (MigrationScript s : build.files) {
            String prefix = policy.naming().sequencePrefix(s.path());
            if (prefix != null) {
                byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<String, List<MigrationScript>> e : byPrefix.entrySet()) {
            List<MigrationScript> group = e.getValue();
            if (group.size() < 2) {
                continue;
            }
            String files =
                    Py.commaSummary(group.stream().map(MigrationScript::path).toList());
            for (MigrationScript s : group.subList(1, group.size())) {
                out.add(finding(
                        Check.DUPLICATE_PREFIX,
                        Severity.WARNING,
                        s.revisionId(),
                        s.path(),
                        1,
                        group.size() + " files share the prefix '" + e.getKey() + "_' (" + files + "): renumber "
                                + s.fileName() + " so the files sort in chain order",
                        "ignored: Alembic orders by down_revision, not by file name",
                        ids(s)));
            }
        }
    }

    private void marker(List<Finding> out) {
        if (!policy.runs(Check.MISSING_CONSTITUTIONAL_HASH)) {
            return;
        }
        for (MigrationScript s : build.files) {
            if (!s.hasMarker()) {
                out.add(finding(
                        Check.MISSING_CONSTITUTIONAL_HASH,
                        Severity.ERROR,
                        s.revisionId(),
                        s.path(),
                        1,
                        s.path() + " lacks the constitutional hash '" + policy.marker() + "': add it to the "
                                + "docstring",
                        "ignored: Alembic does not look for it",
                        ids(s)));
            }
        }
    }
}
