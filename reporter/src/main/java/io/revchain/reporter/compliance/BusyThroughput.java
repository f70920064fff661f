package io.revchain.reporter.compliance;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Sustained throughput: verified events per second of <em>busy</em> time, over a rolling window. Each verified
 * event says when its work started (the commit's marker published, so from then on the analyzer had it queued) and
 * when its verdict was produced; busy time is the union of those intervals, so a backlog counts once however many
 * events overlap, and time in which nothing was queued or in hand does not count at all. A quiet organisation is
 * therefore idle, not slow: a window without events reads {@link Reading#idle()}, with the rate of the last busy
 * window beside it.
 *
 * <p>Busy time is measured to the millisecond rather than in whole seconds: a burst of 50 verdicts in 300 ms
 * would otherwise read as 50/s, a capacity the pipeline exceeds.
 *
 * <p>An event belongs to the window by its arrival at the reporter ({@code atMillis}); its interval is in the
 * producers' clocks. Not thread-safe; the caller synchronises.
 */
public final class BusyThroughput {

    /** One verified event: arrival at the reporter, and the interval in which its work was queued or in hand. */
    private record Event(long atMillis, long startMillis, long endMillis) {}

    /**
     * What the window holds.
     *
     * @param events         verified events in the window
     * @param busySeconds    busy time in the window, in seconds
     * @param perSecond      events over busy seconds; {@code NaN} when idle
     * @param lastBusyPerSec the rate of the last non-idle window read; {@code NaN} when there never was one
     */
    public record Reading(long events, double busySeconds, double perSecond, double lastBusyPerSec) {
        /** Whether nothing was verified in the window. */
        public boolean idle() {
            return events == 0;
        }
    }

    private final long windowMillis;
    private final int capacity;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private double lastBusy = Double.NaN;

    /** A window of {@code window} holding at most {@code capacity} events (the oldest dropped first). */
    public BusyThroughput(Duration window, int capacity) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
    }

    /** The window's length in whole seconds. */
    public long windowSeconds() {
        return windowMillis / 1000;
    }

    /**
     * One event verified: its work was queued from {@code startMillis} until its verdict at {@code endMillis}, and
     * it reached the reporter at {@code atMillis}. An end before the start (two hosts' clocks) counts as an instant.
     */
    public void verified(long atMillis, long startMillis, long endMillis) {
        events.addLast(new Event(atMillis, startMillis, Math.max(startMillis, endMillis)));
        while (events.size() > capacity) {
            events.removeFirst();
        }
    }

    /** The window ending at {@code nowMillis}. */
    public Reading read(long nowMillis) {
        while (!events.isEmpty() && events.peekFirst().atMillis() <= nowMillis - windowMillis) {
            events.removeFirst();
        }
        if (events.isEmpty()) {
            return new Reading(0, 0, Double.NaN, lastBusy);
        }
        long[][] spans = new long[events.size()][];
        Iterator<Event> it = events.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Event e = it.next();
            spans[i] = new long[] {e.startMillis(), e.endMillis()};
        }
        Arrays.sort(spans, (a, b) -> Long.compare(a[0], b[0]));
        long busy = 0;
        long from = spans[0][0];
        long to = spans[0][1];
        for (int i = 1; i < spans.length; i++) {
            if (spans[i][0] > to) {
                busy += to - from;
                from = spans[i][0];
                to = spans[i][1];
            } else {
                to = Math.max(to, spans[i][1]);
            }
        }
        busy += to - from;
        // a verdict within the clock's millisecond still took time: count at least one millisecond
        double seconds = Math.max(busy, 1) / 1000.0;
        double rate = events.size() / seconds;
        lastBusy = rate;
        return new Reading(events.size(), seconds, rate, rate);
    }
}
