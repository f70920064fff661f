package io.revchain.analysis;

import java.util.Collection;

/** The few Python renderings Alembic's messages depend on. */
final class Py {
    private Py() {}

    /** {@code repr(str)}: single quotes unless the text holds a single quote and no double quote. */
    static String repr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == q) {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(q).toString();
    }

    /** {@code util.format_as_comma}. */
    static String comma(Collection<String> values) {
        return String.join(", ", values);
    }
}
