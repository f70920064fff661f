package io.revchain.repairer;

import io.revchain.core.model.FixAction;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Strategy;
import io.revchain.git.FixRefs;
import io.revchain.repair.planning.EnvironmentForecast;
import io.revchain.repair.planning.FileChange;
import io.revchain.repair.planning.RepairAction;
import io.revchain.repair.planning.RepairPlan;
import io.revchain.repair.planning.UnifiedDiff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The repair of every chain of one repository at one commit, with what the repairer needs to publish and push it.
 * Its {@link #hash()} depends only on the diff, so the same repair always names the same fix branch.
 *
 * @param commit           the commit planned against
 * @param strategy         the strategy in force
 * @param policy           the policy name in force
 * @param plans            one plan per chain, in discovery order
 * @param versionLocations every chain's version folders: the only places a fix may write
 * @param notes            what the planner or the configuration reading could not do, for a human
 */
public record RepoPlan(
        String commit,
        Strategy strategy,
        String policy,
        List<RepairPlan> plans,
        List<String> versionLocations,
        List<String> notes) {

    public RepoPlan {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(strategy, "strategy");
        plans = List.copyOf(plans);
        versionLocations = List.copyOf(new LinkedHashSet<>(versionLocations));
        notes = List.copyOf(notes);
    }

    /** Every file change of every chain. */
    public List<FileChange> changes() {
        return plans.stream().flatMap(p -> p.changes().stream()).toList();
    }

    /** Every step, as it travels in a proposal. */
    public List<FixAction> actions() {
        return plans.stream()
                .flatMap(p -> p.actions().stream())
                .map(RepairAction::toFixAction)
                .toList();
    }

    /** The riskiest step's risk. */
    public Risk risk() {
        return Risk.max(plans.stream().map(RepairPlan::risk).toList());
    }

    /** Every chain's plan was verified (and there is at least one chain). */
    public boolean verified() {
        return !plans.isEmpty() && plans.stream().allMatch(RepairPlan::verified);
    }

    /**
     * Verified, refused by no environment (none left un-upgradable, none unread), and changes something: the only
     * kind of plan that is ever committed.
     */
    public boolean pushable() {
        return verified()
                && plans.stream().noneMatch(RepairPlan::refused)
                && !changes().isEmpty();
    }

    /** The whole repair as one unified diff. */
    public String diff() {
        return UnifiedDiff.render(changes());
    }

    /** The first {@value FixRefs#HASH_LENGTH} hex digits of the SHA-256 of the diff. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(diff().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, FixRefs.HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Every step on one line with its reason, then the planner's notes: the commit message's body. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (FixAction a : actions()) {
            out.add("- " + a.kind() + " " + a.file() + (a.revision() == null ? "" : " (" + a.revision() + ")") + " ["
                    + a.risk().label() + "]: " + a.reason());
        }
        for (RepairPlan p : plans) {
            for (String n : p.notes()) {
                out.add("- note: " + n);
            }
            environments(p).forEach(l -> out.add("- " + l));
        }
        return List.copyOf(out);
    }

    /** Every note of the plans and of this repository's reading, then what each environment's upgrade runs. */
    public List<String> allNotes() {
        List<String> out = new ArrayList<>(notes);
        plans.forEach(p -> out.addAll(p.notes()));
        plans.forEach(p -> out.addAll(environments(p)));
        return List.copyOf(out);
    }

    /** Per environment of {@code p}: what its next upgrade runs; then why the plan is refused, if it is. */
    private static List<String> environments(RepairPlan p) {
        List<String> out = new ArrayList<>();
        for (EnvironmentForecast e : p.environments()) {
            if (e.upgradable()) {
                out.add("environment " + e.environment() + ": next upgrade runs "
                        + e.runs().stream()
                                .map(s -> s.revision() + (s.planned() ? " (new in this fix)" : ""))
                                .toList());
            }
        }
        for (String r : p.refusals()) {
            out.add("refused: " + r);
        }
        return out;
    }
}
