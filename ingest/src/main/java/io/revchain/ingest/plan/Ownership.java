package io.revchain.ingest.plan;

import io.revchain.core.config.RepositorySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which repositories this ingest instance owns: those whose record is on a partition of the
 * {@code revchain.repositories} topic that the consumer group assigned to it. It decides what an assignment, a
 * revocation and each record (a repository added, edited or tombstoned) change, and when a repository may be
 * polled: only once its partition has been read to the end it had when assigned ({@link #caughtUp}), so a
 * repository whose latest record is a tombstone further on is never polled on the strength of an older record.
 *
 * <p>Not thread-safe: the consumer's thread is its only user.
 */
public final class Ownership {

    /** What a record did to the repositories owned. */
    public enum Change {
        /** a repository not known before */
        ADDED,
        /** a known repository whose configuration changed */
        EDITED,
        /** the same configuration again (a re-sync) */
        UNCHANGED,
        /** a tombstone for a known repository */
        REMOVED,
        /** a tombstone for a repository not known, or a record of a partition not owned */
        IGNORED
    }

    private final Map<Integer, Map<String, RepositorySpec>> byPartition = new HashMap<>();
    private final Set<Integer> loading = new HashSet<>();

    /** Partitions newly assigned: owned from now on, read from their beginning before any repository is polled. */
    public void assigned(Collection<Integer> partitions) {
        for (int p : partitions) {
            if (!byPartition.containsKey(p)) {
                byPartition.put(p, new TreeMap<>());
                loading.add(p);
            }
        }
    }

    /** A partition read up to the end it had when assigned: its repositories may be polled. */
    public void caughtUp(int partition) {
        loading.remove(partition);
    }

    /** The partitions still being read from their beginning. */
    public Set<Integer> loading() {
        return Set.copyOf(loading);
    }

    /**
     * Partitions revoked or lost: returns the repositories that were on them (which the caller must stop polling
     * before the rebalance may complete).
     */
    public List<String> revoked(Collection<Integer> partitions) {
        List<String> lost = new ArrayList<>();
        for (int p : partitions) {
            Map<String, RepositorySpec> repos = byPartition.remove(p);
            loading.remove(p);
            if (repos != null) {
                lost.addAll(repos.keySet());
            }
        }
        return lost;
    }

    /**
     * A record of the topic: {@code spec} is the repository's configuration, {@code null} a tombstone.
     *
     * @param partition the record's partition
     * @param id        the record key (the repository id)
     */
    public Change record(int partition, String id, RepositorySpec spec) {
        Map<String, RepositorySpec> repos = byPartition.get(partition);
        if (repos == null) {
            return Change.IGNORED;
        }
        if (spec == null) {
            return repos.remove(id) == null ? Change.IGNORED : Change.REMOVED;
        }
        RepositorySpec before = repos.put(id, spec);
        if (before == null) {
            return Change.ADDED;
        }
        return before.equals(spec) ? Change.UNCHANGED : Change.EDITED;
    }

    /** Whether {@code id} is owned and may be polled (its partition read to its end). */
    public boolean pollable(String id) {
        return spec(id).isPresent();
    }

    /** The configuration of {@code id}, when it is owned and its partition is caught up. */
    public Optional<RepositorySpec> spec(String id) {
        for (var e : byPartition.entrySet()) {
            if (!loading.contains(e.getKey()) && e.getValue().containsKey(id)) {
                return Optional.of(e.getValue().get(id));
            }
        }
        return Optional.empty();
    }

    /** The partition of {@code id}'s record, when it is owned (caught up or not). */
    public OptionalInt partitionOf(String id) {
        for (var e : byPartition.entrySet()) {
            if (e.getValue().containsKey(id)) {
                return OptionalInt.of(e.getKey());
            }
        }
        return OptionalInt.empty();
    }

    /** Every repository that may be polled, by id. */
    public Map<String, RepositorySpec> pollable() {
        Map<String, RepositorySpec> all = new TreeMap<>();
        byPartition.forEach((p, repos) -> {
            if (!loading.contains(p)) {
                all.putAll(repos);
            }
        });
        return all;
    }

    /** The partitions owned. */
    public Set<Integer> partitions() {
        return Set.copyOf(byPartition.keySet());
    }
}
