package io.revchain.core.model;

/** What the parser could tell about a module-level variable. */
public enum FieldState {
    /** Never assigned at module level. */
    ABSENT,
    /** Assigned a literal: None, a string, or a tuple/list of strings. */
    LITERAL,
    /** Assigned something that cannot be known without executing the file (a name, a call, an f-string). */
    NON_LITERAL,
    /** Assigned a literal of a type Alembic cannot use (e.g. {@code revision = 12}). */
    WRONG_TYPE
}
