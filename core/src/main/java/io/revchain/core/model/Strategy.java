package io.revchain.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a repair may change history.
 *
 * <p>{@link #MERGE} never rewrites an existing revision's {@code down_revision} except where Alembic cannot load
 * the folder otherwise (a cycle, a self-loop, a branch label used as a parent); it adds placeholders and one merge
 * revision. {@link #LINEARIZE} makes one base, one head, one chain ordered by Create Date.
 */
public enum Strategy {
    MERGE,
    LINEARIZE;

    /** {@code linearize} under policy {@code acgs2} (one linear chain is required), {@code merge} otherwise. */
    public static Strategy defaultFor(Policy policy) {
        return policy != null && policy.isAcgs2() ? LINEARIZE : MERGE;
    }

    /** Parses {@code merge} or {@code linearize} (any case). */
    public static Strategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown strategy '" + s + "' (expected merge or linearize)", e);
        }
    }

    /** The spellings a configuration file may use, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Strategy::label).toList();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
