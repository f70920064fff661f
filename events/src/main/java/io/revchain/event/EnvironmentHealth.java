package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revchain.core.model.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One environment's part of a {@link HealthReport}: what its database last reported applied ({@link
 * DeploymentObserved}) and what that means against the branch's chain at the report's commit.
 *
 * @param name           the environment's name
 * @param chain          the chain its database runs ({@code null}: the repository's only chain)
 * @param state          the applied state's wire name ({@code at-head}, {@code behind}, {@code empty},
 *                       {@code merged-heads}, {@code unknown-revision}, {@code dropped-branch},
 *                       {@code overlapping-rows}, {@code chain-fails}), {@link #UNREADABLE} when the version table
 *                       could not be read, {@link #NO_CHAIN} when the branch has no such chain
 * @param verdict        {@link #AT_HEAD}, {@link #BEHIND}, {@link #BROKEN} or {@link #UNREADABLE}: what a dashboard
 *                       colours and an alert counts
 * @param applied        the version table's rows
 * @param behind         how many revisions {@code alembic upgrade heads} would run
 * @param pending        the first {@value #MAX_LISTED} of them, in upgrade order
 * @param unknown        rows the code does not declare
 * @param problem        why the table could not be read, {@code null} when it was
 * @param message        the problem's one line (no password), or what the state means
 * @param source         {@code poll} or {@code push}
 * @param observedAt     when the database was read or the deployment reported
 * @param notAtHeadSince since when the environment has not been at head (the first report that found it so), or
 *                       {@code null} while it is at head: "prod behind for more than a day" is {@code now} minus
 *                       this
 * @param findings       what only this environment's applied state reveals ({@code applied-migration-edited},
 *                       {@code stranded-environment}), each with its file; absent from the JSON when none, so a
 *                       report written before them reads the same
 */
public record EnvironmentHealth(
        String name,
        String chain,
        String state,
        String verdict,
        List<String> applied,
        int behind,
        List<String> pending,
        List<String> unknown,
        String problem,
        String message,
        String source,
        Instant observedAt,
        Instant notAtHeadSince,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Finding> findings) {

    public static final String AT_HEAD = "at-head";
    public static final String BEHIND = "behind";
    public static final String BROKEN = "broken";
    public static final String UNREADABLE = "unreadable";
    /** {@link #state()} of an environment whose chain the branch does not have. */
    public static final String NO_CHAIN = "no-chain";
    /** The most pending revisions a report lists (the count is {@link #behind()}). */
    public static final int MAX_LISTED = 50;

    public EnvironmentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(verdict, "verdict");
        applied = applied == null ? List.of() : List.copyOf(applied);
        pending = pending == null ? List.of() : List.copyOf(pending.subList(0, Math.min(MAX_LISTED, pending.size())));
        unknown = unknown == null ? List.of() : List.copyOf(unknown);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** The same environment with no findings (as reports were written before findings existed). */
    public EnvironmentHealth(
            String name,
            String chain,
            String state,
            String verdict,
            List<String> applied,
            int behind,
            List<String> pending,
            List<String> unknown,
            String problem,
            String message,
            String source,
            Instant observedAt,
            Instant notAtHeadSince) {
        this(
                name,
                chain,
                state,
                verdict,
                applied,
                behind,
                pending,
                unknown,
                problem,
                message,
                source,
                observedAt,
                notAtHeadSince,
                List.of());
    }

    /** Whether the environment is at the branch's head. */
    public boolean atHead() {
        return AT_HEAD.equals(verdict);
    }

    /** The same state, ignoring when it was observed: what decides whether a report changed. */
    public boolean sameState(EnvironmentHealth o) {
        return o != null
                && name.equals(o.name)
                && Objects.equals(chain, o.chain)
                && state.equals(o.state)
                && verdict.equals(o.verdict)
                && applied.equals(o.applied)
                && behind == o.behind
                && pending.equals(o.pending)
                && unknown.equals(o.unknown)
                && Objects.equals(problem, o.problem)
                && Objects.equals(notAtHeadSince, o.notAtHeadSince)
                && findings.equals(o.findings);
    }

    /** Whether two lists hold the same states, in order ({@code null} = none). */
    public static boolean sameStates(List<EnvironmentHealth> a, List<EnvironmentHealth> b) {
        List<EnvironmentHealth> x = a == null ? List.of() : a;
        List<EnvironmentHealth> y = b == null ? List.of() : b;
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).sameState(y.get(i))) {
                return false;
            }
        }
        return true;
    }
}
