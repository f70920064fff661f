package io.revchain.analysis.org;

import io.revchain.analysis.RevisionIdHygiene;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether one revision id, declared where {@link Claim}s say, is an organisation-wide collision: the same id
 * in two or more repositories (branches of one repository share their ids by design and never collide), which breaks
 * the day the code is merged back or two services share a database and its version table. It also says which kind:
 * {@link Kind#IDENTICAL_COPY} when every declaration is the same blob (a vendored copy or a fork: the same file),
 * {@link Kind#DIVERGED} when the contents differ (a copied migration that was edited, or two ids typed alike), and
 * whether the id is {@link RevisionIdHygiene hand-typed} (a placeholder or a number), where a collision is expected.
 *
 * @param revision     the revision id
 * @param kind         identical copies or different contents
 * @param handTyped    the id is a placeholder pattern or a hand-typed number
 * @param repositories the repositories declaring it, sorted
 * @param claims       every declaration, sorted by repository, branch and path
 */
public record RevisionCollision(
        String revision, Kind kind, boolean handTyped, List<String> repositories, List<Claim> claims) {

    /** How the colliding declarations compare. */
    public enum Kind {
        /** Every declaration is the same blob: a vendored copy or a fork. */
        IDENTICAL_COPY("identical-copy"),
        /** The declarations' contents differ: a copied and edited migration, or the same id typed twice. */
        DIVERGED("diverged");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * One file declaring the revision.
     *
     * @param repo   repository id
     * @param branch branch
     * @param path   the file's path
     * @param blob   its git blob id ({@code null} when unknown: never counted as identical)
     */
    public record Claim(String repo, String branch, String path, String blob) {
        public Claim {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(path, "path");
        }

        /** Whether this and {@code o} are the same file of the same branch (a later claim replaces it). */
        public boolean samePlace(Claim o) {
            return repo.equals(o.repo) && branch.equals(o.branch) && path.equals(o.path);
        }
    }

    private static final Comparator<Claim> ORDER = Comparator.comparing(Claim::repo)
            .thenComparing(Claim::branch)
            .thenComparing(Claim::path)
            .thenComparing(c -> c.blob() == null ? "" : c.blob());

    public RevisionCollision {
        repositories = List.copyOf(repositories);
        claims = List.copyOf(claims);
    }

    /** The collision {@code claims} of {@code revision} make, or empty when they lie in fewer than two repositories. */
    public static Optional<RevisionCollision> of(String revision, Collection<Claim> claims) {
        Set<String> repos = new LinkedHashSet<>();
        for (Claim c : claims) {
            repos.add(c.repo());
        }
        if (repos.size() < 2) {
            return Optional.empty();
        }
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(ORDER);
        String first = sorted.get(0).blob();
        boolean identical = first != null && sorted.stream().allMatch(c -> first.equals(c.blob()));
        boolean handTyped = RevisionIdHygiene.placeholder(revision) != null || RevisionIdHygiene.isNumber(revision);
        return Optional.of(new RevisionCollision(
                revision,
                identical ? Kind.IDENTICAL_COPY : Kind.DIVERGED,
                handTyped,
                repos.stream().sorted().toList(),
                sorted));
    }

    /** {@code claims} with {@code claim} in its place: replacing the same file's claim, or removing it. */
    public static List<Claim> apply(List<Claim> claims, Claim claim, boolean present) {
        List<Claim> out = new ArrayList<>(claims.size() + 1);
        for (Claim c : claims) {
            if (!c.samePlace(claim)) {
                out.add(c);
            }
        }
        if (present) {
            out.add(claim);
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** One line for a person: what collides, where, and what to do. */
    public String message() {
        String where = String.join(", ", repositories);
        return switch (kind) {
            case IDENTICAL_COPY ->
                "revision '" + revision + "' is the same file in " + repositories.size() + " repositories (" + where
                        + "): a vendored copy or a fork; if both ever run against one database, keep one copy";
            case DIVERGED ->
                "revision '" + revision + "' is declared with different contents in " + repositories.size()
                        + " repositories (" + where + ")" + (handTyped ? ", a hand-typed id" : "")
                        + ": merging them or sharing a database collides; give all but one a new id";
        };
    }
}
