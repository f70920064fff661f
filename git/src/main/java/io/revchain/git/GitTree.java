package io.revchain.git;

import io.revchain.core.tree.PyOrder;
import io.revchain.core.tree.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit's tree as a {@link SourceTree}, read through JGit's {@link TreeWalk}, so that ingest resolves chains
 * with {@code ChainResolver}, the code {@code revchain check} runs on a checkout.
 *
 * <p>It decides what each entry is: a tree is a {@link Kind#FOLDER}, a regular or executable blob a
 * {@link Kind#FILE}; a symbolic link and a submodule (gitlink) are {@link Kind#OTHER} and never followed (a
 * checkout's link would point anywhere), and so is every path below one. A path with a {@code ..} segment or a
 * leading '/' is {@link Kind#OTHER}, as on disk. Listings are sorted as Python sorts {@code str}
 * ({@link PyOrder#PYTHON_ORDER}), not in git's order. Reads never load a blob larger than the caller's limit.
 *
 * <p>Each folder's entries are read once and kept for the life of the instance (one layout resolution or one full
 * scan): {@code ChainResolver} asks about every entry of every folder it walks. An object that cannot be read (a
 * damaged or partial clone) lists as empty, as the interface asks, and is remembered in {@link #failure()}, so a
 * caller can refuse a layout read from an incomplete tree instead of publishing it. Not thread-safe.
 */
public final class GitTree implements SourceTree {

    /** One entry of a folder. */
    private record Entry(String name, FileMode mode, ObjectId id) {}

    /** One regular file directly in a folder, with its blob id. */
    public record FileEntry(String path, String name, ObjectId blob) {}

    private final ObjectReader reader;
    private final ObjectId root;
    /** folder → its entries by name (Python order); {@code null} value: not a folder. */
    private final Map<String, Map<String, Entry>> listings = new HashMap<>();

    private IOException failure;

    /**
     * @param reader reads the repository's objects (the caller closes it)
     * @param tree   the commit's root tree
     */
    public GitTree(ObjectReader reader, AnyObjectId tree) {
        this.reader = reader;
        this.root = tree.toObjectId();
    }

    /** The first object that could not be read, if any: the answers given since may be incomplete. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Kind kind(String path) {
        if (escapes(path)) {
            return Kind.OTHER;
        }
        if (path.isEmpty()) {
            return Kind.FOLDER;
        }
        Entry e = entry(path);
        return e == null ? kindBelowNonFolder(path) : kindOf(e.mode());
    }

    @Override
    public List<String> list(String folder) {
        Map<String, Entry> entries = escapes(folder) ? null : listing(folder);
        return entries == null ? List.of() : List.copyOf(entries.keySet());
    }

    @Override
    public Optional<byte[]> read(String path, int limit) {
        Entry e = fileEntry(path);
        if (e == null) {
            return Optional.empty();
        }
        try {
            ObjectLoader loader = reader.open(e.id());
            if (loader.getSize() > limit) {
                return Optional.empty();
            }
            // a copy: the loader may hand out its cached array, and callers own what they get
            return Optional.of(loader.getBytes(limit));
        } catch (IOException ex) {
            fail(ex);
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> head(String path, int n) {
        Entry e = fileEntry(path);
        if (e == null) {
            return Optional.empty();
        }
        try (InputStream in = reader.open(e.id()).openStream()) {
            return Optional.of(in.readNBytes(n));
        } catch (IOException ex) {
            fail(ex);
            return Optional.empty();
        }
    }

    /**
     * The regular files directly in {@code folder}, sorted as Python sorts their names; empty when it is not a
     * folder.
     *
     * @throws IOException when an object of this tree could not be read, now or before (a full scan must not skip
     *                     files: the analyzer would drop them)
     */
    public List<FileEntry> files(String folder) throws IOException {
        Map<String, Entry> entries = escapes(folder) ? null : listing(folder);
        if (failure != null) {
            throw failure;
        }
        if (entries == null) {
            return List.of();
        }
        String prefix = folder.isEmpty() ? "" : folder + "/";
        List<FileEntry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (kindOf(e.mode()) == Kind.FILE) {
                out.add(new FileEntry(prefix + e.name(), e.name(), e.id()));
            }
        }
        return out;
    }

    /** Whether a mode is a regular (or executable) file: what git checks out as a plain file. */
    static boolean isRegular(FileMode m) {
        return m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE;
    }

    private static Kind kindOf(FileMode mode) {
        if (mode == FileMode.TREE) {
            return Kind.FOLDER;
        }
        return isRegular(mode) ? Kind.FILE : Kind.OTHER;
    }

    private Entry fileEntry(String path) {
        if (escapes(path) || path.isEmpty()) {
            return null;
        }
        Entry e = entry(path);
        return e != null && isRegular(e.mode()) ? e : null;
    }

    /** The entry at {@code path}, {@code null} when its folder does not exist or does not hold it. */
    private Entry entry(String path) {
        Map<String, Entry> parent = listing(SourceTree.parent(path));
        return parent == null ? null : parent.get(SourceTree.name(path));
    }

    /** A path whose entry was not found: below a link or submodule it is OTHER (never followed), else MISSING. */
    private Kind kindBelowNonFolder(String path) {
        String p = SourceTree.parent(path);
        while (!p.isEmpty()) {
            Entry e = entry(p);
            if (e != null) {
                return kindOf(e.mode()) == Kind.OTHER ? Kind.OTHER : Kind.MISSING;
            }
            p = SourceTree.parent(p);
        }
        return Kind.MISSING;
    }

    /** The entries of {@code folder} by name, read once; {@code null} when it is not a folder. */
    private Map<String, Entry> listing(String folder) {
        if (listings.containsKey(folder)) {
            return listings.get(folder);
        }
        ObjectId id;
        if (folder.isEmpty()) {
            id = root;
        } else {
            Map<String, Entry> parent = listing(SourceTree.parent(folder));
            Entry e = parent == null ? null : parent.get(SourceTree.name(folder));
            id = e != null && e.mode() == FileMode.TREE ? e.id() : null;
        }
        Map<String, Entry> entries = id == null ? null : readTree(id);
        listings.put(folder, entries);
        return entries;
    }

    private Map<String, Entry> readTree(ObjectId id) {
        Map<String, Entry> out = new TreeMap<>(PyOrder.PYTHON_ORDER);
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(id);
            tw.setRecursive(false);
            while (tw.next()) {
                out.put(tw.getNameString(), new Entry(tw.getNameString(), tw.getFileMode(0), tw.getObjectId(0)));
            }
        } catch (IOException e) {
            fail(e);
            return Collections.emptyMap();
        }
        return Collections.unmodifiableMap(out);
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    private static boolean escapes(String path) {
        return path.startsWith("/")
                || path.equals("..")
                || path.startsWith("../")
                || path.contains("/../")
                || path.endsWith("/..");
    }

    /** A blob's bytes, or {@code null} when it is larger than {@code limit}. */
    static byte[] read(ObjectReader reader, ObjectId blob, int limit) throws IOException {
        ObjectLoader loader = reader.open(blob);
        if (loader.getSize() > limit) {
            return null;
        }
        return loader.getCachedBytes(limit);
    }
}
