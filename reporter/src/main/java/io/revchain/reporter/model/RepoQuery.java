package io.revchain.reporter.model;

import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.event.HealthStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One page of the repositories table: which rows an operator asked for (a status filter, a text filter on the
 * repository and branch names), sorted by severity, and which page of them. Pure.
 *
 * <p>Severity order: broken ({@code unhealthy}) first, then {@code unavailable} (nothing known), {@code warning},
 * {@code healthy}; within a status more error findings first, then more findings, then repository and branch by
 * name.
 *
 * @param statuses the statuses to show (empty: all)
 * @param text     a case-insensitive part of {@code repo@branch} to show only those rows ({@code ""}: all)
 * @param page     the page, from 1 (a page past the last gives the last)
 * @param size     rows per page, 1 to {@link #MAX_SIZE}
 */
public record RepoQuery(Set<HealthStatus> statuses, String text, int page, int size) {

    /** Rows per page unless asked otherwise. */
    public static final int DEFAULT_SIZE = 50;
    /** The most rows one page holds. */
    public static final int MAX_SIZE = 500;
    /** The longest text filter accepted. */
    public static final int MAX_TEXT = 200;

    /** The severity order of statuses: broken first. */
    private static final List<HealthStatus> RANK =
            List.of(HealthStatus.UNHEALTHY, HealthStatus.UNAVAILABLE, HealthStatus.WARNING, HealthStatus.HEALTHY);

    /** Most severe first: status, error findings, findings, repository, branch. */
    public static final Comparator<RepoView> SEVERITY = Comparator.<RepoView>comparingInt(r -> RANK.indexOf(r.status()))
            .thenComparing(Comparator.comparingInt(RepoQuery::errors).reversed())
            .thenComparing(
                    Comparator.<RepoView>comparingInt(r -> r.findings().size()).reversed())
            .thenComparing(RepoView::repo)
            .thenComparing(RepoView::branch);

    public RepoQuery {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the filter q is longer than " + MAX_TEXT + " characters");
        }
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more: " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ": " + size);
        }
    }

    /** Every row, first page, default size. */
    public static RepoQuery all() {
        return new RepoQuery(Set.of(), "", 1, DEFAULT_SIZE);
    }

    /**
     * The query an HTTP request's parameters ask for: {@code status} (comma-separated status names, or
     * {@code all}), {@code q} (text), {@code page} and {@code size}.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    public static RepoQuery parse(Map<String, String> params) {
        Set<HealthStatus> statuses = EnumSet.noneOf(HealthStatus.class);
        String status = params.getOrDefault("status", "").strip();
        if (!status.isEmpty() && !status.equals("all")) {
            for (String s : status.split(",", -1)) {
                statuses.add(status(s.strip()));
            }
        }
        return new RepoQuery(
                statuses,
                params.getOrDefault("q", ""),
                number(params, "page", 1),
                number(params, "size", DEFAULT_SIZE));
    }

    private static HealthStatus status(String s) {
        for (HealthStatus h : HealthStatus.values()) {
            if (h.label().equals(s.toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        throw new IllegalArgumentException(
                "status must be all or one or more of healthy, warning, unhealthy, unavailable: '" + s + "'");
    }

    private static int number(Map<String, String> params, String name, int otherwise) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: '" + v + "'", e);
        }
    }

    /** Whether {@code r} passes the filters. */
    public boolean matches(RepoView r) {
        if (!statuses.isEmpty() && !statuses.contains(r.status())) {
            return false;
        }
        return text.isEmpty() || r.key().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    /** The page of {@code rows} this query asks for, sorted by {@link #SEVERITY}. */
    public RepoPage apply(List<RepoView> rows) {
        Map<HealthStatus, Integer> counts = new EnumMap<>(HealthStatus.class);
        for (HealthStatus s : HealthStatus.values()) {
            counts.put(s, 0);
        }
        List<RepoView> matched = new ArrayList<>();
        int proposed = 0;
        for (RepoView r : rows) {
            counts.merge(r.status(), 1, Integer::sum);
            proposed += r.proposal() != null ? 1 : 0;
            if (matches(r)) {
                matched.add(r);
            }
        }
        matched.sort(SEVERITY);
        int pages = Math.max(1, (matched.size() + size - 1) / size);
        int p = Math.min(page, pages);
        int from = (p - 1) * size;
        List<RepoView> slice = matched.subList(Math.min(from, matched.size()), Math.min(from + size, matched.size()));
        return new RepoPage(p, pages, size, rows.size(), matched.size(), counts, proposed, slice);
    }

    /** Error findings of a row. */
    static int errors(RepoView r) {
        int n = 0;
        for (Finding f : r.findings()) {
            if (f.severity() == Severity.ERROR) {
                n++;
            }
        }
        return n;
    }
}
