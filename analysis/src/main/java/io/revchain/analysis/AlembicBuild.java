package io.revchain.analysis;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.alembic.RevisionIdRule;
import io.revchain.core.model.Check;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays Alembic 1.8.1's {@code ScriptDirectory._load_revisions} and {@code RevisionMap._revision_map} step by
 * step on statically parsed scripts, in Alembic's order (files sorted → duplicates → branch labels → depends_on →
 * parent links → dependency normalisation → cycle detection → branch-label propagation).
 *
 * <p>It decides two things at once: the first exception (and the warnings before it) that real Alembic would hit,
 * and — continuing past every problem instead of stopping — the revision structure (heads, bases, children,
 * propagated labels) that the rest of revchain reports on. Where Alembic iterates a Python set of objects (an order
 * that changes from run to run) the file order is used.
 */
final class AlembicBuild {

    /** {@code _only_source_rev_file} in {@code script/base.py}. */

    /** {@code _legacy_rev}: the revision id taken from a file name when the file sets no {@code revision}. */
    static final Pattern LEGACY_REV = Pattern.compile("([a-f0-9]+)\\.py");

    /** One Alembic {@code Script} object (a duplicate revision id gives two of them). */
    static final class Rev {
        final MigrationScript script;
        final String id;
        final int order;
        /** {@code _versioned_down_revisions}; empty for a base. */
        final List<String> down;
        /** the parents are unknown (no or non-literal {@code down_revision}) */
        final boolean downUnknown;
        /** declared {@code depends_on}, as {@code to_tuple} gives it */
        final List<String> deps;
        /** {@code self.dependencies is None} */
        final boolean depsNone;

        final List<String> origLabels;
        final Set<String> labels = new LinkedHashSet<>();
        List<String> resolvedDeps = List.of();
        List<String> normalizedDeps = List.of();
        final Set<String> nextrev = new LinkedHashSet<>();
        final Set<String> allNextrev = new LinkedHashSet<>();
        /** Alembic could not construct the object (self-loop, bad characters, missing down_revision, ...) */
        boolean broken;

        Rev(
                MigrationScript script,
                String id,
                int order,
                List<String> down,
                boolean downUnknown,
                List<String> deps,
                boolean depsNone,
                List<String> origLabels) {
            this.script = script;
            this.id = id;
            this.order = order;
            this.down = List.copyOf(down);
            this.downUnknown = downUnknown;
            this.deps = List.copyOf(deps);
            this.depsNone = depsNone;
            this.origLabels = List.copyOf(origLabels);
            this.labels.addAll(origLabels);
        }

        boolean isBase() {
            return down.isEmpty() && !downUnknown;
        }

        boolean isRealBase() {
            return isBase() && depsNone;
        }

        boolean isHead() {
            return nextrev.isEmpty();
        }

        boolean isRealHead() {
            return allNextrev.isEmpty();
        }

        boolean isBranchPoint() {
            return nextrev.size() > 1;
        }

        boolean isRealBranchPoint() {
            return allNextrev.size() > 1;
        }

        boolean isMergePoint() {
            return down.size() > 1;
        }

        List<String> allDown() {
            return dedupe(down, resolvedDeps);
        }

        List<String> normalizedDown() {
            return dedupe(down, normalizedDeps);
        }

        String doc() {
            String m = script.docstring().message();
            return m == null ? "" : m;
        }

        /** {@code Script._format_down_revision}. */
        String formatDown() {
            return down.isEmpty() ? "<base>" : Py.comma(down);
        }

        /** {@code str(Script)}, as the "referenced from" warning prints it at that moment. */
        String str() {
            // a tuple of 100,000 ids is summarised: this is quoted once per missing parent
            return (down.isEmpty() ? "<base>" : Py.commaSummary(down)) + " -> " + id + (isHead() ? " (head)" : "")
                    + (isBranchPoint() ? " (branchpoint)" : "") + (isMergePoint() ? " (mergepoint)" : "") + ", "
                    + doc();
        }

        @Override
        public String toString() {
            return id + "@" + script.path();
        }
    }

    /** What went wrong with one file while loading it (Alembic stops at the first of these). */
    record LoadProblem(MigrationScript script, Check check, PyError error) {}

