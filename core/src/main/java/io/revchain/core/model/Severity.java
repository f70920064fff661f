package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a finding is; {@link #ERROR} makes {@code revchain check} exit 1. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
