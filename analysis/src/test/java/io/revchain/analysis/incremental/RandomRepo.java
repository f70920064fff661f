package io.revchain.analysis.incremental;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.MigrationScript;
import io.revchain.testkit.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A repository's migration folder changed at random, mostly the way people change it (append a revision, reword
 * a docstring) and sometimes badly (a dangling or cyclic down_revision, a duplicate id or prefix, a deleted parent,
 * a rename, labels, dependencies, a file that does not parse). Every change is applied to the folder model and to
 * the chain under test.
 */
final class RandomRepo {
    private final Random rnd;
    private final TreeMap<String, MigrationScript> files = new TreeMap<>();
    private int next;

    RandomRepo(Random rnd) {
        this.rnd = rnd;
    }

    List<MigrationScript> scripts() {
        return List.copyOf(files.values());
    }

    /** Applies one random change to the model and to {@code chain}; returns what it did. */
    String change(IncrementalChain chain) {
        int op = files.isEmpty() ? 0 : rnd.nextInt(100);
        if (op < 45) {
            return append(chain);
        }
        if (op < 65) {
            return reword(chain);
        }
        if (op < 72) {
            return delete(chain);
        }
        if (op < 78) {
            return rename(chain);
        }
        if (op < 85) {
            return repoint(chain);
        }
        return oddity(chain);
    }

    private String append(IncrementalChain chain) {
        int n = next++;
        List<String> down = files.isEmpty() ? List.of() : List.of(headish());
        if (!files.isEmpty() && rnd.nextInt(12) == 0) {
            down = List.of();
        }
        if (files.size() > 2 && rnd.nextInt(10) == 0) {
            down = List.of(anyId(), anyId()).stream().distinct().toList();
        }
        String file = String.format("%03d_r%d.py", n, n);
        put(chain, Gen.script(file, "r" + n, down, "step " + n, rnd.nextInt(8) != 0));
        return "append r" + n + " <- " + down;
    }

    private String reword(IncrementalChain chain) {
        MigrationScript s = pick();
        String id = s.revisionId();
        MigrationScript changed = new MigrationScript(
                s.path(),
                s.revision(),
                s.downRevision(),
                s.branchLabels(),
                s.dependsOn(),
                new Docstring(
                        "reworded " + rnd.nextInt(3),
                        id,
                        3,
                        rnd.nextInt(4) == 0 ? "zz" : s.docstring().revises(),
                        4,
                        "2024-01-01",
                        5,
                        1,
                        0,
                        10),
                rnd.nextBoolean(),
                s.problems());
        put(chain, changed);
        return "reword " + s.path();
    }

    private String delete(IncrementalChain chain) {
        MigrationScript s = pick();
        files.remove(s.path());
        chain.remove(s.path());
        return "delete " + s.path();
    }

    private String rename(IncrementalChain chain) {
        MigrationScript s = pick();
        int n = next++;
        String file = String.format("%03d_moved%d.py", rnd.nextInt(4) == 0 ? 0 : n, n);
        MigrationScript moved = new MigrationScript(
                "versions/" + file,
                s.revision(),
                s.downRevision(),
                s.branchLabels(),
                s.dependsOn(),
                s.docstring(),
                s.hasMarker(),
                s.problems());
        files.remove(s.path());
        files.put(moved.path(), moved);
        chain.rename(s.path(), moved.path(), moved);
        return "rename " + s.path() + " -> " + moved.path();
    }

    private String repoint(IncrementalChain chain) {
        MigrationScript s = pick();
        String id = s.revisionId() == null ? "x" : s.revisionId();
        List<String> down = switch (rnd.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of("missing" + rnd.nextInt(3));
            default -> List.of(anyId());
        };
        put(chain, Gen.script(s.fileName(), id, down, "repointed", s.hasMarker()));
        return "repoint " + s.path() + " -> " + down;
    }

    private String oddity(IncrementalChain chain) {
        int n = next++;
        String file = String.format("%03d_odd%d.py", n, n);
        String parent = headish();
        MigrationScript s = switch (rnd.nextInt(6)) {
            case 0 -> Gen.script(file, anyId(), List.of(parent), "duplicate id", true);
            case 1 ->
                Gen.script(
                        String.format("%s_dup%d.py", pick().fileName().substring(0, 3), n),
                        "r" + n,
                        List.of(parent),
                        "duplicate prefix",
                        true);
            case 2 ->
                Gen.script(
                        file,
                        "r" + n,
                        List.of(parent),
                        List.of("lbl" + rnd.nextInt(2)),
                        List.of(),
                        "labelled",
                        parent,
                        true,
                        false);
            case 3 ->
                Gen.script(file, "r" + n, List.of(parent), List.of(), List.of(anyId()), "depends", parent, true, false);
            case 4 -> Gen.script(file, "r" + n, List.of(parent), List.of(), List.of(), "broken", parent, true, true);
            default -> Gen.script(file, "r" + n, List.of("r" + n), "self loop", true);
        };
        put(chain, s);
        return "oddity " + s.path();
    }

    private void put(IncrementalChain chain, MigrationScript s) {
        files.put(s.path(), s);
        chain.put(s.path(), s);
    }

    private MigrationScript pick() {
        List<MigrationScript> l = new ArrayList<>(files.values());
        return l.get(rnd.nextInt(l.size()));
    }

    private String anyId() {
        String id = pick().revisionId();
        return id == null ? "r0" : id;
    }

    /** Usually the newest revision, so that most chains stay linear. */
    private String headish() {
        if (rnd.nextInt(6) == 0) {
            return anyId();
        }
        String id = files.lastEntry().getValue().revisionId();
        return id == null ? "r0" : id;
    }
}
