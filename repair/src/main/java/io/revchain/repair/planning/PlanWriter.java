package io.revchain.repair.planning;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a plan's file changes to disk, all or none: the only class of the planner that does I/O.
 *
 * <p>It refuses, before writing anything: a path outside the chain's version locations (only their top level, where
 * Alembic 1.8.1 looks), a path through a symlink or onto one, a location whose real path leaves the root, a new
 * file or rename target that already exists, and a file whose content changed since it was planned. Then every new
 * content goes to a temporary file next to its target, and only when all are written are they renamed into place
 * (atomic renames on the same folder); if a rename fails, the files already replaced are restored.
 */
public final class PlanWriter {

    private PlanWriter() {}

    /** Why nothing was written; names the file. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private record Step(FileChange change, Path target, Path old, Path temp) {}

    /**
     * Applies {@code changes} under {@code root}.
     *
     * @param root             the analysed root (paths in the changes are relative to it)
     * @param versionLocations the chain's version folders, relative to {@code root}
     * @throws RefusedException when a change may not be written (nothing was written)
     * @throws IOException      when the disk fails (what was written is rolled back as far as possible)
     */
    public static void write(Path root, List<String> versionLocations, List<FileChange> changes) throws IOException {
        Path realRoot = root.toRealPath();
        List<Path> allowed = new ArrayList<>();
        for (String loc : versionLocations) {
            Path p = root.resolve(loc).normalize();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    && p.toRealPath().startsWith(realRoot)) {
                allowed.add(p.toRealPath());
            }
        }
        List<Step> steps = new ArrayList<>();
        for (FileChange c : changes) {
            Path target = inside(root, c.newPath(), allowed);
            Path old = c.oldPath() == null ? null : inside(root, c.oldPath(), allowed);
            if (old != null) {
                requireUnchanged(old, c);
            }
            if (old == null || !old.equals(target)) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RefusedException(c.newPath() + " already exists; nothing was written");
                }
            }
            steps.add(new Step(c, target, old, target.resolveSibling("." + target.getFileName() + ".revchain-tmp")));
        }
        List<Path> temps = new ArrayList<>();
        try {
            for (Step s : steps) {
                Files.write(s.temp(), s.change().newBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                temps.add(s.temp());
            }
            commit(steps);
        } finally {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private static void commit(List<Step> steps) throws IOException {
        List<Step> done = new ArrayList<>();
        try {
            for (Step s : steps) {
                move(s.temp(), s.target());
                if (s.old() != null && !s.old().equals(s.target())) {
                    // a rename: the new name now holds the content, the old name goes away with it
                    Files.delete(s.old());
                }
                done.add(s);
            }
        } catch (IOException e) {
            for (Step s : done) {
                try {
                    if (s.old() == null) {
                        Files.deleteIfExists(s.target());
                    } else {
                        Files.write(s.old(), s.change().oldBytes());
                        if (!s.old().equals(s.target())) {
                            Files.deleteIfExists(s.target());
                        }
                    }
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The absolute path of {@code rel} when it names a plain entry directly inside an allowed location. */
    private static Path inside(Path root, String rel, List<Path> allowed) throws IOException {
        Path p = root.resolve(rel).normalize();
        if (rel.contains("\\")
                || rel.startsWith("/")
                || Arrays.asList(rel.split("/")).contains("..")) {
            throw new RefusedException(rel + " leaves the chain's version locations; nothing was written");
        }
        Path parent = p.getParent();
        if (parent == null
                || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)
                || !allowed.contains(parent.toRealPath())) {
            throw new RefusedException(rel + " is not directly inside one of the chain's version locations "
                    + "(or goes through a symlink); nothing was written");
        }
        if (Files.isSymbolicLink(p)) {
            throw new RefusedException(
                    rel + " is a symlink; revchain does not write through symlinks; nothing was " + "written");
        }
        return parent.toRealPath().resolve(p.getFileName());
    }

    private static void requireUnchanged(Path old, FileChange c) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(old, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new RefusedException(c.oldPath() + " cannot be read (" + e.getMessage() + "); nothing was written");
        }
        if (!a.isRegularFile()) {
            throw new RefusedException(c.oldPath() + " is not a regular file; nothing was written");
        }
        if (!Arrays.equals(Files.readAllBytes(old), c.oldBytes())) {
            throw new RefusedException(c.oldPath() + " changed since the plan was made; nothing was written");
        }
    }
}
