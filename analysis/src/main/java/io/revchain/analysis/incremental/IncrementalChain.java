package io.revchain.analysis.incremental;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.ChainInspector;
import io.revchain.analysis.FileNames;
import io.revchain.analysis.RevisionIdHygiene;
import io.revchain.core.alembic.RevisionIdRule;
import io.revchain.core.model.Check;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One repository's migration chain kept in memory and updated file by file, so that analysing a commit that
 * touches one file of a large chain costs far less than {@link ChainAnalysis#of} on every file, while giving the
 * same revisions, heads, bases and findings.
 *
 * <p>It decides, at each {@link #analyze()}, which of three ways is enough:
 * <ol>
 *   <li><b>edit</b>: no file's structure (path, revision, down_revision, depends_on, branch_labels, the docstring's
 *   {@code Revises:} and the lines of those values) changed since the last analysis, so the chain-wide findings,
 *   heads and bases are the previous ones and only the touched files' own findings are recomputed;</li>
 *   <li><b>clean</b>: the index proves the chain has no chain-wide problem (every file a plain literal revision, no
 *   labels or dependencies, every down_revision resolves, no duplicate id or numeric prefix, no cycle, one base, one
 *   head), so heads and bases come from the index and the findings are the files' own;</li>
 *   <li><b>full</b>: anything else runs {@link ChainAnalysis#of} on every file (and re-derives the cycle flag).</li>
 * </ol>
 * Adding an edge {@code u → v} can only close a cycle if {@code v} already reaches {@code u}, so a new file is
 * checked with a walk over its descendants only; heads and bases change only at the touched file and its parents.
 * Removing a file never creates a cycle; the flag is conservative (it stays set until the next full analysis).
 *
 * <p>A file's own findings (parser problems, load errors, docstring and marker checks) are those the full
 * analysis gives for that file alone, minus the chain-wide checks. They are computed at the next analysis, not
 * when the file is put: a first scan puts every file before its marker names the chain's policy, and a file graded
 * under the default policy would be graded again under the chain's. Not thread-safe: one owner at a time.
 */
public final class IncrementalChain {

    /** The order {@code ChainInspector} gives its findings. */
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.file() == null ? "\uffff" : f.file())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check)
            .thenComparing(f -> f.revision() == null ? "" : f.revision())
            .thenComparing(Finding::message);

    /** How an analysis was decided (see the class comment). */
    public enum Path {
        EDIT,
        CLEAN,
        FULL
    }

    private final Policy policy;
    private final TreeMap<String, MigrationScript> files = new TreeMap<>();
    private final Map<String, List<Finding>> own = new HashMap<>();
    /** Every file's own findings together, kept sorted in {@link #ORDER} so an analysis never walks every file. */
    private final List<Finding> ownSorted = new ArrayList<>();
    /** Files put since the last analysis, whose own findings are not in {@link #own} yet. */
    private final Set<String> ungraded = new HashSet<>();

    // the index over "simple" files (see simple()): enough to prove a chain clean without the full analysis
    private int complex;
    private final Map<String, Integer> idCount = new HashMap<>();
    private final Map<String, Integer> childCount = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, Integer> prefixCount = new HashMap<>();
    private final Set<String> heads = new LinkedHashSet<>();
    private final Map<String, Integer> baseCount = new HashMap<>();
    private int baseFiles;
    private int duplicateIds;
    private int unresolved;
    private int duplicatePrefixes;
    /** Simple files whose id is a hand-typed number ({@link RevisionIdHygiene#isNumber}). */
    private int numbered;

    private boolean cyclic;

    private boolean structureChanged = true;
    private Result last;
    private List<Finding> chainWide = List.of();
    private final Map<Path, Long> paths = new HashMap<>();

    /** What an analysis found; the same shape as {@link ChainAnalysis} without Alembic's outcome. */
    public record Result(int revisions, List<String> heads, List<String> bases, List<Finding> findings, Path path) {
        public Result {
            heads = List.copyOf(heads);
            bases = List.copyOf(bases);
            findings = List.copyOf(findings);
        }
    }

    public IncrementalChain(Policy policy) {
        this.policy = policy == null ? Policy.alembic() : policy;
    }

    /** A chain holding {@code scripts} (a rebuild, e.g. from a state store after a restart). */
    public static IncrementalChain of(Collection<MigrationScript> scripts, Policy policy) {
        IncrementalChain c = new IncrementalChain(policy);
        for (MigrationScript s : scripts) {
            c.put(s.path(), s);
        }
        return c;
    }

    public Policy policy() {
        return policy;
    }

    /** The files, sorted by path. */
    public List<MigrationScript> scripts() {
        return List.copyOf(files.values());
    }

    public int size() {
        return files.size();
    }

    /** Whether a file is held at {@code path}. */
    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /**
     * The same files under another policy (a chain's {@code file_template} or Alembic release became known): a new
     * chain, since every file's own findings depend on the policy. This one is left as it is.
     */
    public IncrementalChain withPolicy(Policy other) {
        IncrementalChain c = new IncrementalChain(other);
        files.forEach(c::put);
        return c;
    }

    /** Adds or replaces the file at {@code path}. */
    public void put(String path, MigrationScript script) {
        Objects.requireNonNull(script, "script");
        change(path, script);
    }

    /** Removes the file at {@code path} (nothing when absent). */
    public void remove(String path) {
        change(path, null);
    }

    /** Moves the file from {@code oldPath} to {@code path} with its (possibly edited) new content. */
    public void rename(String oldPath, String path, MigrationScript script) {
        remove(oldPath);
        put(path, script);
    }

    private void change(String path, MigrationScript script) {
        Objects.requireNonNull(path, "path");
        MigrationScript old = script == null ? files.remove(path) : files.put(path, script);
        if (old == null && script == null) {
            return;
        }
        // an edit that keeps the file's place in the index (the common docstring or body edit) leaves the index
        // as it is: unindexing and indexing again would walk every descendant for the cycle check
        boolean sameIndex = old != null && script != null && sameIndexEntry(old, script);
        if (old != null && !sameIndex) {
            unindex(old);
        }
        List<Finding> before = own.remove(path);
        if (before != null) {
            for (Finding f : before) {
                removeOwn(f);
            }
        }
        if (script != null) {
            if (!sameIndex) {
                index(script);
            }
            ungraded.add(path);
        } else {
            ungraded.remove(path);
        }
        if (old == null || script == null || !skeleton(old).equals(skeleton(script))) {
            structureChanged = true;
        }
    }

    /** How many analyses took each {@link Path}. */
    public Map<Path, Long> pathCounts() {
        return Map.copyOf(paths);
    }

    /** Analyses the chain as it stands; equal (revisions, heads, bases, findings) to {@link ChainAnalysis#of}. */
    public Result analyze() {
        grade();
        Result r;
        if (!structureChanged && last != null) {
            r = new Result(last.revisions(), last.heads(), last.bases(), merge(chainWide), Path.EDIT);
        } else if (!files.isEmpty() && clean()) {
            chainWide = List.of();
            r = new Result(
                    files.size(), List.copyOf(heads), List.copyOf(baseCount.keySet()), merge(List.of()), Path.CLEAN);
        } else {
            ChainAnalysis full = ChainAnalysis.of(List.copyOf(files.values()), policy);
            chainWide = minus(full.findings(), own.values());
            cyclic = findCycle();
            r = new Result(full.revisions(), full.heads(), full.bases(), full.findings(), Path.FULL);
        }
        structureChanged = false;
        last = r;
        paths.merge(r.path(), 1L, Long::sum);
        return r;
    }

    private boolean clean() {
        return complex == 0
                && duplicateIds == 0
                && unresolved == 0
                && duplicatePrefixes == 0
                && !RevisionIdHygiene.flagsNumbers(numbered, files.size())
                && !cyclic
                && heads.size() == 1
                && baseFiles == 1;
    }

    /** Computes the own findings of the files put since the last analysis. */
    private void grade() {
        for (String path : ungraded) {
            List<Finding> after = ownFindings(files.get(path));
            own.put(path, after);
            for (Finding f : after) {
                addOwn(f);
            }
        }
        ungraded.clear();
    }

    /** {@code wide} (sorted) and the files' own findings in {@link #ORDER}; on a tie the chain-wide one first. */
    private List<Finding> merge(List<Finding> wide) {
        if (wide.isEmpty()) {
            return ownSorted;
        }
        List<Finding> out = new ArrayList<>(wide.size() + ownSorted.size());
        int i = 0;
        int j = 0;
        while (i < wide.size() && j < ownSorted.size()) {
            if (ORDER.compare(ownSorted.get(j), wide.get(i)) < 0) {
                out.add(ownSorted.get(j++));
            } else {
                out.add(wide.get(i++));
            }
        }
        out.addAll(wide.subList(i, wide.size()));
        out.addAll(ownSorted.subList(j, ownSorted.size()));
        return out;
    }

    /** Inserts {@code f} after every own finding that does not sort after it. */
    private void addOwn(Finding f) {
        int lo = 0;
        int hi = ownSorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(ownSorted.get(mid), f) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        ownSorted.add(lo, f);
    }

    /** Removes one own finding equal to {@code f}. */
    private void removeOwn(Finding f) {
        int lo = 0;
        int hi = ownSorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(ownSorted.get(mid), f) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int k = lo; k < ownSorted.size() && ORDER.compare(ownSorted.get(k), f) == 0; k++) {
            if (ownSorted.get(k).equals(f)) {
                ownSorted.remove(k);
                return;
            }
        }
        throw new IllegalStateException("own finding not indexed: " + f);
    }

    /** {@code all} minus one occurrence of each finding in {@code parts}. */
    private static List<Finding> minus(List<Finding> all, Collection<List<Finding>> parts) {
        Map<Finding, Integer> remove = new HashMap<>();
        for (List<Finding> l : parts) {
            for (Finding f : l) {
                remove.merge(f, 1, Integer::sum);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : all) {
            Integer n = remove.get(f);
            if (n != null && n > 0) {
                remove.put(f, n - 1);
            } else {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** What {@code ChainAnalysis.of(List.of(s), policy)} finds minus the chain-wide checks. */
    private List<Finding> ownFindings(MigrationScript s) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : ChainInspector.fileFindings(s, policy)) {
            if (!ChainInspector.relatesFiles(f)) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** What chain-wide findings, heads and bases can depend on in one file. */
    private record Skeleton(
            String path,
            Object revision,
            Object down,
            Object labels,
            Object deps,
            String revises,
            String message,
            boolean loadable) {}

    private static Skeleton skeleton(MigrationScript s) {
        boolean unparseable = s.problems().stream().anyMatch(p -> p.is(Check.UNPARSEABLE_FILE));
        return new Skeleton(
                s.path(),
                shape(s.revision()),
                shape(s.downRevision()),
                shape(s.branchLabels()),
                shape(s.dependsOn()),
                s.docstring().revises(),
                s.docstring().message(),
                !unparseable);
    }

    private static List<Object> shape(Field f) {
        // the origin is quoted in chain-wide messages: a constant moved in its module changes them
        return List.of(
                f.state(),
                f.values(),
                f.line(),
                String.valueOf(f.source()),
                f.isNone(),
                f.emptyString(),
                String.valueOf(f.origin()));
    }

    // ---- the index ----------------------------------------------------------------------------------------------

    /** A file whose part in the chain is one literal id and literal parents, and nothing Alembic could refuse. */
    private boolean simple(MigrationScript s) {
        if (!FileNames.isSourceFile(s.fileName())) {
            return false;
        }
        if (s.problems().stream().anyMatch(p -> p.is(Check.UNPARSEABLE_FILE))) {
            return false;
        }
        Field r = s.revision();
        Field d = s.downRevision();
        if (!r.isLiteral()
                || r.values().size() != 1
                || r.emptyString()
                || !RevisionIdRule.isLegal(r.single(), policy.release())) {
            return false;
        }
        if (!d.isLiteral() || d.emptyString() || d.values().contains(r.single())) {
            return false;
        }
        return none(s.branchLabels()) && none(s.dependsOn());
    }

    private static boolean none(Field f) {
        return f.state() == FieldState.ABSENT || f.isLiteral() && f.values().isEmpty() && !f.emptyString();
    }

    private String prefix(MigrationScript s) {
        return policy.naming().sequencePrefix(s.path());
    }

    /** Whether {@link #index} would record the same for both (whether simple; id, parents and prefix if so). */
    private boolean sameIndexEntry(MigrationScript a, MigrationScript b) {
        boolean simple = simple(a);
        if (simple != simple(b)) {
            return false;
        }
        return !simple
                || a.revision().single().equals(b.revision().single())
                        && a.downRevision().values().equals(b.downRevision().values())
                        && Objects.equals(prefix(a), prefix(b));
    }

    private void index(MigrationScript s) {
        if (!simple(s)) {
            complex++;
            return;
        }
        String id = s.revision().single();
        String p = prefix(s);
        if (p != null && prefixCount.merge(p, 1, Integer::sum) == 2) {
            duplicatePrefixes++;
        }
        if (RevisionIdHygiene.isNumber(id)) {
            numbered++;
        }
        int n = idCount.merge(id, 1, Integer::sum);
        if (n == 2) {
            duplicateIds++;
        }
        if (n == 1) {
            if (childCount.getOrDefault(id, 0) > 0) {
                unresolved--;
            } else {
                heads.add(id);
            }
        }
        List<String> down = s.downRevision().values();
        for (String parent : down) {
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(id);
            if (childCount.merge(parent, 1, Integer::sum) == 1) {
                if (idCount.getOrDefault(parent, 0) > 0) {
                    heads.remove(parent);
                } else {
                    unresolved++;
                }
            }
        }
        if (down.isEmpty()) {
            baseFiles++;
            baseCount.merge(id, 1, Integer::sum);
        }
        if (!cyclic && !down.isEmpty() && reaches(id, new HashSet<>(down))) {
            cyclic = true;
        }
    }

    private void unindex(MigrationScript s) {
        if (!simple(s)) {
            complex--;
            return;
        }
        String id = s.revision().single();
        String p = prefix(s);
        if (p != null && decrement(prefixCount, p) == 1) {
            duplicatePrefixes--;
        }
        if (RevisionIdHygiene.isNumber(id)) {
            numbered--;
        }
        List<String> down = s.downRevision().values();
        for (String parent : down) {
            List<String> c = children.get(parent);
            c.remove(id);
            if (c.isEmpty()) {
                children.remove(parent);
            }
            if (decrement(childCount, parent) == 0) {
                if (idCount.getOrDefault(parent, 0) > 0) {
                    heads.add(parent);
                } else {
                    unresolved--;
                }
            }
        }
        if (down.isEmpty()) {
            baseFiles--;
            decrement(baseCount, id);
        }
        int n = decrement(idCount, id);
        if (n == 1) {
            duplicateIds--;
        }
        if (n == 0) {
            if (childCount.getOrDefault(id, 0) > 0) {
                unresolved++;
            } else {
                heads.remove(id);
            }
        }
    }

    private static int decrement(Map<String, Integer> m, String k) {
        int n = m.getOrDefault(k, 0) - 1;
        if (n <= 0) {
            m.remove(k);
        } else {
            m.put(k, n);
        }
        return Math.max(n, 0);
    }

    /** Whether a walk down the children of {@code from} meets one of {@code targets}. */
    private boolean reaches(String from, Set<String> targets) {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            String v = todo.pop();
            for (String c : children.getOrDefault(v, List.of())) {
                if (targets.contains(c)) {
                    return true;
                }
                if (seen.add(c)) {
                    todo.push(c);
                }
            }
        }
        return false;
    }

    /** Kahn's algorithm over the simple files' parent links: a cycle leaves nodes that never reach in-degree 0. */
    private boolean findCycle() {
        Map<String, Integer> indegree = new HashMap<>();
        for (MigrationScript s : files.values()) {
            if (simple(s)) {
                int known = 0;
                for (String p : s.downRevision().values()) {
                    if (idCount.containsKey(p)) {
                        known++;
                    }
                }
                indegree.merge(s.revision().single(), known, Integer::sum);
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        int done = 0;
        while (!ready.isEmpty()) {
            String v = ready.pop();
            done++;
            for (String c : children.getOrDefault(v, List.of())) {
                if (indegree.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        return done < indegree.size();
    }
}
