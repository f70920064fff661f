package io.revchain.core.discovery;

import io.revchain.core.model.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds folder layouts for discovery tests. */
final class Tree {
    final Path root;

    Tree(Path root) {
        this.root = root;
    }

    /** A minimal migration: only what Alembic needs to load it. */
    static String migration(String rev, String down) {
        return "revision = '" + rev + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'") + "\n";
    }

    Tree file(String rel, String content) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A migration whose revision id is derived from its file name. */
    Tree mig(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1).replaceAll("\\W", "_");
        return file(rel, migration("r_" + name + "_" + Math.abs(rel.hashCode()), null));
    }

    Tree ini(String rel, String... lines) {
        return file(rel, String.join("\n", lines) + "\n");
    }

    Tree dir(String rel) {
        try {
            Files.createDirectories(root.resolve(rel));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Tree link(String rel, Path target) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> paths(ChainSource c) {
        return c.files().stream().map(SourceFile::path).toList();
    }

    static List<String> checks(ChainSource c) {
        return c.findings().stream()
                .map(f -> f.check() + ":" + f.severity().label())
                .toList();
    }

    static String render(Finding f) {
        return f.check() + " " + f.severity().label() + " " + f.file() + ":" + f.line() + " " + f.message();
    }
}
