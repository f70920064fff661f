package io.revchain.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Folders in tests: the repository's own fixtures found from whichever module runs, copied, and read back. A copy
 * holds folders and regular files only: a link is neither copied nor followed, so a hostile fixture stays inside.
 */
public final class TestTrees {
    private TestTrees() {}

    /** {@code rel} (e.g. {@code fixtures/acgs2}) in the nearest folder above the working folder that holds it. */
    public static Path locate(String rel) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(rel))) {
                return p.resolve(rel);
            }
        }
        throw new IllegalStateException(rel + " not found above " + here);
    }

    /** Copies the folders and regular files of {@code from} into {@code to}; returns {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /**
     * A plain Alembic project in {@code dir}: {@code alembic.ini} pointing at {@code migrations}, and one migration
     * file ({@code migrations/versions/one.py}) holding {@code script}; returns {@code dir}.
     */
    public static Path oneFileChain(Path dir, String script) throws IOException {
        Files.createDirectories(dir.resolve("migrations/versions"));
        Files.writeString(dir.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Files.writeString(dir.resolve("migrations/versions/one.py"), script);
        return dir;
    }

    /** Every regular file below {@code root} by its relative path, with its text. */
    public static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }
}
