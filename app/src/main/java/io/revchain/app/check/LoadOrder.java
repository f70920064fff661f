package io.revchain.app.check;

import io.revchain.core.model.MigrationScript;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a chain's Alembic release loads its files, which decides the order it prints heads and runs
 * an upgrade in: from 1.10 each folder sorted (discovery's order), before 1.10 in {@code os.listdir} order. The JDK
 * lists a folder with the same {@code readdir}, so on the same machine the order matches. ({@code check} keeps
 * sorted order so that its findings do not depend on the file system.)
 */
public final class LoadOrder {
    private LoadOrder() {}

    /** The chain's files in the order its release loads them, folders read under {@code root}. */
    public static List<MigrationScript> of(Path root, CheckRunner.Analysed chain) {
        List<MigrationScript> scripts = chain.loaded().scripts();
        return chain.source().release().sortedLoadOrder() ? scripts : listing(root, scripts);
    }

    /** The files in each folder's listing order, folders in the order discovery met them. */
    static List<MigrationScript> listing(Path root, List<MigrationScript> scripts) {
        Map<String, Integer> folderOrder = new LinkedHashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        for (MigrationScript s : scripts) {
            String folder = folderOf(s.path());
            if (folderOrder.putIfAbsent(folder, folderOrder.size()) == null) {
                try (DirectoryStream<Path> ds =
                        Files.newDirectoryStream(root.resolve(folder.isEmpty() ? "." : folder))) {
                    int i = 0;
                    for (Path p : ds) {
                        rank.put(folder + "/" + p.getFileName(), i++);
                    }
                } catch (IOException | RuntimeException e) {
                    // Unlistable now: keep discovery's sorted order for that folder.
                }
            }
        }
        List<MigrationScript> ordered = new ArrayList<>(scripts);
        ordered.sort(Comparator.comparingInt((MigrationScript s) -> folderOrder.get(folderOf(s.path())))
                .thenComparingInt(s -> rank.getOrDefault(folderOf(s.path()) + "/" + s.fileName(), Integer.MAX_VALUE)));
        return ordered;
    }

    private static String folderOf(String relative) {
        int i = relative.lastIndexOf('/');
        return i < 0 ? "" : relative.substring(0, i);
    }
}
