package io.revchain.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The last module-level assignment of one of Alembic's variables.
 *
 * <p>The parser builds one with the factory named after what the value is ({@link #literal}, {@link #none},
 * {@link #emptyString}, {@link #nonLiteral}, {@link #wrongType}, {@link #absent}), so no caller spells out the
 * two flags; {@link #withOrigin} adds where a constant came from.
 *
 * @param name       the variable name ({@code revision}, {@code down_revision}, ...)
 * @param state      whether the value is a usable literal
 * @param values     normalised as Alembic does: None/()/[] → empty, a string → one element, duplicates removed,
 *                   order kept. Empty unless {@code state == LITERAL}.
 * @param line       1-based line where the value starts, 0 when absent
 * @param start      offset (in chars of the decoded text) where the value expression starts, -1 when absent
 * @param end        offset just past the value expression, -1 when absent
 * @param source     the value's source text as written
 * @param isNone     the literal was {@code None}
 * @param emptyString the literal was the empty string {@code ''} (a base for Alembic 1.8.1, a broken
 *                   reference for later releases); {@code values} is then empty
 * @param origin     where a value written as a module-level constant came from, as {@code path:line NAME}
 *                   ({@code "neutron/db/migration/cli.py:27 EXPAND_BRANCH"}; several joined with {@code ", "});
 *                   {@code null} for a value written as a literal, and then left out of the JSON
 */
public record Field(
        String name,
        FieldState state,
        List<String> values,
        int line,
        int start,
        int end,
        String source,
        boolean isNone,
        boolean emptyString,
        @JsonInclude(JsonInclude.Include.NON_NULL) String origin) {

    public Field {
        values = values == null ? List.of() : List.copyOf(values);
        name = canonical(name);
    }

    /** A field whose value was written where it is assigned (no {@link #origin()}). */
    public Field(
            String name,
            FieldState state,
            List<String> values,
            int line,
            int start,
            int end,
            String source,
            boolean isNone,
            boolean emptyString) {
        this(name, state, values, line, start, end, source, isNone, emptyString, null);
    }

    /**
     * The one shared instance of a watched name: a field read from an event would otherwise keep its own copy of
     * "down_revision" for as long as the analyzer keeps the file (about a sixth of a cached file's heap).
     */
    private static String canonical(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "revision" -> "revision";
            case "down_revision" -> "down_revision";
            case "branch_labels" -> "branch_labels";
            case "depends_on" -> "depends_on";
            default -> name;
        };
    }

    public static Field absent(String name) {
        return new Field(name, FieldState.ABSENT, List.of(), 0, -1, -1, null, false, false);
    }

    /** A string or a sequence of strings, {@code values} normalised as Alembic does (empty for {@code ()}). */
    public static Field literal(String name, List<String> values, int line, int start, int end, String source) {
        return new Field(name, FieldState.LITERAL, values, line, start, end, source, false, false);
    }

    /** The literal {@code None}. */
    public static Field none(String name, int line, int start, int end, String source) {
        return new Field(name, FieldState.LITERAL, List.of(), line, start, end, source, true, false);
    }

    /** The empty string {@code ''}. */
    public static Field emptyString(String name, int line, int start, int end, String source) {
        return new Field(name, FieldState.LITERAL, List.of(), line, start, end, source, false, true);
    }

    /** A value the code computes, which cannot be read without running it. */
    public static Field nonLiteral(String name, int line, int start, int end, String source) {
        return new Field(name, FieldState.NON_LITERAL, List.of(), line, start, end, source, false, false);
    }

    /** A literal of a type Alembic cannot use here. */
    public static Field wrongType(String name, int line, int start, int end, String source) {
        return new Field(name, FieldState.WRONG_TYPE, List.of(), line, start, end, source, false, false);
    }

    /** The same field, its value written as the module-level constant(s) {@code origin} ({@code path:line NAME}). */
    public Field withOrigin(String origin) {
        return new Field(name, state, values, line, start, end, source, isNone, emptyString, origin);
    }

    public boolean isLiteral() {
        return state == FieldState.LITERAL;
    }

    public boolean isPresent() {
        return state != FieldState.ABSENT;
    }

    /** The single value of a {@code revision} field, or {@code null}. */
    public String single() {
        return values.isEmpty() ? null : values.get(0);
    }
}
