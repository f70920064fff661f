package io.revchain.core.tree;

import java.util.Comparator;

/** Python's {@code str} ordering, the order Alembic's sorted listings follow. */
public final class PyOrder {
    private PyOrder() {}

    /** Python compares {@code str} by code point; Java's {@code compareTo} by UTF-16 unit differs above U+FFFF. */
    public static final Comparator<String> PYTHON_ORDER = PyOrder::compare;

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
