package io.revchain.ingest.scan;

import io.revchain.core.discovery.TreeRules;
import io.revchain.ingest.plan.TreeView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit's tree read through JGit's {@link TreeWalk}: the {@link TreeView} discovery needs, with the same
 * depth limit and skipped folders as {@code Discovery} on disk.
 */
final class GitTree implements TreeView {

    /** One regular file directly in a folder. */
    record Entry(String path, String name, ObjectId blob) {}

    private static final int MAX_INI_BYTES = 1024 * 1024;
    private static final int MAX_PROBES = 1000;

    private final ObjectReader reader;
    private final RevTree tree;
    private List<String> inis;
    private List<String> versions;

    GitTree(ObjectReader reader, RevTree tree) {
        this.reader = reader;
        this.tree = tree;
    }

    private void walk() {
        if (inis != null) {
            return;
        }
        List<String> foundInis = new ArrayList<>();
        List<String> foundVersions = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(tree);
            tw.setRecursive(false);
            while (tw.next()) {
                // depth counts parent folders: an entry at depth d has d + 1 path segments (Discovery walks 6)
                if (tw.getDepth() >= TreeRules.MAX_DEPTH) {
                    continue;
                }
                String name = tw.getNameString();
                if (tw.isSubtree()) {
                    if (TreeRules.SKIPPED_DIRS.contains(name)) {
                        continue;
                    }
                    if (name.equals("versions")) {
                        foundVersions.add(tw.getPathString());
                    }
                    tw.enterSubtree();
                } else if (name.equals("alembic.ini") && isRegular(tw.getFileMode(0))) {
                    foundInis.add(tw.getPathString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inis = List.copyOf(foundInis);
        versions = List.copyOf(foundVersions);
    }

    static boolean isRegular(FileMode m) {
        return m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE;
    }

    @Override
    public List<String> alembicInis() {
        walk();
        return inis;
    }

    @Override
    public List<String> versionsFolders() {
        walk();
        return versions;
    }

    private TreeWalk at(String path) throws IOException {
        return TreeWalk.forPath(reader, path, tree);
    }

    @Override
    public Optional<String> text(String path) {
        try (TreeWalk tw = at(path)) {
            if (tw == null || !isRegular(tw.getFileMode(0))) {
                return Optional.empty();
            }
            byte[] bytes = read(reader, tw.getObjectId(0), MAX_INI_BYTES);
            return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean isFile(String path) {
        try (TreeWalk tw = at(path)) {
            return tw != null && isRegular(tw.getFileMode(0));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean isFolder(String path) {
        if (path.isEmpty()) {
            return true;
        }
        try (TreeWalk tw = at(path)) {
            return tw != null && tw.getFileMode(0) == FileMode.TREE;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean mentionsDownRevision(String folder) {
        int probes = 0;
        for (Entry e : files(folder)) {
            if (!TreeRules.isMigrationName(e.name())) {
                continue;
            }
            try (InputStream in = reader.open(e.blob()).openStream()) {
                if (TreeRules.mentionsDownRevision(in.readNBytes(TreeRules.PROBE_BYTES))) {
                    return true;
                }
            } catch (IOException ex) {
                // an unreadable object is no evidence of a migration
            }
            if (++probes >= MAX_PROBES) {
                return false;
            }
        }
        return false;
    }

    /** The regular files directly in {@code folder}, in tree order; empty when it is not a folder. */
    List<Entry> files(String folder) {
        List<Entry> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            if (folder.isEmpty()) {
                tw.addTree(tree);
            } else {
                try (TreeWalk f = at(folder)) {
                    if (f == null || f.getFileMode(0) != FileMode.TREE) {
                        return List.of();
                    }
                    tw.addTree(f.getObjectId(0));
                }
            }
            tw.setRecursive(false);
            String prefix = folder.isEmpty() ? "" : folder + "/";
            while (tw.next()) {
                if (isRegular(tw.getFileMode(0))) {
                    out.add(new Entry(prefix + tw.getNameString(), tw.getNameString(), tw.getObjectId(0)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
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