    final List<MigrationScript> files = new ArrayList<>();
    final List<Rev> all = new ArrayList<>();
    /** revision ids and then branch labels, as Alembic's {@code _revision_map} holds them */
    final LinkedHashMap<String, Rev> map = new LinkedHashMap<>();
    /** revision ids only ({@code rev_map} in {@code _revision_map}) */
    final LinkedHashMap<String, Rev> revMap = new LinkedHashMap<>();

    final Map<String, List<Rev>> byId = new LinkedHashMap<>();
    final LinkedHashSet<Rev> heads = new LinkedHashSet<>();
    final LinkedHashSet<Rev> realHeads = new LinkedHashSet<>();
    final List<Rev> bases = new ArrayList<>();
    final List<Rev> realBases = new ArrayList<>();
    final List<LoadProblem> loadProblems = new ArrayList<>();
    /** branch labels Alembic refuses, with the revision that already holds the name */
    final List<String[]> labelConflicts = new ArrayList<>();
    /** [rev id, missing dependency] */
    final List<String[]> missingDeps = new ArrayList<>();
    /** [rev id, missing parent] */
    final List<String[]> missingParents = new ArrayList<>();

    final List<String> warnings = new ArrayList<>();
    PyError failure;
    boolean uncertain;

    static AlembicBuild of(List<MigrationScript> scripts) {
        return of(scripts, true, AlembicRelease.ORACLE);
    }

    /**
     * @param sort           false keeps the given load order (what 1.8.1's unsorted {@code os.listdir} gives)
     * @param release        the release whose revision-id rule applies ({@link RevisionIdRule})
     */
    static AlembicBuild of(List<MigrationScript> scripts, boolean sort, AlembicRelease release) {
        AlembicBuild b = new AlembicBuild();
        b.release = release;
        b.run(scripts == null ? List.of() : scripts, sort);
        return b;
    }

    private AlembicRelease release;

    private void fail(PyError e) {
        if (e != null && failure == null) {
            failure = uncertain && e.certain() ? new PyError(e.exception(), e.message(), e.file(), false) : e;
        }
    }

    private void warn(String w) {
        if (failure == null) {
            warnings.add(w);
        }
    }

    private void run(List<MigrationScript> scripts, boolean sort) {
        List<MigrationScript> sorted = new ArrayList<>();
        for (MigrationScript s : scripts) {
            if (s != null && s.path() != null && FileNames.isSourceFile(s.fileName())) {
                sorted.add(s);
            }
        }
        if (sort) {
            sorted.sort(Comparator.comparing(MigrationScript::path));
        }
        files.addAll(sorted);
        collect(sorted);
        mapBranchLabels();
        addDependsOn();
        linkParents();
        normalizeDependsOn();
        detectCycles();
        addBranches();
    }

    // ---- file loading and the first loop of _revision_map -------------------------------------------------

    private void collect(List<MigrationScript> sorted) {
        for (MigrationScript s : sorted) {
            Rev r = load(s);
            if (r == null) {
                continue;
            }
            all.add(r);
            if (map.containsKey(r.id)) {
                warn("Revision " + r.id + " is present more than once");
            }
            map.put(r.id, r);
            revMap.put(r.id, r);
            byId.computeIfAbsent(r.id, k -> new ArrayList<>()).add(r);
            heads.add(r);
            realHeads.add(r);
            if (r.isBase()) {
                bases.add(r);
            }
            if (r.isRealBase()) {
                realBases.add(r);
            }
        }
    }

