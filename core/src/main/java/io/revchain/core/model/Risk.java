package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;

/** How risky a repair action or a whole plan is, written in lower case on the wire. */
public enum Risk {
    /** Adds files only (placeholder or merge revision): deployed history is untouched. */
    LOW,
    /** Rewrites a revision that is not known to be deployed, or renames a file. */
    MEDIUM,
    /** Rewrites history that may be deployed somewhere: needs a human. */
    HIGH;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The highest risk among {@code risks}, {@link #LOW} when there is none (a plan is as risky as its worst step). */
    public static Risk max(Collection<Risk> risks) {
        return risks.stream().max(Enum::compareTo).orElse(LOW);
    }
}
