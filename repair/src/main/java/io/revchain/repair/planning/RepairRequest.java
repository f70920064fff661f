package io.revchain.repair.planning;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the planner needs about one chain; no I/O happens past this point.
 *
 * @param files            the migration files, in the order Alembic loads them
 * @param versionLocations the chain's version folders (relative to the root, '/' separators); new files go in the
 *                         first one, and no change may leave them
 * @param policy           the policy the result must satisfy
 * @param strategy         how history may be changed
 * @param deployed         revision ids known to be stamped in some database: they and their ancestors are never
 *                         re-pointed
 * @param template         the folder's {@code script.py.mako}, or {@code null}
 * @param commitOrder      for each file path, the position of the commit that added it (older first), when known;
 *                         the last tie-breaker of {@link Strategy#LINEARIZE}
 * @param otherFindings    findings met before parsing (discovery, unreadable files); no repair can fix them, so
 *                         they stay in the result
 * @param applied          what each environment's database has applied: its rows are protected like
 *                         {@code deployed}, and the plan says what each environment's next upgrade runs
 */
public record RepairRequest(
        List<SourceText> files,
        List<String> versionLocations,
        Policy policy,
        Strategy strategy,
        Set<String> deployed,
        String template,
        Map<String, Integer> commitOrder,
        List<Finding> otherFindings,
        AppliedEnvironments applied) {

    public RepairRequest {
        files = List.copyOf(files);
        versionLocations = List.copyOf(versionLocations);
        policy = policy == null ? Policy.alembic() : policy;
        strategy = strategy == null ? Strategy.defaultFor(policy) : strategy;
        deployed = deployed == null ? Set.of() : Set.copyOf(deployed);
        commitOrder = commitOrder == null ? Map.of() : Map.copyOf(commitOrder);
        otherFindings = otherFindings == null ? List.of() : List.copyOf(otherFindings);
        applied = applied == null ? AppliedEnvironments.none() : applied;
        Objects.requireNonNull(files, "files");
    }

    /** A request that knows no environment (only the hand-written {@code deployed} list). */
    public RepairRequest(
            List<SourceText> files,
            List<String> versionLocations,
            Policy policy,
            Strategy strategy,
            Set<String> deployed,
            String template,
            Map<String, Integer> commitOrder,
            List<Finding> otherFindings) {
        this(files, versionLocations, policy, strategy, deployed, template, commitOrder, otherFindings, null);
    }

    /**
     * The revisions no repair may re-point (with their ancestors): the hand-written {@code deployed} list and every
     * revision some environment stands on.
     */
    public Set<String> protectedIds() {
        Set<String> out = new LinkedHashSet<>(deployed);
        out.addAll(applied.appliedIds());
        return out;
    }

    /** A request for the files of one folder, with the policy's default strategy and nothing deployed. */
    public static RepairRequest of(List<SourceText> files, String versionLocation, Policy policy) {
        return new RepairRequest(files, List.of(versionLocation), policy, null, Set.of(), null, Map.of(), List.of());
    }

    public RepairRequest withStrategy(Strategy s) {
        return new RepairRequest(
                files, versionLocations, policy, s, deployed, template, commitOrder, otherFindings, applied);
    }

    public RepairRequest withDeployed(Set<String> d) {
        return new RepairRequest(
                files, versionLocations, policy, strategy, d, template, commitOrder, otherFindings, applied);
    }

    public RepairRequest withTemplate(String t) {
        return new RepairRequest(
                files, versionLocations, policy, strategy, deployed, t, commitOrder, otherFindings, applied);
    }

    public RepairRequest withApplied(AppliedEnvironments a) {
        return new RepairRequest(
                files, versionLocations, policy, strategy, deployed, template, commitOrder, otherFindings, a);
    }
}
