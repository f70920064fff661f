package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonValue;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import java.util.List;
import java.util.Locale;

/**
 * The one-word verdict of a {@link HealthReport}, written in lower case on the wire.
 *
 * <p>{@link #of} decides it from the findings (already graded by the policy): any error makes the chain
 * {@link #UNHEALTHY}, warnings alone make it {@link #WARNING}, else {@link #HEALTHY}. {@link #UNAVAILABLE} is for a
 * repository the ingest service could not read; it is never derived from findings.
 */
public enum HealthStatus {
    HEALTHY,
    WARNING,
    UNHEALTHY,
    UNAVAILABLE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict for a set of graded findings. */
    public static HealthStatus of(List<Finding> findings) {
        if (findings.stream().anyMatch(Finding::isError)) {
            return UNHEALTHY;
        }
        return findings.stream().anyMatch(f -> f.severity() == Severity.WARNING) ? WARNING : HEALTHY;
    }
}
