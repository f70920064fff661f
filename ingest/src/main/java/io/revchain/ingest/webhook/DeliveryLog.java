package io.revchain.ingest.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids seen lately, to tell a replayed delivery (a forge's "redeliver" button, an attacker repeating a
 * captured request) from a new one. Bounded: the oldest ids are forgotten past {@code capacity}, so memory stays
 * flat; a replay older than that only causes one extra fetch. Thread-safe.
 */
public final class DeliveryLog {
    private final Map<String, Boolean> seen;

    public DeliveryLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code id} is offered (it is then remembered), false for a replay. */
    public synchronized boolean firstTime(String id) {
        return seen.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
