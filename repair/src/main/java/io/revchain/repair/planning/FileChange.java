package io.revchain.repair.planning;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file the plan creates or changes.
 *
 * @param oldPath  the file before (relative to the root), {@code null} for a new file
 * @param newPath  the file after; differs from {@code oldPath} for a rename
 * @param oldBytes the content before, {@code null} for a new file (used to refuse writing over a changed file)
 * @param newBytes the content after
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileChange(
        String oldPath,
        String newPath,
        @JsonIgnore byte[] oldBytes,
        @JsonIgnore byte[] newBytes) {

    public FileChange {
        Objects.requireNonNull(newPath, "newPath");
        Objects.requireNonNull(newBytes, "newBytes");
        oldBytes = oldBytes == null ? null : oldBytes.clone();
        newBytes = newBytes.clone();
    }

    @Override
    public byte[] oldBytes() {
        return oldBytes == null ? null : oldBytes.clone();
    }

    @Override
    public byte[] newBytes() {
        return newBytes.clone();
    }

    public boolean created() {
        return oldPath == null;
    }

    public boolean renamed() {
        return oldPath != null && !oldPath.equals(newPath);
    }

    public boolean contentChanged() {
        return oldBytes == null || !Arrays.equals(oldBytes, newBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileChange c
                && Objects.equals(oldPath, c.oldPath)
                && newPath.equals(c.newPath)
                && Arrays.equals(oldBytes, c.oldBytes)
                && Arrays.equals(newBytes, c.newBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oldPath, newPath, Arrays.hashCode(newBytes));
    }

    @Override
    public String toString() {
        return (oldPath == null ? "(new)" : oldPath) + " -> " + newPath;
    }
}