    /** {@code Script._from_filename} and {@code Revision.__init__}: the object, or null when there is no id. */
    private Rev load(MigrationScript s) {
        String file = s.path();
        boolean syntax = false;
        for (Finding p : s.problems()) {
            syntax |= p.is(Check.UNPARSEABLE_FILE);
        }
        if (syntax) {
            PyError e = new PyError("SyntaxError", "the file does not compile", file, false);
            loadProblems.add(new LoadProblem(s, Check.UNPARSEABLE_FILE, e));
            fail(e);
            return null;
        }
        Field rf = s.revision();
        String id;
        if (rf.state() == FieldState.ABSENT) {
            Matcher m = LEGACY_REV.matcher(s.fileName());
            if (m.matches()) {
                id = m.group(1);
            } else {
                PyError e = new PyError(
                        "CommandError",
                        "Could not determine revision id from filename "
                                + s.fileName()
                                + ". Be sure the 'revision' variable is declared inside the script (please "
                                + "see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
                        file,
                        true);
                loadProblems.add(new LoadProblem(s, Check.MISSING_REVISION_ID, e));
                fail(e);
                return null;
            }
        } else if (rf.state() == FieldState.LITERAL && rf.values().size() == 1) {
            id = rf.values().get(0);
        } else if (rf.state() == FieldState.LITERAL && rf.emptyString()) {
            id = "";
        } else {
            id = null;
        }

        Field df = s.downRevision();
        boolean downUnknown = false;
        if (df.state() == FieldState.ABSENT) {
            // module.down_revision is read before Revision.__init__ looks at the id
            String module = s.fileName().replaceAll("[^\\p{L}\\p{N}_]", "_");
            PyError e = new PyError(
                    "AttributeError", "module '" + module + "' has no attribute 'down_revision'", file, true);
            loadProblems.add(new LoadProblem(s, Check.UNDEFINED_DOWN_REVISION, e));
            fail(e);
            downUnknown = true;
        } else if (df.state() != FieldState.LITERAL) {
            downUnknown = true;
            uncertain = true;
        }
        if (id == null) {
            PyError e = wrongType(rf, "object is not iterable", file);
            loadProblems.add(new LoadProblem(s, Check.NON_LITERAL_VALUE, e));
            if (e.exception() == null) {
                uncertain = true;
            } else {
                fail(e);
            }
            return null;
        }
        List<String> down = downUnknown ? List.of() : df.values();

        Field dep = s.dependsOn();
        List<String> deps = List.of();
        boolean depsNone = true;
        if (dep.state() == FieldState.LITERAL) {
            deps = dep.emptyString() ? List.of("") : dep.values();
            depsNone = deps.isEmpty();
        } else if (dep.state() != FieldState.ABSENT) {
            uncertain = true;
        }
        Field lf = s.branchLabels();
        List<String> labels = List.of();
        if (lf.state() == FieldState.LITERAL) {
            labels = lf.emptyString() ? List.of("") : lf.values();
        } else if (lf.state() != FieldState.ABSENT) {
            uncertain = true;
        }

        Rev r = new Rev(s, id, all.size(), down, downUnknown, deps, depsNone, labels);
        if (df.state() == FieldState.ABSENT) {
            r.broken = true;
            return r;
        }
        if (!down.isEmpty() && down.contains(id)) {
            r.broken = true;
            PyError e = new PyError("LoopDetected", "Self-loop is detected in revisions (" + id + ")", file, true);
            loadProblems.add(new LoadProblem(s, Check.SELF_LOOP, e));
            fail(e);
        } else if (deps.contains(id)) {
            r.broken = true;
            PyError e = new PyError(
                    "DependencyLoopDetected", "Dependency self-loop is detected in revisions (" + id + ")", file, true);
            loadProblems.add(new LoadProblem(s, Check.SELF_LOOP, e));
            fail(e);
        }
        Set<String> illegal = RevisionIdRule.illegalCharacters(id, release);
        if (!illegal.isEmpty()) {
            r.broken = true;
            PyError e = new PyError(
                    "RevisionError",
                    "Character(s) '" + String.join(", ", illegal) + "' not allowed in revision identifier '" + id + "'",
                    file,
                    true);
            loadProblems.add(new LoadProblem(s, Check.INVALID_REVISION_ID, e));
            fail(e);
        }
        return r;
    }

