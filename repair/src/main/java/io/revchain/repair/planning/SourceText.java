package io.revchain.repair.planning;

import java.util.Objects;

/**
 * One migration file handed to the planner.
 *
 * @param path  relative to the root, '/' separators
 * @param bytes its content
 */
public record SourceText(String path, byte[] bytes) {
    public SourceText {
        Objects.requireNonNull(path, "path");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
