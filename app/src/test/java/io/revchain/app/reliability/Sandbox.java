package io.revchain.app.reliability;

import io.revchain.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** What the reliability tests share: migration text, the CLI in-process, and snapshots of a folder tree. */
final class Sandbox {
    private Sandbox() {}

    /** The CLI's exit code and output. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** An ordinary migration file's text. */
    static String migration(String rev, String down) {
        return "\"\"\"" + rev + "\n\nRevision ID: " + rev + "\nRevises: " + (down == null ? "" : down)
                + "\nCreate Date: 2026-01-01 00:00:00\n\n\"\"\"\nrevision = '" + rev + "'\ndown_revision = "
                + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n"
                + "    pass\n";
    }

    /**
     * Every entry under {@code dir} (symlinks not followed) → its kind and, for files, size and SHA-256: equal
     * snapshots mean nothing was created, changed or deleted.
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                out.put(dir.relativize(d) + "/", "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String rel = dir.relativize(f).toString();
                if (attrs.isSymbolicLink()) {
                    out.put(rel, "link->" + Files.readSymbolicLink(f));
                } else if (attrs.isRegularFile()) {
                    out.put(rel, attrs.size() + ":" + sha256(f));
                } else {
                    out.put(rel, "other");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try (var in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
