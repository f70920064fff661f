package io.revchain.analysis.deploy;

import java.util.List;
import java.util.Objects;

/**
 * A revision the code no longer declares, as the repository's history last declared it.
 *
 * @param id            the revision id
 * @param path          the file that declared it, repository-relative
 * @param downRevisions its {@code down_revision} in that file (empty for a base)
 * @param lastCommit    the last commit whose tree held that declaration (abbreviated), or {@code null}
 * @param goneIn        the commit that removed it (abbreviated), or {@code null} when unknown
 * @param renamedTo     the file at the same path or content that now declares another id, or {@code null}
 */
public record Retired(
        String id, String path, List<String> downRevisions, String lastCommit, String goneIn, String renamedTo) {
    public Retired {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        downRevisions = List.copyOf(downRevisions);
    }
}
