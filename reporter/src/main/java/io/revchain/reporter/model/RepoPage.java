package io.revchain.reporter.model;

import io.revchain.event.HealthStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One page of the repositories table ({@link RepoQuery#apply}).
 *
 * @param page     this page, from 1
 * @param pages    how many pages the matching rows fill (at least 1)
 * @param size     rows per page
 * @param total    rows (branches) before filtering
 * @param matched  rows the filters let through
 * @param byStatus rows (branches) per status before filtering, every status present
 * @param proposed rows (branches) with a live fix proposal, before filtering
 * @param rows     this page's rows, most severe first
 */
public record RepoPage(
        int page,
        int pages,
        int size,
        int total,
        int matched,
        Map<HealthStatus, Integer> byStatus,
        int proposed,
        List<RepoView> rows) {

    public RepoPage {
        byStatus = Collections.unmodifiableMap(new EnumMap<>(byStatus));
        rows = List.copyOf(rows);
    }
}
