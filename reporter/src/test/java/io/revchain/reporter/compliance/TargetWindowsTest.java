package io.revchain.reporter.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The windows behind the targets, on a controlled clock (epoch milliseconds passed in). */
class TargetWindowsTest {

    @Test
    void throughput_is_events_over_busy_time_and_quiet_time_does_not_count() {
        BusyThroughput t = new BusyThroughput(Duration.ofSeconds(60), 10_000);
        // Given 100 events, each queued 10 ms, back to back from 1 s to 2 s (a backlog drained in one second)
        for (int i = 0; i < 100; i++) {
            long start = 1_000 + i * 10L;
            t.verified(start + 10, start, start + 10);
        }
        // and 30 s of silence

        // Then the rate is 100 per busy second, not 100 per 31 s
        BusyThroughput.Reading r = t.read(31_000);
        assertThat(r.events()).isEqualTo(100);
        assertThat(r.busySeconds()).isEqualTo(1.0);
        assertThat(r.perSecond()).isEqualTo(100.0);
        assertThat(r.idle()).isFalse();
    }

    @Test
    void overlapping_work_counts_its_busy_time_once() {
        BusyThroughput t = new BusyThroughput(Duration.ofSeconds(60), 10_000);
        // Given 50 events all queued at 0 and verified one after the other by 500 ms
        for (int i = 1; i <= 50; i++) {
            t.verified(i * 10L, 0, i * 10L);
        }
        // Then busy time is the half second they were queued, not the sum of their latencies
        assertThat(t.read(1_000).busySeconds()).isEqualTo(0.5);
        assertThat(t.read(1_000).perSecond()).isEqualTo(100.0);
    }

    @Test
    void an_idle_window_is_idle_and_remembers_the_last_busy_rate() {
        BusyThroughput t = new BusyThroughput(Duration.ofSeconds(10), 10_000);
        assertThat(t.read(0).idle()).isTrue();
        assertThat(t.read(0).lastBusyPerSec()).isNaN();
        for (int i = 0; i < 20; i++) {
            t.verified(100 + i * 10L, i * 10L, 100 + i * 10L);
        }
        assertThat(t.read(1_000).perSecond()).isCloseTo(20 / 0.29, org.assertj.core.data.Offset.offset(1e-9));

        // When the window moves past the last event
        BusyThroughput.Reading quiet = t.read(60_000);

        // Then it is idle, with no rate of its own and the last busy one beside it
        assertThat(quiet.idle()).isTrue();
        assertThat(quiet.perSecond()).isNaN();
        assertThat(quiet.lastBusyPerSec()).isCloseTo(20 / 0.29, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void a_first_scan_is_counted_apart_from_steady_reports() {
        InitialScans s = new InitialScans();
        // Given repository a's first scan: three branches published at 0..20 ms, the first report arriving at 500
        assertThat(s.live("a", 0L, 500, 10)).isTrue();
        assertThat(s.live("a", 10L, 800, 12)).isTrue();
        assertThat(s.live("a", 20L, 2_500, 12)).isTrue();
        // When a push is published after the first report arrived
        assertThat(s.live("a", 600L, 610, 13)).isFalse();
        // Then the scan is 34 files from 0 ms to 2.5 s, and the push is steady
        assertThat(s.reports()).isEqualTo(3);
        assertThat(s.files()).isEqualTo(34);
        assertThat(s.seconds()).isEqualTo(2.5);
        // And a repository known from replayed history has no first scan in this reporter
        s.replayed("b");
        assertThat(s.live("b", 0L, 100, 5)).isFalse();
        // And a report without a start time is initial only as its repository's first
        assertThat(s.live("c", null, 3_000, 1)).isTrue();
        assertThat(s.live("c", null, 3_001, 1)).isFalse();
    }

    @Test
    void cold_lookups_are_counted_apart_from_the_re_scan_hit_rate() {
        CacheWindow c = new CacheWindow(Duration.ofSeconds(10));
        // Given a first scan: 200 misses, all first sights
        c.record(1_000, 0, 200, 200);
        // Then there is no re-scan lookup yet: no rate, not 0%
        CacheWindow.Reading first = c.read(1_500);
        assertThat(first.lookups()).isZero();
        assertThat(first.cold()).isEqualTo(200);
        assertThat(first.hitRate()).isNaN();

        // When re-scans hit 90 times and miss 10 times, 4 of them new blobs
        c.record(2_000, 90, 10, 4);

        // Then the rate is 90 of 96 re-scan lookups
        CacheWindow.Reading r = c.read(2_500);
        assertThat(r.hits()).isEqualTo(90);
        assertThat(r.lookups()).isEqualTo(96);
        assertThat(r.cold()).isEqualTo(204);
        assertThat(r.hitRate()).isEqualTo(90.0 / 96);
        // And the window forgets the first scan after ten seconds
        assertThat(c.read(11_000).cold()).isEqualTo(4);
        assertThat(c.read(12_000).lookups()).isZero();
        assertThatThrownBy(() -> c.record(0, 1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
