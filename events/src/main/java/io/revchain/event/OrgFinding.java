package io.revchain.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An organisation-wide finding on {@code revchain.org-findings}, keyed by revision id and compacted: the revision is
 * declared in two or more repositories. A tombstone (no value) says the collision is gone.
 *
 * @param schema       wire-format version ({@link EventSchema#CURRENT})
 * @param revision     the revision id (the record key)
 * @param kind         {@code identical-copy} (every declaration is the same blob: a vendored copy or a fork) or
 *                     {@code diverged} (the contents differ)
 * @param handTyped    the id is a placeholder pattern or a hand-typed number
 * @param repositories the repositories declaring it, sorted
 * @param locations    every declaration, sorted by repository, branch and path
 * @param message      one line for a person
 * @param updatedAt    when the analyzer last changed the finding
 */
public record OrgFinding(
        int schema,
        String revision,
        String kind,
        boolean handTyped,
        List<String> repositories,
        List<Location> locations,
        String message,
        Instant updatedAt) {

    /** {@code identical-copy}. */
    public static final String IDENTICAL_COPY = "identical-copy";
    /** {@code diverged}. */
    public static final String DIVERGED = "diverged";

    /**
     * Where one declaration is.
     *
     * @param repo   repository id
     * @param branch branch
     * @param path   the file's path
     * @param blob   its blob id
     */
    public record Location(String repo, String branch, String path, String blob) {}

    public OrgFinding {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(kind, "kind");
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /** The same finding at the current schema version. */
    public OrgFinding(
            String revision,
            String kind,
            boolean handTyped,
            List<String> repositories,
            List<Location> locations,
            String message,
            Instant updatedAt) {
        this(EventSchema.CURRENT, revision, kind, handTyped, repositories, locations, message, updatedAt);
    }

    /** Whether {@code repo} declares the revision. */
    public boolean involves(String repo) {
        return repositories.contains(repo);
    }
}
