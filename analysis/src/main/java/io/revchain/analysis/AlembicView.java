package io.revchain.analysis;

import io.revchain.analysis.AlembicBuild.Rev;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The text {@code alembic heads}, {@code alembic branches} and {@code alembic history} (1.8.1, no options) print
 * on the same folder, line for line, and what Alembic does there ({@link #outcome()}).
 *
 * <p>When Alembic fails or hangs, the command prints no revision lines (Alembic computes the whole walk before it
 * prints), so the lists are empty and {@link #outcome()} says why. Alembic prints a revision's branch labels and a
 * branch point's children from Python sets, whose order changes between runs; revchain prints labels sorted and
 * children in file order.
 */
public final class AlembicView {

    private final AlembicBuild build;
    private AlembicWalk walk;

    public AlembicView(RevisionGraph graph) {
        this.build = graph.build();
    }

    // The walk is the costly part (ancestor sets per branch); heads and the outcome rarely need it.
    private AlembicWalk walk() {
        if (walk == null) {
            walk = AlembicWalk.of(build);
        }
        return walk;
    }

    /** {@code alembic heads}. */
    public List<String> heads() {
        if (build.failure != null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Rev h : build.heads) {
            out.add(headOnly(build.map.get(h.id), true, false, false, false));
        }
        return List.copyOf(out);
    }

    /** {@code alembic history}: newest first, {@code parents -> rev (labels) (head) ..., doc}. */
    public List<String> history() {
        List<String> out = new ArrayList<>();
        for (String id : walk().order()) {
            out.add(headOnly(build.map.get(id), true, true, true, true));
        }
        return List.copyOf(out);
    }

    /** {@code alembic branches}: each branch point, its children indented, then an empty line. */
    public List<String> branches() {
        List<String> out = new ArrayList<>();
        for (String id : walk().order()) {
            Rev r = build.map.get(id);
            if (!r.isBranchPoint()) {
                continue;
            }
            out.add(headOnly(r, true, false, false, true));
            for (String child : r.nextrev) {
                out.add(" ".repeat(id.length()) + " -> " + headOnly(build.map.get(child), true, false, false, true));
            }
            out.add("");
        }
        return List.copyOf(out);
    }

    /** Revision ids in {@code alembic history} order (newest first); empty when the walk fails or hangs. */
    public List<String> historyOrder() {
        return walk().order();
    }

    /** What Alembic 1.8.1 does on this folder. */
    public AlembicOutcome outcome() {
        PyError f = build.failure;
        boolean certain = !build.uncertain;
        if (f != null) {
            int exit = f.isCommandError() ? 255 : 1;
            String hEx = f.isRevisionError() ? "CommandError" : f.exception();
            int hExit = f.isRevisionError() || f.isCommandError() ? 255 : 1;
            return new AlembicOutcome(
                    f.exception(),
                    f.message(),
                    f.file(),
                    build.warnings,
                    exit,
                    hEx,
                    f.message(),
                    hExit,
                    false,
                    certain && f.certain());
        }
        if (!declaresDependencies()) {
            // Without depends_on, a map that builds also walks: the walk can neither hang nor raise.
            return new AlembicOutcome(null, null, null, build.warnings, 0, null, null, 0, false, certain);
        }
        AlembicWalk walk = walk();
        if (walk.hangs()) {
            return new AlembicOutcome(null, null, null, build.warnings, 0, null, null, -1, true, certain);
        }
        PyError w = walk.error();
        if (w != null) {
            boolean wrapped = w.isRevisionError();
            return new AlembicOutcome(
                    null,
                    null,
                    null,
                    build.warnings,
                    0,
                    wrapped ? "CommandError" : w.exception(),
                    w.message(),
                    wrapped ? 255 : 1,
                    false,
                    certain);
        }
        return new AlembicOutcome(null, null, null, build.warnings, 0, null, null, 0, false, certain);
    }

    private boolean declaresDependencies() {
        for (Rev r : build.map.values()) {
            if (!r.deps.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** {@code Script._head_only}. */
    private static String headOnly(Rev r, boolean branches, boolean doc, boolean parents, boolean tree) {
        StringBuilder text = new StringBuilder();
        if (parents) {
            boolean deps =
                    !r.deps.isEmpty() && !(r.deps.size() == 1 && r.deps.get(0).isEmpty());
            text.append(r.formatDown());
            if (deps) {
                text.append(" (").append(Py.comma(r.deps)).append(')');
            }
            text.append(" -> ");
        }
        text.append(r.id);
        if (branches && !r.labels.isEmpty()) {
            text.append(" (").append(Py.comma(new TreeSet<>(r.labels))).append(')');
        }
        if (r.isRealHead()) {
            text.append(" (head)");
        }
        if (r.isHead() && !r.isRealHead()) {
            text.append(" (effective head)");
        }
        if (tree) {
            text.append(r.isBranchPoint() ? " (branchpoint)" : "").append(r.isMergePoint() ? " (mergepoint)" : "");
        }
        if (doc) {
            text.append(", ").append(r.doc());
        }
        return text.toString();
    }
}
