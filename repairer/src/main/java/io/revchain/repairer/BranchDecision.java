package io.revchain.repairer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides, like Renovate, what happens to the fix branches of one watched branch. Pure: it sees the branches that
 * exist on the remote and whether each tip is a commit the repairer made, never the remote itself.
 *
 * <ul>
 *   <li>a plan to push: its branch is created unless a branch of that name already exists (the same plan never
 *       makes a second branch or commit); the repairer's other fix branches of this branch are deleted (a new
 *       plan replaces the old one);</li>
 *   <li>the branch became healthy: every fix branch the repairer made is deleted;</li>
 *   <li>a plan that cannot be pushed (not verified, nothing to change, pushing not allowed): nothing moves;</li>
 *   <li>always: a fix branch whose tip someone else made is left alone and reported.</li>
 * </ul>
 */
public final class BranchDecision {

    private BranchDecision() {}

    /** One fix branch on the remote. */
    public record Existing(String name, String tip, boolean ours) {
        public Existing {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * What to do.
     *
     * @param create  the branch to create, or {@code null}
     * @param current the fix branch that holds the plan after this decision (created or already there and ours),
     *                or {@code null}
     * @param delete  the repairer's own branches to delete
     * @param foreign branches someone else pushed to: left alone
     */
    public record Outcome(String create, String current, List<Existing> delete, List<Existing> foreign) {
        public Outcome {
            delete = List.copyOf(delete);
            foreign = List.copyOf(foreign);
        }
    }

    /** For a plan whose branch is {@code wanted}. */
    public static Outcome fix(String wanted, List<Existing> existing) {
        Objects.requireNonNull(wanted, "wanted");
        List<Existing> delete = new ArrayList<>();
        List<Existing> foreign = new ArrayList<>();
        Existing same = null;
        for (Existing e : existing) {
            if (!e.ours()) {
                foreign.add(e);
            } else if (e.name().equals(wanted)) {
                same = e;
            } else {
                delete.add(e);
            }
        }
        boolean taken = foreign.stream().anyMatch(e -> e.name().equals(wanted));
        if (taken) {
            // the plan's own name was taken over by someone: keep our old branches rather than leave nothing
            return new Outcome(null, null, List.of(), foreign);
        }
        return new Outcome(same == null ? wanted : null, wanted, delete, foreign);
    }

    /** For a branch that became healthy: every branch of ours goes. */
    public static Outcome clean(List<Existing> existing) {
        return new Outcome(
                null,
                null,
                existing.stream().filter(Existing::ours).toList(),
                existing.stream().filter(e -> !e.ours()).toList());
    }

    /** For a plan that cannot be pushed: nothing moves. */
    public static Outcome hold(List<Existing> existing) {
        return new Outcome(
                null, null, List.of(), existing.stream().filter(e -> !e.ours()).toList());
    }
}
