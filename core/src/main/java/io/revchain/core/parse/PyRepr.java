package io.revchain.core.parse;

/**
 * Python's {@code repr()} of a {@code str}, the one rendering of a string as a Python literal: messages read exactly
 * like the ones Alembic prints, and generated migration files hold the literal Python reads back as the same string.
 * It decides the quote (single unless the text holds a single quote and no double quote) and the escapes: the
 * backslash, the quote, {@code \n \r \t}, and every other C0 or C1 control and DEL as {@code \xNN}.
 */
public final class PyRepr {
    private PyRepr() {}

    /** {@code repr(s)}. */
    public static String of(String s) {
        return quoted(s, s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'');
    }

    /** {@code s} as a Python string literal in {@code quote} (a file's own quote style), escaped as {@link #of}. */
    public static String quoted(String s, char quote) {
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == quote) {
                        b.append('\\').append(c);
                    } else if (isControl(c)) {
                        // a NUL makes a file unloadable; other controls are escaped so the text reads as it means
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(quote).toString();
    }

    /** C0, DEL and C1: what Python's {@code repr} never prints as itself. */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }
}
