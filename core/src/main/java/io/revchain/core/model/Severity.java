package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad a finding is; {@link #ERROR} makes {@code revchain check} exit 1. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
