package io.revchain.repair.planning;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.core.model.Check;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Risk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Decides the renames of files whose numeric prefixes clash: of the files sharing a prefix, the one first in the
 * chain ({@link OrderKey} order, then path) keeps its name; each other gets the next free letter after the digits
 * ({@code 004_x.py} → {@code 004b_x.py}), which keeps the files in chain order. Only the file name changes; no
 * file is deleted.
 */
final class PrefixRenames {
    private PrefixRenames() {}

    static void apply(PlanningContext ctx) {
        Workspace ws = ctx.workspace();
        Map<String, List<MigrationScript>> byPrefix = new TreeMap<>();
        for (MigrationScript s : ws.scripts()) {
            Matcher m = FreeNames.FIRST_DIGITS.matcher(s.fileName());
            if (m.find()) {
                byPrefix.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(s);
            }
        }
        RevisionGraph g = ctx.graph();
        for (Map.Entry<String, List<MigrationScript>> e : byPrefix.entrySet()) {
            List<MigrationScript> group = new ArrayList<>(e.getValue());
            if (group.size() < 2) {
                continue;
            }
            group.sort(Comparator.comparing((MigrationScript s) -> scriptKey(ctx, g, s))
                    .thenComparing(MigrationScript::path));
            for (MigrationScript s : group.subList(1, group.size())) {
                Set<String> names = new HashSet<>();
                for (String p : ws.paths()) {
                    names.add(p.substring(p.lastIndexOf('/') + 1));
                }
                String rest = s.fileName().substring(e.getKey().length());
                String newName = FreeNames.nextLetter(e.getKey(), rest, names);
                String dir =
                        s.path().substring(0, s.path().length() - s.fileName().length());
                String newPath = dir + newName;
                FindingRef r = ctx.ref(Check.DUPLICATE_PREFIX, null, ws.originalPath(s.path()));
                ws.rename(s.path(), newPath);
                ctx.act(
                        ActionKind.RENAME_FILE,
                        s.path(),
                        newPath,
                        s.revisionId(),
                        r,
                        "prefix '" + e.getKey() + "_' is shared with "
                                + group.get(0).fileName()
                                + ", which comes first in the chain; the next free letter keeps the files in "
                                + "chain order",
                        Risk.LOW);
            }
        }
    }

    private static OrderKey scriptKey(PlanningContext ctx, RevisionGraph g, MigrationScript s) {
        String id = s.revisionId();
        for (RevisionNode n : g.nodes()) {
            if (n.script().path().equals(s.path())) {
                return ctx.key(n);
            }
        }
        return OrderKey.of(s.docstring().createDate(), s.fileName(), null, id == null ? s.path() : id);
    }
}
