package io.revchain.analysis;

import java.util.Collection;
import java.util.Locale;

/** The few Python renderings Alembic's messages depend on. */
final class Py {
    private Py() {}

    /** {@code util.format_as_comma}. */
    static String comma(Collection<String> values) {
        return String.join(", ", values);
    }

    /** Lists longer than this are summarised in a message. */
    static final int LIST_LIMIT = 50;
    /** How many ids a summarised list shows. */
    static final int LIST_SHOWN = 10;

    /**
     * {@link #comma}, unless there are more than {@link #LIST_LIMIT} values: then the first {@link #LIST_SHOWN} and
     * how many more ({@code "x0, x1, … and 99,990 more"}), so that a message quoting a hostile tuple of 100,000 ids
     * stays short and the findings of such a file do not grow with the square of its length.
     */
    static String commaSummary(Collection<String> values) {
        if (values.size() <= LIST_LIMIT) {
            return comma(values);
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String v : values) {
            if (i == LIST_SHOWN) {
                break;
            }
            b.append(i++ == 0 ? "" : ", ").append(v);
        }
        return b.append(", … and ")
                .append(String.format(Locale.ROOT, "%,d", values.size() - LIST_SHOWN))
                .append(" more")
                .toString();
    }
}
