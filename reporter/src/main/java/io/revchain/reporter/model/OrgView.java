package io.revchain.reporter.model;

import io.revchain.event.HealthStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable picture of the whole organisation at one moment, with the ratios the reporter publishes.
 *
 * <p>Rows are branches ({@code repo@branch}); counts by status are over <em>repositories</em>: a repository takes
 * the worst status of its branches (see {@link OrgPicture#worse}). A repository is healthy only when its status is
 * {@link HealthStatus#HEALTHY}: a warning is not healthy. Ratios with nothing to divide by are {@code NaN}
 * ("not measured"), which never passes a target.
 *
 * @param rows             one row per branch with a health report, sorted by key
 * @param reposByStatus    repositories per status (every status present, zero when none)
 * @param findingsByCheck  open findings per check over every row (sorted by name)
 * @param openProposals    live fix proposals (including any whose branch has no health report yet)
 * @param revisions        revisions over every row
 * @param carryingHash     of those, revisions carrying the constitutional hash
 * @param collisions       open collisions: candidate branches whose merge would break the chain, sorted by key
 */
public record OrgView(
        List<RepoView> rows,
        Map<HealthStatus, Integer> reposByStatus,
        Map<String, Long> findingsByCheck,
        int openProposals,
        long revisions,
        long carryingHash,
        List<CollisionView> collisions) {

    public OrgView {
        rows = List.copyOf(rows);
        collisions = List.copyOf(collisions);
        EnumMap<HealthStatus, Integer> all = new EnumMap<>(HealthStatus.class);
        for (HealthStatus s : HealthStatus.values()) {
            all.put(s, Objects.requireNonNullElse(reposByStatus.get(s), 0));
        }
        reposByStatus = Collections.unmodifiableMap(all);
        findingsByCheck = Collections.unmodifiableMap(new TreeMap<>(findingsByCheck));
    }

    /** The picture of an organisation nobody has reported on yet. */
    public static OrgView empty() {
        return new OrgView(List.of(), Map.of(), Map.of(), 0, 0, 0, List.of());
    }

    /** Open collisions per repository (sorted by repository id; a repository without any is absent). */
    public Map<String, List<CollisionView>> collisionsByRepo() {
        Map<String, List<CollisionView>> out = new TreeMap<>();
        for (CollisionView c : collisions) {
            out.computeIfAbsent(c.repo(), k -> new ArrayList<>()).add(c);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /** Repositories with at least one health report. */
    public int repos() {
        return reposByStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Repositories whose status is {@code status}. */
    public int repos(HealthStatus status) {
        return reposByStatus.get(status);
    }

    /** Healthy repositories over all repositories, 0..1, or {@code NaN} when there is none. */
    public double healthyShare() {
        int total = repos();
        return total == 0 ? Double.NaN : (double) repos(HealthStatus.HEALTHY) / total;
    }

    /**
     * Revisions carrying the constitutional hash over all revisions, 0..1, or {@code NaN} when no revision is known.
     */
    public double constitutionalCompliance() {
        return revisions == 0 ? Double.NaN : (double) carryingHash / revisions;
    }

    /** Revisions lacking the constitutional hash. */
    public long missingHash() {
        return revisions - carryingHash;
    }
}
