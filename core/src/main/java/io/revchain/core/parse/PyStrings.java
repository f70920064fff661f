package io.revchain.core.parse;

import java.util.function.IntConsumer;

/**
 * Python's string-literal semantics: escape decoding of a literal body and {@code str.strip()}'s idea of
 * whitespace.
 *
 * <p>Decoding follows the language reference: in a non-raw literal {@code \newline}, {@code \\ \' \" \a \b \f \n
 * \r \t \v}, octal {@code \ooo}, {@code \xhh}, and for {@code str} also {@code \}{@code uXXXX},
 * {@code \}{@code UXXXXXXXX}, {@code \N{name}}; an unknown escape keeps its backslash. Physical line breaks
 * (CRLF, CR, LF) become {@code \n}, as CPython's tokenizer delivers them. A malformed escape, or a non-ASCII
 * character in a bytes literal, is a {@link PythonSyntaxError}, as CPython refuses to compile it.
 */
public final class PyStrings {
    private PyStrings() {}

    /**
     * Decodes a literal body.
     *
     * @param text      the source text
     * @param from      first char of the body (after the opening quotes)
     * @param to        end of the body (at the closing quotes)
     * @param line      1-based physical line of {@code from}
     * @param raw       an {@code r} prefix
     * @param bytes     a {@code b} prefix
     * @param out       receives the value, or {@code null} to only validate
     * @param newlines  told, after each {@code \n} appended to the value, the physical line of the next char;
     *                  may be {@code null}
     */
    public static void decode(
            String text,
            int from,
            int to,
            int line,
            boolean raw,
            boolean bytes,
            StringBuilder out,
            IntConsumer newlines)
            throws PythonSyntaxError {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                i += c == '\r' && i + 1 < to && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
                append(out, '\n');
                if (newlines != null) {
                    newlines.accept(line);
                }
                continue;
            }
            if (bytes && c > 0x7f) {
                throw new PythonSyntaxError(line, "bytes can only contain ASCII literal characters");
            }
            if (c != '\\' || i + 1 >= to) {
                append(out, c);
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            if (raw) {
                // a raw literal keeps the backslash; it only stops the next char from closing the literal
                append(out, c);
                i++;
                continue;
            }
            i += 2;
            switch (e) {
                case '\r', '\n' -> {
                    if (e == '\r' && i < to && text.charAt(i) == '\n') {
                        i++;
                    }
                    line++;
                }
                case '\\', '\'', '"' -> append(out, e);
                case 'a' -> append(out, '\u0007');
                case 'b' -> append(out, '\b');
                case 'f' -> append(out, '\f');
                case 'n' -> {
                    append(out, '\n');
                    if (newlines != null) {
                        newlines.accept(line);
                    }
                }
                case 'r' -> append(out, '\r');
                case 't' -> append(out, '\t');
                case 'v' -> append(out, '\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < to && text.charAt(i) >= '0' && text.charAt(i) <= '7'; k++) {
                        v = v * 8 + (text.charAt(i++) - '0');
                    }
                    if (bytes) {
                        append(out, (char) (v & 0xff));
                    } else {
                        appendCodePoint(out, v);
                    }
                }
                case 'x' -> {
                    int v = hex(text, i, to, 2);
                    if (v < 0) {
                        throw new PythonSyntaxError(
                                line,
                                bytes
                                        ? "(value error) invalid \\x escape"
                                        : "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\xXX escape");
                    }
                    i += 2;
                    appendCodePoint(out, v);
                }
                case 'u', 'U' -> {
                    if (bytes) {
                        append(out, '\\');
                        append(out, e);
                        break;
                    }
                    int len = e == 'u' ? 4 : 8;
                    int v = hex(text, i, to, len);
                    if (v < 0 || v > Character.MAX_CODE_POINT) {
                        throw new PythonSyntaxError(
                                line,
                                "(unicode error) 'unicodeescape' codec can't decode bytes: "
                                        + (v < 0 ? "truncated \\" + e + "XXXX escape" : "illegal Unicode character"));
                    }
                    i += len;
                    appendCodePoint(out, v);
                }
                case 'N' -> {
                    if (bytes) {
                        append(out, '\\');
                        append(out, e);
                        break;
                    }
                    int close = i < to && text.charAt(i) == '{' ? text.indexOf('}', i) : -1;
                    int cp = -1;
                    if (close > i && close < to) {
                        try {
                            cp = Character.codePointOf(text.substring(i + 1, close));
                        } catch (IllegalArgumentException unknown) {
                            cp = -1;
                        }
                    }
                    if (cp < 0) {
                        throw new PythonSyntaxError(
                                line,
                                "(unicode error) 'unicodeescape' codec can't decode bytes: "
                                        + (close < 0
                                                ? "malformed \\N character escape"
                                                : "unknown Unicode character name"));
                    }
                    i = close + 1;
                    appendCodePoint(out, cp);
                }
                default -> {
                    append(out, '\\');
                    i--;
                }
            }
        }
    }

    /** Value of {@code len} hex digits at {@code i}, or -1 when there are fewer. */
    private static int hex(String text, int i, int to, int len) {
        if (i + len > to) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < len; k++) {
            int d = Character.digit(text.charAt(i + k), 16);
            if (d < 0 || text.charAt(i + k) > 0x7f) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    private static void append(StringBuilder out, char c) {
        if (out != null) {
            out.append(c);
        }
    }

    private static void appendCodePoint(StringBuilder out, int cp) {
        if (out != null) {
            out.appendCodePoint(cp);
        }
    }

    /** Whether Python's {@code str.isspace()} is true for this char (the set {@code str.strip()} removes). */
    public static boolean isPySpace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000b',
                    '\f',
                    '\r',
                    '\u001c',
                    '\u001d',
                    '\u001e',
                    '\u001f',
                    ' ',
                    '\u0085',
                    '\u00a0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202f',
                    '\u205f',
                    '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    /** Python's {@code str.strip()} with no argument. */
    public static String pyStrip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isPySpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isPySpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
