package io.revchain.repair.planning;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seeded random broken version folders, written as Python source the way people write migrations: hex and
 * {@code NNN_name} ids, plain or annotated assignments, either quote, branches, merges, several roots, and the
 * breakages the ACGS-2 folder had (typos, file names used as ids, lost files, duplicate prefixes, missing hash)
 * plus duplicated ids, cycles, self-loops, branch labels used as parents, label conflicts, stale docstrings.
 */
final class BrokenFolders {

    static final String LOCATION = "versions";

    private BrokenFolders() {}

    /** One generated revision. */
    static final class Rev {
        String id;
        List<String> down = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String revises;
        String date;
        String file;
        boolean typed;
        char quote;
        boolean marker;
    }

    static List<SourceText> generate(long seed) {
        Random rnd = new Random(seed);
        int n = 2 + rnd.nextInt(11);
        List<Rev> revs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        boolean numbered = rnd.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            Rev r = new Rev();
            do {
                r.id = numbered ? String.format("%03d_%s", i + 1, word(rnd)) : hex(rnd);
            } while (!used.add(r.id));
            if (i > 0) {
                int k = rnd.nextInt(10);
                if (k < 6) {
                    r.down.add(revs.get(i - 1).id);
                } else if (k < 8) {
                    r.down.add(revs.get(rnd.nextInt(i)).id);
                } else if (k < 9 && i > 1) {
                    int a = rnd.nextInt(i);
                    int b = rnd.nextInt(i);
                    r.down.add(revs.get(a).id);
                    if (b != a) {
                        r.down.add(revs.get(b).id);
                    }
                }
            }
            r.date = rnd.nextInt(12) == 0
                    ? null
                    : String.format("2024-%02d-%02d %02d:00:00.000000", 1 + i / 28, 1 + i % 28, rnd.nextInt(24));
            r.typed = rnd.nextInt(3) == 0;
            r.quote = rnd.nextBoolean() ? '\'' : '"';
            r.marker = rnd.nextInt(4) != 0;
            revs.add(r);
        }
        if (rnd.nextInt(4) == 0 && n > 3) {
            // two dates swapped: a link the dates contradict
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n);
            String t = revs.get(a).date;
            revs.get(a).date = revs.get(b).date;
            revs.get(b).date = t;
        }
        int breaks = 1 + rnd.nextInt(3);
        for (int k = 0; k < breaks; k++) {
            breakOne(rnd, revs);
        }
        for (Rev r : revs) {
            r.revises = rnd.nextInt(10) == 0 ? "stale_" + hex(rnd) : String.join(", ", r.down);
        }
        Map<String, Integer> prefixes = new LinkedHashMap<>();
        for (int i = 0; i < revs.size(); i++) {
            Rev r = revs.get(i);
            String slug = word(rnd);
            if (!numbered && rnd.nextInt(5) == 0) {
                // sequential prefixes, sometimes clashing (two branches both wrote 00N_)
                int p = 1 + rnd.nextInt(Math.max(1, revs.size() / 2));
                prefixes.merge(String.format("%03d", p), 1, Integer::sum);
                r.file = String.format("%03d_%s_%d.py", p, slug, i);
            } else {
                r.file = r.id.replaceAll("[^A-Za-z0-9_]", "_") + "_" + slug + ".py";
            }
        }
        List<SourceText> out = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (Rev r : revs) {
            String name = r.file;
            for (int i = 2; !files.add(name); i++) {
                name = r.file.replace(".py", "_" + i + ".py");
            }
            out.add(new SourceText(LOCATION + "/" + name, python(r).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static void breakOne(Random rnd, List<Rev> revs) {
        int n = revs.size();
        Rev r = revs.get(rnd.nextInt(n));
        switch (rnd.nextInt(10)) {
            case 0, 1 -> { // a typo of an existing id
                if (!r.down.isEmpty()) {
                    String d = r.down.get(0);
                    r.down.set(0, d.substring(0, d.length() - 1) + (d.endsWith("x") ? "y" : "x"));
                }
            }
            case 2, 3 -> { // a revision whose file was lost
                if (!r.down.isEmpty()) {
                    r.down.set(0, "lost" + hex(rnd).substring(4));
                }
            }
            case 4 -> { // a second root
                r.down.clear();
            }
            case 5 -> { // a duplicated id
                Rev other = revs.get(rnd.nextInt(n));
                if (other != r && !r.down.contains(other.id)) {
                    String old = r.id;
                    r.id = other.id;
                    for (Rev x : revs) {
                        x.down.replaceAll(d -> d.equals(old) ? other.id : d);
                    }
                    r.down.remove(r.id);
                }
            }
            case 6 -> { // a cycle: an early revision points at a later one
                int i = revs.indexOf(r);
                if (i + 2 < n && !r.down.isEmpty()) {
                    r.down.set(0, revs.get(i + 1 + rnd.nextInt(n - i - 1)).id);
                }
            }
            case 7 -> { // a self-loop
                r.down.add(r.id);
            }
            case 8 -> { // a branch label used as a parent
                int i = revs.indexOf(r);
                if (i > 0) {
                    Rev parent = revs.get(rnd.nextInt(i));
                    String label = "lbl_" + parent.id.substring(0, 4);
                    if (!parent.labels.contains(label)) {
                        parent.labels.add(label);
                    }
                    r.down.clear();
                    r.down.add(label);
                }
            }
            default -> { // two revisions claim the same label
                Rev other = revs.get(rnd.nextInt(n));
                r.labels.add("shared");
                if (other != r) {
                    other.labels.add("shared");
                }
            }
        }
    }

    static String python(Rev r) {
        StringBuilder b = new StringBuilder();
        b.append("\"\"\"")
                .append("change ")
                .append(r.id)
                .append("\n\nRevision ID: ")
                .append(r.id)
                .append("\nRevises: ")
                .append(r.revises)
                .append('\n');
        if (r.date != null) {
            b.append("Create Date: ").append(r.date).append('\n');
        }
        if (r.marker) {
            b.append("\nConstitutional Hash: cdd01ef066bc6cf2\n");
        }
        b.append("\"\"\"\n");
        if (r.typed) {
            b.append("from typing import Sequence, Union\n\n");
        }
        b.append("from alembic import op\n\n# revision identifiers, used by Alembic.\n");
        String q = String.valueOf(r.quote);
        String t1 = r.typed ? ": str" : "";
        String t2 = r.typed ? ": Union[str, Sequence[str], None]" : "";
        b.append("revision")
                .append(t1)
                .append(" = ")
                .append(q)
                .append(r.id)
                .append(q)
                .append('\n');
        b.append("down_revision")
                .append(t2)
                .append(" = ")
                .append(lit(r.down, q))
                .append('\n');
        b.append("branch_labels")
                .append(t2)
                .append(" = ")
                .append(lit(r.labels, q))
                .append('\n');
        b.append("depends_on")
                .append(t2)
                .append(" = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
        return b.toString();
    }

    private static String lit(List<String> v, String q) {
        if (v.isEmpty()) {
            return "None";
        }
        if (v.size() == 1) {
            return q + v.get(0) + q;
        }
        return "(" + String.join(", ", v.stream().map(s -> q + s + q).toList()) + ")";
    }

    private static String hex(Random rnd) {
        return String.format("%012x", rnd.nextLong() & 0xffffffffffffL);
    }

    private static final String[] WORDS = {
        "users", "orders", "audit", "policy", "tenant", "cache", "review", "metrics", "events", "keys"
    };

    private static String word(Random rnd) {
        return WORDS[rnd.nextInt(WORDS.length)].toLowerCase(Locale.ROOT);
    }

    /** The files after a plan: originals replaced, renamed or kept, new files added. */
    static List<SourceText> apply(List<SourceText> files, List<FileChange> changes) {
        Map<String, byte[]> out = new TreeMap<>();
        for (SourceText s : files) {
            out.put(s.path(), s.bytes());
        }
        for (FileChange c : changes) {
            if (c.oldPath() != null) {
                out.remove(c.oldPath());
            }
        }
        for (FileChange c : changes) {
            out.put(c.newPath(), c.newBytes());
        }
        List<SourceText> list = new ArrayList<>();
        out.forEach((p, b) -> list.add(new SourceText(p, b)));
        return list;
    }
}
