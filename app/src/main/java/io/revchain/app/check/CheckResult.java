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
 */
public record CheckResult(String path, String policy, List<ChainResult> chains) {
    public CheckResult {
        chains = List.copyOf(chains);
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
