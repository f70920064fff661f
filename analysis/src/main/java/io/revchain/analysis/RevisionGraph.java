package io.revchain.analysis;

import io.revchain.analysis.AlembicBuild.Rev;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * The revision graph of one set of migration files, exactly as Alembic 1.8.1's {@code RevisionMap} builds it:
 * heads, bases, effective heads, branch and merge points, propagated branch labels, in Alembic's order (files
 * sorted by path; a duplicated id keeps its first position but the last file's content).
 *
 * <p>Building never throws: cycles, self-loops, duplicates, missing parents and values the parser could not read
 * are represented (and reported by {@link ChainInspector}); what real Alembic would do with them is
 * {@link AlembicView#outcome()}.
 */
public final class RevisionGraph {

    private final AlembicBuild build;
    private final List<RevisionNode> nodes;
    private final Map<String, RevisionNode> live;
    private final Graph<String, Link> graph;

    private RevisionGraph(AlembicBuild build) {
        this.build = build;
        List<RevisionNode> all = new ArrayList<>();
        Map<String, RevisionNode> byId = new LinkedHashMap<>();
        for (Rev r : build.all) {
            RevisionNode n = node(r, build.revMap.get(r.id) != r);
            all.add(n);
            if (!n.shadowed()) {
                byId.put(r.id, n);
            }
        }
        this.nodes = List.copyOf(all);
        this.live = Collections.unmodifiableMap(byId);
        this.graph = buildGraph(build);
    }

    /** Builds the graph; never throws. Files Alembic would not load (not {@code *.py}, {@code __init__}) are left out. */
    private AlembicOutcome outcome;

    /** What Alembic 1.8.1 does on these files (computed once). */
    public synchronized AlembicOutcome outcome() {
        if (outcome == null) {
            outcome = new AlembicView(this).outcome();
        }
        return outcome;
    }

    public static RevisionGraph of(List<MigrationScript> scripts) {
        return new RevisionGraph(AlembicBuild.of(scripts));
    }

    /** The graph as {@code release} builds it (its rules for revision ids). */
    public static RevisionGraph of(List<MigrationScript> scripts, AlembicRelease release) {
        return new RevisionGraph(AlembicBuild.of(scripts, true, release));
    }

    /**
     * Like {@link #of} but loads the files in the order given instead of sorted by path: Alembic 1.8.1 loads a
     * folder in {@code os.listdir} order, which decides the order of printed heads and of duplicates.
     */
    public static RevisionGraph inLoadOrder(List<MigrationScript> scripts) {
        return new RevisionGraph(AlembicBuild.of(scripts, false, AlembicRelease.ORACLE));
    }

    private static RevisionNode node(Rev r, boolean shadowed) {
        // one node per revision: the usual empty or one-element sets are copied without intermediate collections
        List<String> dependents;
        if (r.allNextrev.size() == r.nextrev.size()) {
            dependents = List.of();
        } else {
            dependents = new ArrayList<>(r.allNextrev);
            dependents.removeAll(r.nextrev);
        }
        List<String> labels = r.labels.size() < 2 ? List.copyOf(r.labels) : List.copyOf(new TreeSet<>(r.labels));
        return new RevisionNode(
                r.id,
                r.script,
                r.down,
                r.downUnknown,
                r.deps,
                r.resolvedDeps,
                r.origLabels,
                labels,
                List.copyOf(r.nextrev),
                dependents,
                r.isHead(),
                r.isRealHead(),
                r.isBase(),
                r.isBranchPoint(),
                r.isMergePoint(),
                shadowed);
    }

    private static Graph<String, Link> buildGraph(AlembicBuild b) {
        Graph<String, Link> g = GraphTypeBuilder.<String, Link>directed()
                .allowingMultipleEdges(true)
                .allowingSelfLoops(true)
                .weighted(false)
                .buildGraph();
        for (String id : b.revMap.keySet()) {
            g.addVertex(id);
        }
        for (Rev r : b.revMap.values()) {
            for (String d : r.down) {
                Rev p = b.map.get(d);
                if (p != null) {
                    g.addEdge(p.id, r.id, new Link(p.id, r.id, Link.Kind.DOWN));
                }
            }
            for (String d : r.resolvedDeps) {
                if (!r.down.contains(d)) {
                    g.addEdge(d, r.id, new Link(d, r.id, Link.Kind.DEPENDS));
                }
            }
        }
        return new AsUnmodifiableGraph<>(g);
    }

    AlembicBuild build() {
        return build;
    }

    /** The files Alembic loads, in its order. */
    public List<MigrationScript> scripts() {
        return List.copyOf(build.files);
    }

    /** Every revision object, in load order; a duplicated id appears once per file. */
    public List<RevisionNode> nodes() {
        return nodes;
    }

    /** The revision Alembic's map holds for {@code id} (the last file when the id is duplicated). */
    public Optional<RevisionNode> node(String id) {
        return Optional.ofNullable(live.get(id));
    }

    /** Every node carrying {@code id}, in load order (more than one for a duplicate). */
    public List<RevisionNode> nodesWithId(String id) {
        List<RevisionNode> out = new ArrayList<>();
        for (RevisionNode n : nodes) {
            if (n.id().equals(id)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Distinct revision ids, in Alembic's map order. */
    public List<String> revisionIds() {
        return List.copyOf(live.keySet());
    }

    /** {@code ScriptDirectory.get_heads()}: no child via down_revision; a duplicated head is listed twice. */
    public List<String> heads() {
        return ids(build.heads);
    }

    /**
     * Heads that nothing depends on either ({@code RevisionMap._real_heads}; what {@code upgrade heads} targets
     * and {@code alembic heads} marks {@code (head)}). Alembic's own {@code (effective head)} marker is the
     * complement: a head by down_revision that another revision still depends on.
     */
    public List<String> effectiveHeads() {
        return ids(build.realHeads);
    }

    /** {@code get_bases()}: down_revision is None. */
    public List<String> bases() {
        return ids(build.bases);
    }

    /** Bases that depend on nothing either ({@code _real_bases}). */
    public List<String> realBases() {
        return ids(build.realBases);
    }

    /** Revisions with more than one child, in map order. */
    public List<String> branchPoints() {
        List<String> out = new ArrayList<>();
        for (RevisionNode n : live.values()) {
            if (n.branchPoint()) {
                out.add(n.id());
            }
        }
        return out;
    }

    /** Revisions with more than one down_revision, in map order. */
    public List<String> mergePoints() {
        List<String> out = new ArrayList<>();
        for (RevisionNode n : live.values()) {
            if (n.mergePoint()) {
                out.add(n.id());
            }
        }
        return out;
    }

    /** Each declared branch label and the revision that owns it (the first one to claim it, in file order). */
    public Map<String, String> branchLabelOwners() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Rev> e : build.map.entrySet()) {
            if (!build.revMap.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getValue().id);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The graph as JGraphT sees it: one vertex per distinct revision id, an edge from parent to child for each
     * resolvable {@code down_revision} (a self-loop stays a loop) and each {@code depends_on} not already a parent.
     */
    public Graph<String, Link> graph() {
        return graph;
    }

    private static List<String> ids(Iterable<Rev> revs) {
        List<String> out = new ArrayList<>();
        for (Rev r : revs) {
            out.add(r.id);
        }
        return List.copyOf(out);
    }
}