    /** What {@code set(revision)} raises for a literal that is not a string; unknown (null class) otherwise. */
    private static PyError wrongType(Field f, String what, String file) {
        String src = f.source() == null ? "" : f.source().trim();
        String type = null;
        if (f.isNone()) {
            type = "NoneType";
        } else if (src.matches("[+-]?\\d[\\d_]*")) {
            type = "int";
        } else if (src.matches("[+-]?(\\d[\\d_]*)?\\.\\d*([eE][+-]?\\d+)?|[+-]?\\d+[eE][+-]?\\d+")) {
            type = "float";
        } else if (src.equals("True") || src.equals("False")) {
            type = "bool";
        }
        return type == null
                ? new PyError(null, null, file, false)
                : new PyError("TypeError", "'" + type + "' " + what, file, true);
    }

    // ---- the later steps of _revision_map ---------------------------------------------------------------

    private List<Rev> labelled() {
        List<Rev> out = new ArrayList<>();
        for (Rev r : all) {
            if (!r.origLabels.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    private void mapBranchLabels() {
        for (Rev r : labelled()) {
            for (String label : r.origLabels) {
                Rev holder = map.get(label);
                if (holder != null) {
                    labelConflicts.add(new String[] {label, r.id, holder.id});
                    fail(PyError.revisionError(
                            "RevisionError",
                            "Branch name '" + label + "' in revision " + r.id + " already used by revision "
                                    + holder.id));
                    continue;
                }
                map.put(label, r);
            }
        }
    }

    private void addDependsOn() {
        for (Rev r : all) {
            List<String> resolved = new ArrayList<>();
            // an empty-string depends_on is falsy: Alembic resolves nothing for it
            if (!r.deps.isEmpty() && !(r.deps.size() == 1 && r.deps.get(0).isEmpty())) {
                for (String d : r.deps) {
                    Rev target = map.get(d);
                    if (target == null) {
                        missingDeps.add(new String[] {r.id, d});
                        fail(PyError.keyError(d));
                        continue;
                    }
                    resolved.add(target.id);
                }
            }
            r.resolvedDeps = List.copyOf(resolved);
        }
    }

    /**
     * Alembic walks {@code map_.values()}, which by now also holds each branch label: a shadowed duplicate that
     * declares a label is linked through its label entry, the others never are.
     */
    private void linkParents() {
        Set<Rev> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Rev r : new ArrayList<>(map.values())) {
            if (!done.add(r)) {
                continue;
            }
            for (String downrev : r.allDown()) {
                Rev target = map.get(downrev);
                if (target == null) {
                    missingParents.add(new String[] {r.id, downrev});
                    warn("Revision " + downrev + " referenced from " + r.str() + " is not present");
                    fail(PyError.keyError(downrev));
                    continue;
                }
                target.allNextrev.add(r.id);
                if (r.down.contains(target.id)) {
                    target.nextrev.add(r.id);
                }
                if (r.down.contains(downrev)) {
                    heads.remove(target);
                }
                realHeads.remove(target);
            }
        }
    }

    private void normalizeDependsOn() {
        for (Rev r : all) {
            if (r.resolvedDeps.isEmpty()) {
                r.normalizedDeps = List.of();
                continue;
            }
            Set<String> normalized = new LinkedHashSet<>(r.resolvedDeps);
            Walk w = iterate(x -> x.down, List.of(r), map, false);
            fail(w.error);
            for (Rev a : w.visited) {
                if (a != r) {
                    normalized.removeAll(a.resolvedDeps);
                }
            }
            r.normalizedDeps = List.copyOf(normalized);
        }
    }

    private void detectCycles() {
        if (revMap.isEmpty()) {
            return;
        }
        if (heads.isEmpty() || bases.isEmpty()) {
            fail(PyError.revisionError(
                    "CycleDetected", "Cycle is detected in revisions (" + Py.commaSummary(revMap.keySet()) + ")"));
            return;
        }
        Walk up = iterate(x -> x.down, heads, revMap, false);
        fail(up.error);
        Walk downw = iterate(x -> x.nextrev, bases, revMap, false);
        fail(downw.error);
        Set<String> deleted = deleted(up, downw);
        if (!deleted.isEmpty()) {
            fail(PyError.revisionError(
                    "CycleDetected", "Cycle is detected in revisions (" + Py.commaSummary(deleted) + ")"));
            return;
        }
        if (realHeads.isEmpty() || realBases.isEmpty()) {
            fail(PyError.revisionError(
                    "DependencyCycleDetected",
                    "Dependency cycle is detected in revisions (" + Py.commaSummary(revMap.keySet()) + ")"));
            return;
        }
        Walk up2 = iterate(Rev::allDown, realHeads, revMap, false);
        fail(up2.error);
        Walk down2 = iterate(x -> x.allNextrev, realBases, revMap, false);
        fail(down2.error);
        Set<String> deleted2 = deleted(up2, down2);
        if (!deleted2.isEmpty()) {
            fail(PyError.revisionError(
                    "DependencyCycleDetected",
                    "Dependency cycle is detected in revisions (" + Py.commaSummary(deleted2) + ")"));
        }
    }

    private Set<String> deleted(Walk a, Walk b) {
        Set<String> space = new HashSet<>();
        for (Rev r : a.visited) {
            space.add(r.id);
        }
        Set<String> other = new HashSet<>();
        for (Rev r : b.visited) {
            other.add(r.id);
        }
        space.retainAll(other);
        Set<String> deleted = new TreeSet<>(revMap.keySet());
        deleted.removeAll(space);
        return deleted;
    }

    /** {@code _add_branches}: labels go to every descendant, and up the line until a branch or merge point. */
    private void addBranches() {
        for (Rev r : labelled()) {
            Set<String> own = new LinkedHashSet<>(r.labels);
            Walk w = iterate(x -> x.nextrev, List.of(r), map, false);
            Rev node = r;
            for (Rev d : w.visited) {
                d.labels.addAll(own);
                node = d;
            }
            Rev parent = node;
            Set<Rev> guard = new HashSet<>();
            while (parent != null && guard.add(parent) && !parent.isRealBranchPoint() && !parent.isMergePoint()) {
                parent.labels.addAll(own);
                if (parent.down.isEmpty()) {
                    break;
                }
                parent = map.get(parent.down.get(0));
            }
        }
    }

    // ---- RevisionMap._iterate_related_revisions ---------------------------------------------------------

    /** The revisions a traversal yields, in Alembic's order, and the first error it would raise. */
    record Walk(List<Rev> visited, PyError error) {}

    /**
     * Depth-first walk exactly as {@code _iterate_related_revisions}: a LIFO stack, one {@code seen} set for all
     * targets, a KeyError for an id missing from {@code lookup}, "broken map" when the id names a branch label.
     * The walk goes on past errors (skipping the bad edge) so callers always get a full answer.
     */
    static Walk iterate(
            Function<Rev, Collection<String>> fn, Collection<Rev> targets, Map<String, Rev> lookup, boolean check) {
        List<Rev> out = new ArrayList<>();
        PyError error = null;
        Set<Rev> seen = new HashSet<>();
        Deque<Rev> todo = new ArrayDeque<>();
        Set<Rev> targetSet = new HashSet<>(targets);
        for (Rev target : targets) {
            todo.push(target);
            // only the overlap check needs what each target reached
            Set<Rev> perTarget = check ? new LinkedHashSet<>() : null;
            while (!todo.isEmpty()) {
                Rev rev = todo.pop();
                if (check) {
                    perTarget.add(rev);
                }
                if (!seen.add(rev)) {
                    continue;
                }
                for (String id : fn.apply(rev)) {
                    Rev next = lookup.get(id);
                    if (next == null) {
                        error = error == null ? PyError.keyError(id) : error;
                        continue;
                    }
                    if (!next.id.equals(id)) {
                        error = error == null
                                ? PyError.revisionError("RevisionError", "Dependency resolution failed; broken map")
                                : error;
                        continue;
                    }
                    todo.push(next);
                }
                out.add(rev);
            }
            if (check) {
                List<String> overlaps = new ArrayList<>();
                for (Rev p : perTarget) {
                    if (p != target && targetSet.contains(p)) {
                        overlaps.add(p.id);
                    }
                }
                if (!overlaps.isEmpty() && error == null) {
                    error = PyError.revisionError(
                            "RevisionError",
                            "Requested revision " + target.id + " overlaps with other requested revisions "
                                    + Py.commaSummary(overlaps));
                }
            }
        }
        return new Walk(List.copyOf(out), error);
    }

    static List<String> dedupe(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
