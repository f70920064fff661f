package io.revchain.repair.planning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.analysis.deploy.AppliedState;
import java.util.List;

/**
 * What one environment's next {@code alembic upgrade head} does once the plan is applied.
 *
 * @param environment the environment's name
 * @param rows        its version table's rows, as read (empty when it could not be read)
 * @param before      its state against the code as it came ({@code null} when it could not be read)
 * @param after       its state against the repaired code ({@code null} when it could not be read)
 * @param runs        the revisions its next upgrade runs, in upgrade order, with their files
 * @param unreadable  why its database could not be read, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentForecast(
        String environment,
        List<String> rows,
        AppliedState.Kind before,
        AppliedState after,
        List<UpgradeStep> runs,
        String unreadable) {

    public EnvironmentForecast {
        rows = List.copyOf(rows);
        runs = List.copyOf(runs);
    }

    /**
     * One revision an upgrade runs.
     *
     * @param revision the revision id
     * @param file     its file after the plan
     * @param planned  the plan creates or changes that file
     */
    public record UpgradeStep(String revision, String file, boolean planned) {}

    /** Whether {@code alembic upgrade head} can handle this environment after the plan. */
    public boolean upgradable() {
        return unreadable == null && after != null && after.verdict() != AppliedState.Verdict.BROKEN;
    }
}
