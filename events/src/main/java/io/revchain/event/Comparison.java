package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a measured value must relate to its target, written as its symbol ({@code <}, {@code >=}, ...) on the wire. */
public enum Comparison {
    LESS("<"),
    AT_MOST("<="),
    GREATER(">"),
    AT_LEAST(">="),
    EQUAL("==");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }

    /** Whether {@code measured} meets {@code target}; NaN (nothing measured yet) never does. */
    public boolean holds(double measured, double target) {
        if (Double.isNaN(measured) || Double.isNaN(target)) {
            return false;
        }
        return switch (this) {
            case LESS -> measured < target;
            case AT_MOST -> measured <= target;
            case GREATER -> measured > target;
            case AT_LEAST -> measured >= target;
            case EQUAL -> Double.compare(measured, target) == 0;
        };
    }
}
