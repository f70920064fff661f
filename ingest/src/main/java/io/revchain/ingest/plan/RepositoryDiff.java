package io.revchain.ingest.plan;

import io.revchain.event.RepositoryRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sync of {@code revchain.yaml} writes to the compacted {@code revchain.repositories} topic: a record for
 * each repository that is new or whose configuration changed, a tombstone for each one on the topic that the file
 * no longer lists, and nothing for a repository unchanged (so a re-sync moves no repository between polls).
 *
 * @param writes  the records to send, by repository id, in the file's order then removals by id; a {@code null}
 *                value is a tombstone
 * @param added   ids new on the topic
 * @param edited  ids whose configuration changed
 * @param removed ids tombstoned
 * @param unchanged how many repositories were already as the file says
 */
public record RepositoryDiff(
        Map<String, RepositoryRecord> writes,
        List<String> added,
        List<String> edited,
        List<String> removed,
        int unchanged) {

    public RepositoryDiff {
        // a tombstone is a null value: no Map.copyOf
        writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
        added = List.copyOf(added);
        edited = List.copyOf(edited);
        removed = List.copyOf(removed);
    }

    /**
     * The writes that make the topic's {@code current} content (latest record per id) say {@code desired}.
     *
     * @param current what the topic holds now, by id (tombstoned ids absent)
     * @param desired the repositories of the file; ids unique
     */
    public static RepositoryDiff between(Map<String, RepositoryRecord> current, Collection<RepositoryRecord> desired) {
        Map<String, RepositoryRecord> writes = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        int unchanged = 0;
        for (RepositoryRecord r : desired) {
            RepositoryRecord before = current.get(r.id());
            if (before == null) {
                added.add(r.id());
                writes.put(r.id(), r);
            } else if (!before.equals(r)) {
                edited.add(r.id());
                writes.put(r.id(), r);
            } else {
                unchanged++;
            }
        }
        List<String> removed = current.keySet().stream()
                .filter(id -> desired.stream().noneMatch(r -> Objects.equals(r.id(), id)))
                .sorted()
                .toList();
        removed.forEach(id -> writes.put(id, null));
        return new RepositoryDiff(writes, added, edited, removed, unchanged);
    }

    /** {@code "N added, N edited, N removed, N unchanged"}. */
    public String summary() {
        return added.size() + " added, " + edited.size() + " edited, " + removed.size() + " removed, " + unchanged
                + " unchanged";
    }

    /** Whether the topic already says what the file says. */
    public boolean empty() {
        return writes.isEmpty();
    }
}
