package io.revchain.reporter.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a fix branch stands, as the two compacted topics can tell it (see {@link StatusHistory} for the rules).
 */
public enum FixState {
    /** Published for the branch's current commit and not yet acted on (pushed, or a plan that was not pushed). */
    PROPOSED,
    /** The branch turned healthy at a later commit than the one the fix was planned on, and the proposal closed. */
    MERGED,
    /** The branch moved on (or the proposal was withdrawn) while it was still broken: the plan no longer applies. */
    STALE,
    /** A newer proposal for the same branch, on another fix branch, superseded it. */
    REPLACED;

    /** The wire and page name: {@code proposed}, {@code merged}, {@code stale}, {@code replaced}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
