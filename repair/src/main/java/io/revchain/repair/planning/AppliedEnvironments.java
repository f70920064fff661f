package io.revchain.repair.planning;

import io.revchain.analysis.deploy.Retired;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each environment's database has applied, as the planner takes it: the rows of its version table (the heads
 * it stands on, as read), the environments that could not be read (and why), and what the repository's history says
 * of a revision the code no longer declares. Every row, and everything below it, is protected like a hand-written
 * {@code deployed:} id.
 *
 * @param rows       environment name → its version table's rows, in the order given
 * @param unreadable environment name → why its database could not be read; the planner cannot know what it applied,
 *                   so a plan made without it is refused unless the caller drops it knowingly
 * @param history    revision id → what git history last said of it, for ids no file declares any more
 */
public record AppliedEnvironments(
        Map<String, List<String>> rows, Map<String, String> unreadable, Map<String, Retired> history) {

    public AppliedEnvironments {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (rows == null ? Map.<String, List<String>>of() : rows).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        rows = Collections.unmodifiableMap(copy);
        unreadable = Collections.unmodifiableMap(new LinkedHashMap<>(unreadable == null ? Map.of() : unreadable));
        history = Collections.unmodifiableMap(new LinkedHashMap<>(history == null ? Map.of() : history));
    }

    /** No environment: the planner knows only the hand-written {@code deployed:} list. */
    public static AppliedEnvironments none() {
        return new AppliedEnvironments(Map.of(), Map.of(), Map.of());
    }

    /** The environments {@code rows} names, read successfully, no history. */
    public static AppliedEnvironments of(Map<String, List<String>> rows) {
        return new AppliedEnvironments(rows, Map.of(), Map.of());
    }

    public AppliedEnvironments withHistory(Map<String, Retired> h) {
        return new AppliedEnvironments(rows, unreadable, h);
    }

    public AppliedEnvironments withUnreadable(Map<String, String> u) {
        return new AppliedEnvironments(rows, u, history);
    }

    /** Every revision some environment stands on, each once, in environment order. */
    public Set<String> appliedIds() {
        Set<String> out = new LinkedHashSet<>();
        rows.values().forEach(out::addAll);
        return out;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && unreadable.isEmpty();
    }
}
