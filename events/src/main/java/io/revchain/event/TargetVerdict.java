package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a {@link ComplianceTarget} says about its target. Only {@link #PASS} and {@link #FAIL} judge the target:
 * {@link #NOT_ENOUGH_DATA} means the window held fewer samples than the target needs, {@link #IDLE} that there
 * was no work to measure (a quiet organisation has not failed a capacity target).
 */
public enum TargetVerdict {
    PASS("pass"),
    FAIL("fail"),
    NOT_ENOUGH_DATA("not-enough-data"),
    IDLE("idle");

    private final String label;

    TargetVerdict(String label) {
        this.label = label;
    }

    /** The wire and display name. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The verdict named {@code label}. */
    @JsonCreator
    public static TargetVerdict of(String label) {
        for (TargetVerdict v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown target verdict: " + label);
    }
}
