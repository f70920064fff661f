package io.revchain.core.model;

/**
 * Decides whether the number a migration's file name opens with is a sequence number the project gives its files
 * ({@code 004_add_users.py}), which two files must not share, or something else that merely starts with digits: a
 * date or time stamp from a {@code file_template} such as
 * {@code %%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s}, which every two migrations
 * made on the same day share. Pure.
 *
 * @param template the chain's {@code file_template} as configured ({@code %%} or {@code %} escapes), {@code null}
 *                 when unset (Alembic's default {@code %(rev)s_%(slug)s})
 */
public record FileNaming(String template) {

    /** No {@code file_template} known: Alembic's default, names open with the revision id. */
    public static final FileNaming DEFAULT = new FileNaming(null);

    private static final String[] DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "epoch"};

    /** Whether the template makes every name open with a date or time. */
    public boolean dateStamped() {
        if (template == null) {
            return false;
        }
        String t = template.replace("%%", "%").stripLeading();
        for (String key : DATE_KEYS) {
            if (t.startsWith("%(" + key + ")")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sequence number a file name opens with ({@code 004} in {@code 004_add_users.py}), or {@code null} when
     * it opens with none, when the template stamps names with a date, or when the number itself is shaped like a
     * date or a Unix time.
     */
    public String sequencePrefix(String path) {
        if (dateStamped()) {
            return null;
        }
        int from = path.lastIndexOf('/') + 1;
        int i = from;
        while (i < path.length() && path.charAt(i) >= '0' && path.charAt(i) <= '9') {
            i++;
        }
        if (i == from || i >= path.length() || path.charAt(i) != '_') {
            return null;
        }
        String digits = path.substring(from, i);
        return looksLikeDate(digits, path.substring(i)) ? null : digits;
    }

    /** {@code 20240131}, {@code 202401311200}, {@code 20240131120000}, a Unix time, or {@code 2024_01_31...}. */
    static boolean looksLikeDate(String digits, String rest) {
        int n = digits.length();
        if (n == 8 || n == 12 || n == 14) {
            return year(digits)
                    && month(digits.substring(4, 6))
                    && day(digits.substring(6, 8))
                    && (n == 8 || hour(digits.substring(8, 10)) && minute(digits.substring(10, 12)));
        }
        if (n == 10) {
            // 2001-09-09 .. 2100: a Unix time in seconds
            long v = Long.parseLong(digits);
            return v >= 1_000_000_000L && v <= 4_102_444_800L;
        }
        if (n == 4 && year(digits)) {
            // 2024_01_31_1200-<rev>: Alembic's own documented date template
            return rest.length() >= 6
                    && rest.charAt(0) == '_'
                    && Character.isDigit(rest.charAt(1))
                    && Character.isDigit(rest.charAt(2))
                    && rest.charAt(3) == '_'
                    && month(rest.substring(1, 3))
                    && Character.isDigit(rest.charAt(4))
                    && Character.isDigit(rest.charAt(5));
        }
        return false;
    }

    /**
     * What follows the revision id in a file name when the template opens with it ({@code %(rev)s_%(slug)s}, the
     * default: {@code "_"}; {@code %(rev)s} alone: {@code ""}), or {@code null} when the name does not open with the
     * id (a date stamp or a slug first).
     */
    public String revisionSeparator() {
        String t = template == null
                ? "%(rev)s_%(slug)s"
                : template.replace("%%", "%").strip();
        if (!t.startsWith("%(rev)s")) {
            return null;
        }
        String rest = t.substring("%(rev)s".length());
        return rest.isEmpty() || rest.startsWith("%(") ? "" : rest.substring(0, 1);
    }

    /**
     * The part of the file name at {@code path} where the template puts the revision id: up to the
     * {@link #revisionSeparator() separator}, without {@code .py}; {@code null} when the template does not open with
     * the id. A name may open with anything (Alembic reads the id from the file), so this is only where the id
     * would be.
     */
    public String revisionInName(String path) {
        String sep = revisionSeparator();
        if (sep == null) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String stem = name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
        int at = sep.isEmpty() ? -1 : stem.indexOf(sep);
        return at < 0 ? stem : stem.substring(0, at);
    }

    private static boolean year(String d) {
        int y = Integer.parseInt(d.substring(0, 4));
        return y >= 1990 && y <= 2100;
    }

    private static boolean month(String d) {
        int m = Integer.parseInt(d);
        return m >= 1 && m <= 12;
    }

    private static boolean day(String d) {
        int v = Integer.parseInt(d);
        return v >= 1 && v <= 31;
    }

    private static boolean hour(String d) {
        return Integer.parseInt(d) <= 23;
    }

    private static boolean minute(String d) {
        return Integer.parseInt(d) <= 59;
    }
}
