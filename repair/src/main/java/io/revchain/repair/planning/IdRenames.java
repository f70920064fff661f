package io.revchain.repair.planning;

import io.revchain.core.model.Check;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Risk;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the file name of a copy that {@link DuplicateIds} gave a new revision id: a file named for its old id
 * ({@code e4f5a6b7c8d9_add_stock.py}) is renamed for the new one, so the fix leaves no {@code file-name-mismatch}
 * behind. A file named otherwise (a sequence prefix, a date) keeps its name. Runs after every edit, like
 * {@link PrefixRenames}, so no later family looks for the old path.
 */
final class IdRenames {
    private IdRenames() {}

    static void apply(PlanningContext ctx) {
        Workspace ws = ctx.workspace();
        List<RepairAction> newIds = ctx.actions().stream()
                .filter(a -> a.kind() == ActionKind.NEW_REVISION_ID)
                .toList();
        for (RepairAction a : newIds) {
            String oldId = ctx.originalScripts().stream()
                    .filter(s -> s.path().equals(a.file()))
                    .map(MigrationScript::revisionId)
                    .findFirst()
                    .orElse(null);
            String now = ws.paths().stream()
                    .filter(p -> a.file().equals(ws.originalPath(p)))
                    .findFirst()
                    .orElse(null);
            if (oldId == null || now == null || a.revision() == null) {
                continue;
            }
            String name = now.substring(now.lastIndexOf('/') + 1);
            if (!name.startsWith(oldId + "_") && !name.equals(oldId + ".py")) {
                continue;
            }
            String newName = a.revision() + name.substring(oldId.length());
            String newPath = now.substring(0, now.length() - name.length()) + newName;
            Set<String> taken = new HashSet<>(ws.paths());
            if (taken.contains(newPath)) {
                ctx.note(now + " now declares '" + a.revision() + "' but " + newPath + " exists: rename it by hand");
                continue;
            }
            ws.rename(now, newPath);
            ctx.act(
                    ActionKind.RENAME_FILE,
                    now,
                    newPath,
                    a.revision(),
                    ctx.ref(Check.DUPLICATE_REVISION, oldId, null),
                    "the file was named for '" + oldId + "', which another file keeps; named now for its new id",
                    Risk.LOW);
        }
    }
}
