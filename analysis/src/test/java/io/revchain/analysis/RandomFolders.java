package io.revchain.analysis;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.MigrationScript;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random Alembic version folders: linear chains, branches, 2- and 3-way merges, branch labels, depends_on,
 * and the broken states people meet (broken references, duplicates, cycles, self-loops, label conflicts, bad
 * characters, missing variables). Each file exists twice: as Python source for real Alembic and as the
 * {@link MigrationScript} the parser would produce from it.
 */
final class RandomFolders {

    /** One migration file. {@code revision}/{@code down} null means the variable is not assigned at all. */
    record GenFile(
            String name, String revision, List<String> down, List<String> labels, List<String> deps, String message) {

        String python() {
            StringBuilder b = new StringBuilder();
            b.append("\"\"\"")
                    .append(message)
                    .append("\n\nRevision ID: ")
                    .append(revision == null ? "" : revision)
                    .append("\nRevises: ")
                    .append(down == null ? "" : String.join(", ", down))
                    .append("\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n");
            b.append("from alembic import op  # noqa: F401\n");
            if (revision != null) {
                b.append("revision = ").append(py(List.of(revision), false)).append('\n');
            }
            if (down != null) {
                b.append("down_revision = ").append(py(down, true)).append('\n');
            }
            if (labels != null) {
                b.append("branch_labels = ").append(py(labels, true)).append('\n');
            }
            if (deps != null) {
                b.append("depends_on = ").append(py(deps, true)).append('\n');
            }
            b.append("\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
            return b.toString();
        }

        private static String py(List<String> values, boolean tupleOk) {
            if (values.isEmpty()) {
                return "None";
            }
            if (values.size() == 1) {
                return "'" + values.get(0) + "'";
            }
            return "("
                    + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + ")";
        }

        MigrationScript script() {
            Field r = revision == null ? Field.absent("revision") : field("revision", List.of(revision), 8);
            Field d = down == null ? Field.absent("down_revision") : field("down_revision", down, 9);
            Field l = labels == null ? Field.absent("branch_labels") : field("branch_labels", labels, 10);
            Field p = deps == null ? Field.absent("depends_on") : field("depends_on", deps, 11);
            Docstring doc = new Docstring(
                    message,
                    revision == null ? "" : revision,
                    3,
                    down == null ? "" : String.join(", ", down),
                    4,
                    "2024-01-01 00:00:00",
                    5,
                    1,
                    0,
                    10);
            return new MigrationScript("versions/" + name, r, d, l, p, doc, false, List.of());
        }

        private static Field field(String name, List<String> values, int line) {
            LinkedHashSet<String> dedup = new LinkedHashSet<>(values);
            return new Field(
                    name,
                    FieldState.LITERAL,
                    List.copyOf(dedup),
                    line,
                    0,
                    1,
                    py(values, true),
                    values.isEmpty(),
                    false);
        }
    }

    record Folder(String name, List<GenFile> files) {
        List<MigrationScript> scripts() {
            return files.stream().map(GenFile::script).toList();
        }
    }

    private final Random rnd;

    private static GenFile f(String name, String rev, List<String> down, List<String> labels, List<String> deps) {
        return new GenFile(name, rev, down, labels, deps, "Fixed " + name.replace(".py", ""));
    }

    /** Hand-picked folders for states random generation rarely hits (each is also a unit test). */
    static List<Folder> fixed() {
        return List.of(
                new Folder(
                        "hang",
                        List.of(
                                f("a.py", "a", List.of(), null, null),
                                f("b.py", "b", List.of("a"), null, List.of("d")),
                                f("c.py", "c", List.of("b"), null, null),
                                f("d.py", "d", List.of("b"), null, null),
                                f("e.py", "e", List.of("d"), null, null),
                                f("f.py", "f", List.of("a"), null, null))),
                new Folder(
                        "effective",
                        List.of(
                                f("1_a.py", "a", List.of(), null, null),
                                f("2_b.py", "b", List.of("a"), List.of("feature"), null),
                                f("3_c.py", "c", List.of("a"), null, List.of("b")))),
                new Folder(
                        "labeldown",
                        List.of(
                                f("1_a.py", "a", List.of(), List.of("core"), null),
                                f("2_b.py", "b", List.of("core"), null, null))),
                new Folder(
                        "dupheads",
                        List.of(
                                f("1_a.py", "a", List.of(), null, null),
                                f("2_b.py", "bbbb", List.of("a"), null, null),
                                f("3_b.py", "bbbb", List.of("a"), null, null))),
                new Folder(
                        "merge3",
                        List.of(
                                f("1.py", "r1", List.of(), null, null),
                                f("2.py", "r2", List.of("r1"), null, null),
                                f("3.py", "r3", List.of("r1"), null, null),
                                f("4.py", "r4", List.of("r1"), null, null),
                                f("5.py", "r5", List.of("r2", "r3", "r4"), List.of("main"), null))),
                new Folder(
                        "twoloops",
                        List.of(
                                f("1.py", "base", List.of(), null, null),
                                f("2.py", "x1", List.of("x2"), null, null),
                                f("3.py", "x2", List.of("x1"), null, null),
                                f("4.py", "y1", List.of("base"), null, null))),
                new Folder(
                        "legacy",
                        List.of(
                                f("ab12.py", null, List.of(), null, null),
                                f("2_c.py", "cd34", List.of("ab12"), null, null))));
    }

    RandomFolders(long seed) {
        this.rnd = new Random(seed);
    }

    Folder next(String name) {
        int n = 1 + rnd.nextInt(10);
        int style = rnd.nextInt(4);
        List<String> ids = new ArrayList<>();
        Set<String> used = new HashSet<>();
        while (ids.size() < n) {
            String id = switch (style) {
                case 0 -> hex(12);
                case 1 -> hex(4);
                case 2 -> String.format(Locale.ROOT, "%04d", ids.size() + 1 + rnd.nextInt(3) * 100);
                default -> "rev_" + (char) ('a' + rnd.nextInt(26)) + (char) ('a' + rnd.nextInt(26));
            };
            if (used.add(id)) {
                ids.add(id);
            }
        }
        List<List<String>> down = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> parents = new ArrayList<>();
            if (i > 0 && rnd.nextDouble() > 0.08) {
                double p = rnd.nextDouble();
                int k = p < 0.8 ? 1 : p < 0.95 ? 2 : 3;
                while (parents.size() < Math.min(k, i)) {
                    String cand = ids.get(rnd.nextInt(i));
                    if (!parents.contains(cand)) {
                        parents.add(cand);
                    }
                }
            }
            down.add(parents);
        }
        List<List<String>> labels = new ArrayList<>();
        List<List<String>> deps = new ArrayList<>();
        List<String> allLabels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> l = null;
            if (rnd.nextDouble() < 0.15) {
                String label = "lab" + rnd.nextInt(6);
                l = rnd.nextDouble() < 0.2 ? List.of(label, "x" + label) : List.of(label);
                allLabels.addAll(l);
            }
            labels.add(l);
        }
        for (int i = 0; i < n; i++) {
            List<String> d = null;
            if (rnd.nextDouble() < 0.12 && n > 1) {
                boolean useLabel = !allLabels.isEmpty() && rnd.nextDouble() < 0.25;
                d = List.of(
                        useLabel
                                ? allLabels.get(rnd.nextInt(allLabels.size()))
                                : ids.get(rnd.nextInt(rnd.nextDouble() < 0.8 ? Math.max(i, 1) : n)));
            }
            deps.add(d);
        }
        List<String> revision = new ArrayList<>(ids);
        List<List<String>> downOut = new ArrayList<>(down);
        boolean[] noRevision = new boolean[n];
        boolean missingDepUsed = false;
        int mutations = rnd.nextDouble() < 0.45 ? 0 : 1 + rnd.nextInt(2);
        for (int m = 0; m < mutations; m++) {
            int i = rnd.nextInt(n);
            switch (rnd.nextInt(11)) {
                case 0 -> downOut.set(i, append(downOut.get(i), "zz" + hex(6), true));
                case 1 -> {
                    if (downOut.get(i) != null && !downOut.get(i).isEmpty()) {
                        String p = downOut.get(i).get(0);
                        downOut.set(i, replaceFirst(downOut.get(i), p.substring(0, Math.max(1, p.length() - 1)) + "f"));
                    }
                }
                case 2 -> revision.set(i, ids.get(rnd.nextInt(n)));
                case 3 -> downOut.set(i, List.of(ids.get(n - 1 - rnd.nextInt(n - i))));
                case 4 -> downOut.set(i, append(downOut.get(i), revision.get(i), false));
                case 5 -> revision.set(i, revision.get(i) + (rnd.nextBoolean() ? "-x" : "@y"));
                case 6 -> noRevision[i] = true;
                case 7 -> downOut.set(i, null);
                case 8 -> labels.set(i, List.of(rnd.nextBoolean() ? ids.get(rnd.nextInt(n)) : "lab" + rnd.nextInt(3)));
                case 9 -> {
                    if (!missingDepUsed) {
                        deps.set(i, List.of("nope" + rnd.nextInt(9)));
                        missingDepUsed = true;
                    }
                }
                default -> {
                    if (!allLabels.isEmpty()) {
                        downOut.set(i, List.of(allLabels.get(rnd.nextInt(allLabels.size()))));
                    }
                }
            }
        }
        List<GenFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String id = revision.get(i);
            String fname;
            if (noRevision[i] && rnd.nextBoolean()) {
                fname = hex(4 + rnd.nextInt(8)) + ".py";
            } else if (rnd.nextDouble() < 0.4) {
                fname = String.format(Locale.ROOT, "%03d_step_%d.py", 1 + rnd.nextInt(Math.max(1, n)), i);
            } else {
                fname = id.replaceAll("[^a-z0-9_]", "") + "_step" + i + ".py";
            }
            while (!names.add(fname)) {
                fname = "z" + fname;
            }
            files.add(new GenFile(
                    fname,
                    noRevision[i] ? null : id,
                    downOut.get(i),
                    labels.get(i),
                    deps.get(i),
                    "Step " + i + " of " + name));
        }
        return new Folder(name, files);
    }

    private static List<String> append(List<String> l, String v, boolean front) {
        List<String> out = new ArrayList<>(l == null ? List.of() : l);
        if (out.contains(v)) {
            return out;
        }
        if (front) {
            out.add(0, v);
        } else {
            out.add(v);
        }
        return out;
    }

    private static List<String> replaceFirst(List<String> l, String v) {
        List<String> out = new ArrayList<>(l);
        if (!out.contains(v)) {
            out.set(0, v);
        }
        return out;
    }

    private String hex(int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        return b.toString();
    }
}
