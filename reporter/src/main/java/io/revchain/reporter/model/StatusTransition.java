package io.revchain.reporter.model;

import com.fasterxml.jackson.annotation.JsonValue;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change of a branch's status, as its health reports show it.
 *
 * @param at        when the analyzer produced the report that showed the change
 * @param kind      {@code first-seen}, {@code broke} (to unhealthy), {@code fixed} (unhealthy to healthy or
 *                  warning, or warning to healthy; an unavailable spell between them or not) or {@code changed} (any
 *                  other change, e.g. healthy to warning, or to or from unavailable)
 * @param from      the status before ({@code null} for the first report seen)
 * @param to        the status after
 * @param commit    the commit of the report that showed the change ({@code null} when never readable)
 * @param errors    error findings in that report
 * @param findings  all findings in that report
 * @param checks    the checks those findings belong to, sorted, each once
 * @param fixBranch for {@code fixed}: the fix branch that was proposed and closed by that fix, when known
 */
public record StatusTransition(
        Instant at,
        Kind kind,
        HealthStatus from,
        HealthStatus to,
        String commit,
        int errors,
        int findings,
        List<String> checks,
        String fixBranch) {

    /** What kind of change. */
    public enum Kind {
        FIRST_SEEN("first-seen"),
        BROKE("broke"),
        FIXED("fixed"),
        CHANGED("changed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }

    public StatusTransition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        checks = List.copyOf(checks);
    }

    /** The same transition attributed to {@code branch}. */
    StatusTransition fixedBy(String branch) {
        return new StatusTransition(at, kind, from, to, commit, errors, findings, checks, branch);
    }
}
