package io.revchain.repair.planning;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a revision belongs in a linear chain: by {@code Create Date}, then numeric filename prefix, then the commit
 * that added the file, then id. Missing parts sort last.
 *
 * @param date   the Create Date normalised to {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, or {@code null}
 * @param prefix the file name's leading number, or -1
 * @param commit the position of the commit that added the file, or -1
 * @param id     the revision id
 */
record OrderKey(String date, long prefix, int commit, String id) implements Comparable<OrderKey> {

    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
    private static final Pattern PREFIX = Pattern.compile("^(\\d{1,18})");

    private static final Comparator<OrderKey> ORDER = Comparator.comparing(
                    OrderKey::date, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(k -> k.prefix < 0 ? Long.MAX_VALUE : k.prefix)
            .thenComparingInt(k -> k.commit < 0 ? Integer.MAX_VALUE : k.commit)
            .thenComparing(OrderKey::id);

    static OrderKey of(String createDate, String fileName, Integer commit, String id) {
        return new OrderKey(normalise(createDate), prefix(fileName), commit == null ? -1 : commit, id);
    }

    static String normalise(String createDate) {
        if (createDate == null) {
            return null;
        }
        Matcher m = DATE.matcher(createDate.strip());
        if (!m.lookingAt()) {
            return null;
        }
        String frac = m.group(7) == null ? "" : m.group(7);
        return String.format(
                "%s-%02d-%02d %02d:%s:%s.%s",
                m.group(1),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? "00" : m.group(5),
                m.group(6) == null ? "00" : m.group(6),
                (frac + "000000").substring(0, 6));
    }

    static long prefix(String fileName) {
        if (fileName == null) {
            return -1;
        }
        Matcher m = PREFIX.matcher(fileName);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Whether {@code this} (a parent) is dated strictly after {@code child}: the link contradicts the dates. */
    boolean datedAfter(OrderKey child) {
        return date != null && child.date != null && date.compareTo(child.date) > 0;
    }

    @Override
    public int compareTo(OrderKey o) {
        return ORDER.compare(this, o);
    }
}
