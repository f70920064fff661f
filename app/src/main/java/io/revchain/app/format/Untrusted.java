package io.revchain.app.format;

import java.util.Collection;

/**
 * The one rule for a repository's strings (revision ids, file names, docstrings, messages that quote them) in the
 * human and CI-log formats: {@code text}, {@code github}, the lines of {@code heads}/{@code history}/{@code branches}
 * and {@code repair}'s text. A pull request controls these strings; a revision id is a Python literal and can hold a
 * real newline, an ESC or a bidi override.
 *
 * <ul>
 *   <li>Every control character is escaped visibly: C0 ({@code \n}, {@code \r}, {@code \t}, else {@code \xHH}),
 *   DEL and C1 ({@code \xHH}), and the line/paragraph separators, bidi marks, embeddings, overrides and isolates,
 *   zero-width characters and the BOM ({@code \}{@code uHHHH}). An escaped string is one line and moves no cursor, so
 *   it can neither start a GitHub workflow command ({@code ::error}, {@code ::add-mask::}, {@code ::stop-commands::})
 *   nor forge a summary line nor reach the terminal as an ANSI/OSC sequence. A backslash is left as it is, so ordinary
 *   output (Alembic's own {@code repr}s included) is unchanged.</li>
 *   <li>A string longer than {@link #MAX_CHARS} is cut there, with a marker saying how much was left out; a list of
 *   more than {@link #MAX_ITEMS} items prints its first {@link #SHOWN_ITEMS} and how many more there are.</li>
 *   <li>{@code --format github} then applies GitHub's escaping for workflow commands ({@link GithubAnnotations}).</li>
 * </ul>
 *
 * JSON and SARIF are machine formats: they keep the exact strings (Jackson escapes every control character, so the
 * document stays valid JSON and a consumer sees the real id) and are streamed, so their size is bounded only by the
 * analysis, which summarises long lists of ids itself and caps the findings per chain.
 */
public final class Untrusted {
    /** The longest string printed whole. */
    public static final int MAX_CHARS = 4096;
    /** The longest list printed whole. */
    public static final int MAX_ITEMS = 50;
    /** How many items of a longer list are printed. */
    public static final int SHOWN_ITEMS = 10;

    private Untrusted() {}

    /** {@code s} escaped and capped; {@code null} stays {@code null}. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        int n = Math.min(s.length(), MAX_CHARS);
        if (n > 0 && n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && b == null) {
                b = new StringBuilder(n + 16).append(s, 0, i);
            }
            if (b != null) {
                if (esc != null) {
                    b.append(esc);
                } else {
                    b.append(c);
                }
            }
        }
        String out = b == null ? (n == s.length() ? s : s.substring(0, n)) : b.toString();
        return n == s.length() ? out : out + "… [" + (s.length() - n) + " more characters]";
    }

    /**
     * A line of a diff shown to a person ({@code repair --format text}): escaped like {@link #text} but a tab is
     * kept (source files hold tabs) and the line is not capped. {@code --format diff} stays an exact patch.
     */
    public static String diffLine(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = c == '\t' ? null : escape(c);
            if (esc != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (esc != null) {
                    b.append(esc);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** The lines of a diff, each through {@link #diffLine}. */
    public static String diff(String diff) {
        StringBuilder b = new StringBuilder(diff.length());
        int start = 0;
        while (start < diff.length()) {
            int nl = diff.indexOf('\n', start);
            int end = nl < 0 ? diff.length() : nl;
            // a CR before the line break is a CRLF file's line ending, not an attack: kept
            boolean crlf = nl >= 0 && end > start && diff.charAt(end - 1) == '\r';
            b.append(diffLine(diff.substring(start, crlf ? end - 1 : end)));
            if (crlf) {
                b.append('\r');
            }
            if (nl >= 0) {
                b.append('\n');
            }
            start = end + 1;
        }
        return b.toString();
    }

    /** {@link #text} of a line that is printed on its own (a message, a line of {@code heads}). */
    public static String line(String s) {
        return text(s);
    }

    /** The items, each escaped, as {@code List.toString} prints them; a long list is summarised. */
    public static String list(Collection<String> items) {
        StringBuilder b = new StringBuilder("[");
        int i = 0;
        for (String s : items) {
            if (items.size() > MAX_ITEMS && i == SHOWN_ITEMS) {
                b.append(", … and ")
                        .append(String.format("%,d", items.size() - SHOWN_ITEMS))
                        .append(" more");
                break;
            }
            if (i++ > 0) {
                b.append(", ");
            }
            b.append(text(s));
        }
        return b.append(']').toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if (c == '\u2028'
                || c == '\u2029'
                || c == '\u061c'
                || c == '\ufeff'
                || (c >= '\u200b' && c <= '\u200f')
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
