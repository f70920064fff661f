package io.revchain.app.check;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.List;

/**
 * Everything {@code revchain check} found under one path.
 *
 * @param path   the path as the user gave it
 * @param policy the policy in force
 * @param chains one result per chain found under the path
 * @param notes  what the whole check decided (which configuration file was ignored), usually none
 * @param baseline what {@code --baseline} kept back, {@code null} without it
 */
public record CheckResult(
        String path, String policy, List<ChainResult> chains, List<String> notes, BaselineUse baseline) {
    public CheckResult {
        chains = List.copyOf(chains);
        notes = List.copyOf(notes);
    }

    /**
     * How a baseline file was used.
     *
     * @param file  the file as the user named it
     * @param known findings it holds that are still there (not reported)
     * @param fixed entries no finding matched any more
     */
    public record BaselineUse(String file, int known, int fixed) {}

    public CheckResult(String path, String policy, List<ChainResult> chains) {
        this(path, policy, chains, List.of(), null);
    }

    /** This result with other chains and baseline use. */
    public CheckResult with(List<ChainResult> newChains, BaselineUse use) {
        return new CheckResult(path, policy, newChains, notes, use);
    }

    /** Every suppressed finding, chain by chain. */
    public List<ChainResult.Suppressed> allSuppressed() {
        return chains.stream().flatMap(c -> c.suppressed().stream()).toList();
    }

    /** Suppressed findings of one kind. */
    public long suppressed(ChainResult.Suppressed.Kind kind) {
        return allSuppressed().stream().filter(s -> s.kind() == kind).count();
    }

    /** Healthy only when at least one chain was read and none has an error: a check that read nothing is not. */
    public boolean healthy() {
        return checked() > 0 && chains.stream().allMatch(c -> c.errors() == 0);
    }

    /** Chains whose files were read. */
    public long checked() {
        return chains.stream().filter(ChainResult::checked).count();
    }

    /** Chains that could not be resolved (each has an error finding saying what to state). */
    public long skipped() {
        return chains.size() - checked();
    }

    public String status() {
        return healthy() ? "healthy" : "unhealthy";
    }

    public long count(Severity s) {
        return chains.stream()
                .flatMap(c -> c.findings().stream())
                .filter(f -> f.severity() == s)
                .count();
    }

    public List<Finding> allFindings() {
        return chains.stream().flatMap(c -> c.findings().stream()).toList();
    }
}
