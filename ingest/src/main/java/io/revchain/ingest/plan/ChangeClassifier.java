package io.revchain.ingest.plan;

import io.revchain.core.discovery.TreeRules;
import io.revchain.git.layout.FileDelta;
import io.revchain.git.layout.Layout;
import io.revchain.git.layout.TreeChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one commit's diff into migration-file changes: only entries inside the {@link Layout}'s version folders
 * count, and a rename is a {@code RENAMED} only when both ends are migrations (a file moved into a version folder
 * is {@code ADDED}, one moved out is {@code DELETED}). A symlink or submodule is never a migration. Copies are
 * reported as additions. Output order: by path, as Python sorts strings. Pure.
 */
public final class ChangeClassifier {
    private ChangeClassifier() {}

    private static final Comparator<FileDelta> ORDER = Comparator.comparing(FileDelta::path, TreeRules.pythonOrder());

    public static List<FileDelta> classify(List<TreeChange> changes, Layout layout) {
        List<FileDelta> out = new ArrayList<>();
        for (TreeChange c : changes) {
            boolean oldIn = c.oldPath() != null && c.oldRegular() && layout.isMigration(c.oldPath());
            boolean newIn = c.newPath() != null && c.newRegular() && layout.isMigration(c.newPath());
            switch (c.kind()) {
                case ADD, COPY -> {
                    if (newIn) {
                        out.add(FileDelta.added(c.newPath(), c.newBlob()));
                    }
                }
                case DELETE -> {
                    if (oldIn) {
                        out.add(FileDelta.deleted(c.oldPath()));
                    }
                }
                case MODIFY -> {
                    if (oldIn && newIn) {
                        out.add(FileDelta.modified(c.newPath(), c.newBlob()));
                    } else if (newIn) {
                        out.add(FileDelta.added(c.newPath(), c.newBlob()));
                    } else if (oldIn) {
                        out.add(FileDelta.deleted(c.oldPath()));
                    }
                }
                case RENAME -> {
                    if (oldIn && newIn) {
                        out.add(FileDelta.renamed(c.oldPath(), c.newPath(), c.newBlob()));
                    } else if (newIn) {
                        out.add(FileDelta.added(c.newPath(), c.newBlob()));
                    } else if (oldIn) {
                        out.add(FileDelta.deleted(c.oldPath()));
                    }
                }
                default -> throw new IllegalStateException("unknown change kind " + c.kind());
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
