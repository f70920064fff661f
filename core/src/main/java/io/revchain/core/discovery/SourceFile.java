package io.revchain.core.discovery;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One migration file Alembic would load.
 *
 * @param path relative to the discovery root, '/' separators, as reached through its version location
 * @param file the file's real path (symlinks resolved and checked to stay inside the root)
 */
public record SourceFile(String path, Path file) {
    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(file, "file");
    }
}
