package io.revchain.core.model;

/**
 * The module docstring as Alembic's {@code script.py.mako} writes it. All fields may be {@code null}.
 *
 * @param message        first paragraph (what {@code alembic history} prints after the comma)
 * @param revisionId     value of the {@code Revision ID:} line
 * @param revisionIdLine its 1-based line, 0 when absent
 * @param revises        value of the {@code Revises:} line (comma-joined, empty for a base)
 * @param revisesLine    its 1-based line, 0 when absent
 * @param createDate     value of the {@code Create Date:} line
 * @param createDateLine its 1-based line, 0 when absent
 * @param line           1-based line where the docstring starts
 * @param start          char offset of the docstring token, -1 when there is none
 * @param end            char offset just past the docstring token
 */
public record Docstring(
        String message,
        String revisionId,
        int revisionIdLine,
        String revises,
        int revisesLine,
        String createDate,
        int createDateLine,
        int line,
        int start,
        int end) {

    public static final Docstring NONE = new Docstring(null, null, 0, null, 0, null, 0, 0, -1, -1);
}
