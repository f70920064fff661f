package io.revchain.reporter.model;

import io.revchain.event.OrgFinding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The organisation-wide findings as {@code revchain.org-findings} describes them: the latest {@link OrgFinding} per
 * revision id; a tombstone removes it (the collision is gone). Pure: no I/O, no clock.
 *
 * <p>Not thread-safe: one thread applies records, and readers get immutable {@link #view()}s.
 */
public final class OrgFindings {

    private final Map<String, OrgFinding> byRevision = new TreeMap<>();

    /**
     * Applies one record.
     *
     * @param key     the record key (the revision id); when {@code null} the finding's own revision is used
     * @param finding the finding, or {@code null} for a tombstone (then {@code key} is required)
     */
    public void apply(String key, OrgFinding finding) {
        String k = key != null ? key : finding == null ? null : finding.revision();
        if (k == null) {
            return;
        }
        if (finding == null) {
            byRevision.remove(k);
        } else {
            byRevision.put(k, finding);
        }
    }

    /** The findings as they stand, computed afresh. */
    public View view() {
        Map<String, Long> byKind = new TreeMap<>();
        byKind.put(OrgFinding.IDENTICAL_COPY, 0L);
        byKind.put(OrgFinding.DIVERGED, 0L);
        Map<String, List<String>> byRepo = new TreeMap<>();
        long handTyped = 0;
        for (OrgFinding f : byRevision.values()) {
            byKind.merge(f.kind(), 1L, Long::sum);
            if (f.handTyped()) {
                handTyped++;
            }
            for (String repo : f.repositories()) {
                byRepo.computeIfAbsent(repo, r -> new ArrayList<>()).add(f.revision());
            }
        }
        byRepo.replaceAll((r, ids) -> List.copyOf(ids));
        return new View(List.copyOf(byRevision.values()), byKind, handTyped, byRepo);
    }

    /**
     * An immutable picture of the organisation-wide findings.
     *
     * @param findings        every finding, sorted by revision id
     * @param byKind          findings per kind ({@code identical-copy}, {@code diverged}; both always present)
     * @param handTyped       findings whose id is a placeholder or a hand-typed number
     * @param revisionsByRepo per repository, the revision ids it shares with another repository (sorted)
     */
    public record View(
            List<OrgFinding> findings,
            Map<String, Long> byKind,
            long handTyped,
            Map<String, List<String>> revisionsByRepo) {

        public View {
            findings = List.copyOf(findings);
            byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
            revisionsByRepo = Collections.unmodifiableMap(new TreeMap<>(revisionsByRepo));
        }

        /** No finding yet. */
        public static View empty() {
            return new OrgFindings().view();
        }

        /** The findings that name {@code repo} among their repositories. */
        public List<OrgFinding> involving(String repo) {
            return findings.stream().filter(f -> f.involves(repo)).toList();
        }

        /** The same picture restricted to the findings that name {@code repo}. */
        public View of(String repo) {
            OrgFindings only = new OrgFindings();
            for (OrgFinding f : involving(repo)) {
                only.apply(f.revision(), f);
            }
            return only.view();
        }
    }
}
