package io.revchain.repairer;

import io.revchain.event.DeploymentObserved;
import io.revchain.repair.planning.AppliedEnvironments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what the repairer knows of each repository's databases from {@code revchain.deployments}: the last
 * observation per environment (the later {@code observedAt} wins, whatever order records arrive in, as on the
 * compacted topic), turned into the planner's {@link AppliedEnvironments} for one chain. An observation that names
 * no chain belongs to a repository's only chain; with several chains it names none of them, so it is unreadable
 * for each (the plan is refused rather than made blind). A failed observation (unreachable, denied, …) is unreadable
 * too. Pure apart from its map; fed by whoever reads the topic.
 */
final class DeploymentBook implements AppliedSource {

    private final Map<String, Map<String, DeploymentObserved>> byRepo = new ConcurrentHashMap<>();

    /** A book holding {@code observations} (per repository, in any order). */
    static DeploymentBook of(Map<String, List<DeploymentObserved>> observations) {
        DeploymentBook b = new DeploymentBook();
        observations.values().forEach(l -> l.forEach(b::observe));
        return b;
    }

    /** Records one observation; an older one than the environment's last is ignored. */
    void observe(DeploymentObserved o) {
        byRepo.computeIfAbsent(o.repo(), r -> new ConcurrentHashMap<>())
                .merge(o.environment(), o, (old, now) -> now.observedAt().isBefore(old.observedAt()) ? old : now);
    }

    @Override
    public AppliedEnvironments applied(String repo, String chain, int chains) {
        Map<String, DeploymentObserved> envs = byRepo.getOrDefault(repo, Map.of());
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        // environments in name order: the same book gives the same plan
        for (DeploymentObserved o : new TreeMap<>(envs).values()) {
            boolean ours = o.chain() == null ? chains <= 1 : o.chain().equals(chain);
            if (o.chain() == null && chains > 1) {
                unreadable.put(o.environment(), "the observation names no chain and the repository has " + chains);
            } else if (!ours) {
                continue;
            } else if (!o.readable()) {
                unreadable.put(o.environment(), o.problem() + (o.message() == null ? "" : ": " + o.message()));
            } else {
                rows.put(o.environment(), new ArrayList<>(o.applied()));
            }
        }
        return new AppliedEnvironments(rows, unreadable, Map.of());
    }
}
