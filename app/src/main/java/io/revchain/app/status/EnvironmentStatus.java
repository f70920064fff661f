package io.revchain.app.status;

import io.revchain.analysis.deploy.AppliedState;
import io.revchain.core.model.Finding;
import io.revchain.deployments.VersionRead;
import java.util.List;

/**
 * One database's status: what its version table holds against the code, or why it could not be read.
 *
 * @param name         the environment ({@code .revchain.yaml}) or the URL as given ({@code --db})
 * @param url          the URL as output names it (never a password: URLs holding one are refused)
 * @param chain        the chain its rows were compared with, {@code null} when none could be chosen
 * @param versionTable the table read ({@code schema.table})
 * @param problem      why nothing could be read, {@code null} when read
 * @param message      the problem in one line, {@code null} when read
 * @param state        what the rows mean, {@code null} when not read
 * @param notes        how the chain and table were chosen, where that was not the default
 * @param findings     what only applied state reveals ({@code applied-migration-edited}, {@code stranded-environment})
 */
public record EnvironmentStatus(
        String name,
        String url,
        String chain,
        String versionTable,
        VersionRead.Problem problem,
        String message,
        AppliedState state,
        List<String> notes,
        List<Finding> findings) {

    public EnvironmentStatus {
        notes = List.copyOf(notes);
        findings = findings == null ? List.of() : List.copyOf(findings);
        if ((state == null) == (problem == null)) {
            throw new IllegalArgumentException("a status is either read or a problem");
        }
    }

    /** A status without findings. */
    public EnvironmentStatus(
            String name,
            String url,
            String chain,
            String versionTable,
            VersionRead.Problem problem,
            String message,
            AppliedState state,
            List<String> notes) {
        this(name, url, chain, versionTable, problem, message, state, notes, List.of());
    }

    /** The state's wire name: {@code at-head}, {@code behind}, …, or the problem's ({@code unreachable}, …). */
    public String stateName() {
        return state != null ? state.kind().wireName() : problem.wireName();
    }

    /** Whether {@code alembic upgrade head} cannot handle this database (exit 1). */
    public boolean broken() {
        return state != null && state.verdict() == AppliedState.Verdict.BROKEN;
    }

    /** Whether this database needs only an upgrade (exit 3). */
    public boolean behind() {
        return state != null && state.verdict() == AppliedState.Verdict.BEHIND;
    }

    /** Whether this database could not be read (exit 2). */
    public boolean unread() {
        return problem != null;
    }
}
