package io.revchain.core.tree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A checkout on disk as a {@link SourceTree}. A symbolic link counts as its target only while the target's real path
 * stays inside the root; a file is read through its real path, without following a link on the last step, and never
 * more than the caller's limit.
 */
public final class DiskTree implements SourceTree {

    private final Path root;
    private final Path realRoot;

    /** @throws IOException when the root cannot be resolved */
    public DiskTree(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    /** The root on disk. */
    public Path root() {
        return root;
    }

    /** The path on disk of a repository-relative path (lexical; not checked). */
    public Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    @Override
    public Kind kind(String path) {
        if (path.indexOf('\0') >= 0) {
            // no file name holds a NUL (a hostile configuration may still name one)
            return Kind.MISSING;
        }
        if (escapes(path)) {
            return Kind.OTHER;
        }
        Path p = resolve(path);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink() || !isPlainParent(path)) {
                Path real;
                try {
                    real = p.toRealPath();
                } catch (IOException e) {
                    return a.isSymbolicLink() ? Kind.OTHER : Kind.MISSING;
                }
                if (!real.startsWith(realRoot)) {
                    return Kind.OTHER;
                }
                a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            return a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.FOLDER : Kind.OTHER;
        } catch (IOException e) {
            return Kind.MISSING;
        }
    }

    /** Folders known to have no link on their way from the root: each is checked once, not once per entry. */
    private final Set<String> plainFolders = ConcurrentHashMap.newKeySet();

    /** Whether no folder on the way to {@code path} is a link (the common case, checked without resolving). */
    private boolean isPlainParent(String path) {
        String folder = SourceTree.parent(path);
        if (folder.isEmpty() || plainFolders.contains(folder)) {
            return true;
        }
        if (!isPlainParent(folder) || Files.isSymbolicLink(resolve(folder))) {
            return false;
        }
        plainFolders.add(folder);
        return true;
    }

    private static boolean escapes(String path) {
        if (path.startsWith("/")
                || path.equals("..")
                || path.startsWith("../")
                || path.contains("/../")
                || path.endsWith("/..")) {
            return true;
        }
        return false;
    }

    @Override
    public List<String> list(String folder) {
        if (kind(folder) != Kind.FOLDER) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(folder))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        names.sort(PyOrder.PYTHON_ORDER);
        return names;
    }

    @Override
    public Refusal refusal(String path) {
        if (path.indexOf('\0') >= 0) {
            return new Refusal(false, "is not a valid file name (it holds a NUL character)");
        }
        if (escapes(path)) {
            return new Refusal(true, "leads outside the repository");
        }
        Path p = resolve(path);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean link = a.isSymbolicLink();
            if (link || !isPlainParent(path)) {
                Path real;
                try {
                    real = p.toRealPath();
                } catch (IOException e) {
                    return new Refusal(false, link ? "is a broken symbolic link" : "cannot be resolved");
                }
                if (!real.startsWith(realRoot)) {
                    return new Refusal(
                            true,
                            link
                                    ? "is a symbolic link leading outside the repository"
                                    : "lies in a folder linked from outside the repository");
                }
                a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            return a.isRegularFile()
                    ? new Refusal(false, "is a regular file")
                    : a.isDirectory()
                            ? new Refusal(false, "is a folder, not a regular file")
                            : new Refusal(false, "is not a regular file (a FIFO, socket or device)");
        } catch (IOException e) {
            return new Refusal(false, "does not exist");
        }
    }

    /**
     * What {@link #readChecked} gives: the bytes, or (bytes {@code null}) why the file was not read, in words that
     * never include its content.
     */
    public record Read(byte[] bytes, Refusal refusal) {
        public boolean ok() {
            return bytes != null;
        }
    }

    /**
     * The one way revchain opens a file of an untrusted repository: no link leading out of the root is followed,
     * only a regular file is opened (a FIFO never blocks the caller), and never more than {@code limit} bytes are
     * read. A refusal says why in words ({@link Refusal#reason}), never with the file's content or real path.
     */
    public Read readChecked(String path, int limit) {
        if (kind(path) != Kind.FILE) {
            return new Read(null, refusal(path));
        }
        Path real;
        try {
            real = resolve(path).toRealPath();
        } catch (IOException e) {
            return new Read(null, new Refusal(false, "cannot be resolved"));
        }
        try (SeekableByteChannel ch = Files.newByteChannel(
                        real, Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                InputStream in = Channels.newInputStream(ch)) {
            if (ch.size() > limit) {
                return new Read(null, new Refusal(false, "is larger than " + limit + " bytes"));
            }
            // read one byte more than allowed: a file that grew after its size was taken is still refused
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit
                    ? new Read(null, new Refusal(false, "is larger than " + limit + " bytes"))
                    : new Read(bytes, null);
        } catch (IOException | RuntimeException e) {
            return new Read(
                    null, new Refusal(false, "cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    @Override
    public Optional<byte[]> read(String path, int limit) {
        return Optional.ofNullable(readChecked(path, limit).bytes());
    }

    @Override
    public Optional<byte[]> head(String path, int n) {
        if (kind(path) != Kind.FILE) {
            return Optional.empty();
        }
        Path real;
        try {
            real = resolve(path).toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (SeekableByteChannel ch = Files.newByteChannel(
                        real, Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                InputStream in = Channels.newInputStream(ch)) {
            return Optional.of(in.readNBytes(n));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
