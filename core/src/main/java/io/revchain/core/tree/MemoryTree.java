package io.revchain.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link SourceTree} held in memory: files by repository-relative path; folders are implied by the paths. */
public final class MemoryTree implements SourceTree {

    private final Map<String, byte[]> files;
    private final Map<String, TreeSet<String>> children = new TreeMap<>();

    public MemoryTree(Map<String, byte[]> files) {
        this.files = Map.copyOf(files);
        children.put("", new TreeSet<>(PyOrder.PYTHON_ORDER));
        for (String path : this.files.keySet()) {
            String child = path;
            String parent = SourceTree.parent(path);
            while (true) {
                children.computeIfAbsent(parent, k -> new TreeSet<>(PyOrder.PYTHON_ORDER))
                        .add(SourceTree.name(child));
                if (parent.isEmpty()) {
                    break;
                }
                child = parent;
                parent = SourceTree.parent(parent);
            }
        }
    }

    /** A tree of UTF-8 texts. */
    public static MemoryTree ofTexts(Map<String, String> texts) {
        Map<String, byte[]> bytes = new TreeMap<>();
        texts.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new MemoryTree(bytes);
    }

    @Override
    public Kind kind(String path) {
        if (files.containsKey(path)) {
            return Kind.FILE;
        }
        return children.containsKey(path) ? Kind.FOLDER : Kind.MISSING;
    }

    @Override
    public List<String> list(String folder) {
        TreeSet<String> names = children.get(folder);
        return names == null ? List.of() : new ArrayList<>(names);
    }

    @Override
    public Optional<byte[]> head(String path, int n) {
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(Arrays.copyOf(b, Math.min(n, b.length)));
    }

    @Override
    public Optional<byte[]> read(String path, int limit) {
        byte[] b = files.get(path);
        return b == null || b.length > limit ? Optional.empty() : Optional.of(b.clone());
    }
}
