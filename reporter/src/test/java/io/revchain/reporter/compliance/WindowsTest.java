package io.revchain.reporter.compliance;

import static io.revchain.reporter.Reports.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {

    @Test
    void p99_is_the_nearest_rank_of_the_samples() {
        RollingSamples w = new RollingSamples(Duration.ofSeconds(60), 1000);
        assertThat(w.quantile(0, 0.99)).isNaN();
        // Given 1 ms .. 100 ms, shuffled in by a fixed order
        for (int i = 0; i < 100; i++) {
            w.add(0, (i * 37) % 100 + 1);
        }
        assertThat(w.quantile(0, 0.99)).isEqualTo(99.0);
        assertThat(w.quantile(0, 0.5)).isEqualTo(50.0);
        assertThat(w.quantile(0, 1.0)).isEqualTo(100.0);
        assertThat(w.quantile(0, 0.001)).isEqualTo(1.0);
    }

    @Test
    void the_window_keeps_the_latest_samples_of_its_last_seconds() {
        RollingSamples w = new RollingSamples(Duration.ofSeconds(10), 3);
        for (long ms : new long[] {100, 200, 1, 2, 3}) {
            w.add(0, ms);
        }
        assertThat(w.size(0)).isEqualTo(3);
        assertThat(w.quantile(0, 1.0)).isEqualTo(3.0);
        w.add(5_000, 7);
        // ten seconds after they were taken the first three leave; the one taken at 5 s stays until 15 s
        assertThat(w.size(9_999)).isEqualTo(3);
        assertThat(w.size(10_000)).isEqualTo(1);
        assertThat(w.quantile(10_000, 0.99)).isEqualTo(7.0);
        assertThat(w.size(15_000)).isZero();
        assertThat(w.quantile(15_000, 0.99)).isNaN();
        assertThatThrownBy(() -> w.quantile(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rate_counts_the_complete_seconds_of_the_window() {
        // Given 1000 events during second 5 and a 10 s window
        RateWindow r = new RateWindow(10);
        for (int i = 0; i < 1000; i++) {
            r.record(5_000 + i, 1);
        }
        // Then while second 5 fills nothing is counted, then 100/s for exactly ten seconds
        assertThat(r.perSecond(5_999)).isZero();
        assertThat(r.perSecond(6_000)).isEqualTo(100.0);
        assertThat(r.perSecond(15_999)).isEqualTo(100.0);
        assertThat(r.perSecond(16_000)).isZero();
    }

    @Test
    void rate_forgets_slots_reused_by_a_later_second() {
        RateWindow r = new RateWindow(2);
        r.record(1_000, 10);
        r.record(4_000, 3); // same slot as second 1 (3 slots), replaces it
        r.record(2_500, 4);
        assertThat(r.perSecond(4_100)).isEqualTo(2.0); // seconds 2..3: second 2 has 4
        assertThat(r.perSecond(3_100)).isEqualTo(2.0); // seconds 1..2: second 1 was overwritten, second 2 has 4
        assertThat(r.perSecond(5_000)).isEqualTo(1.5); // seconds 3..4: second 4 has 3
    }

    private static HealthReport timed(Instant scannedAt, Instant publishedAt) {
        return new HealthReport(
                "r",
                "main",
                "c",
                1,
                List.of(),
                List.of(),
                List.of(),
                HealthStatus.HEALTHY,
                scannedAt,
                publishedAt,
                T0.plusSeconds(60));
    }

    @Test
    void latency_starts_at_publish_or_else_at_scan_and_is_unknown_without_either_or_under_skew() {
        Instant arrival = T0.plusMillis(7);
        assertThat(Timing.endToEnd(timed(T0.minusMillis(10), T0), arrival)).contains(Duration.ofMillis(7));
        assertThat(Timing.endToEnd(timed(T0, null), arrival)).contains(Duration.ofMillis(7));
        assertThat(Timing.endToEnd(timed(null, null), arrival)).isEmpty();
        assertThat(Timing.endToEnd(timed(null, T0.plusMillis(8)), arrival)).isEmpty();
        assertThat(Timing.endToEnd(timed(null, T0.plusMillis(7)), arrival)).contains(Duration.ZERO);
    }

    @Test
    void verification_runs_from_publish_to_the_verdict() {
        assertThat(Timing.verification(timed(null, T0.plusSeconds(59)))).contains(Duration.ofSeconds(1));
        assertThat(Timing.verification(timed(T0, null))).contains(Duration.ofSeconds(60));
        assertThat(Timing.verification(timed(null, null))).isEmpty();
        // a verdict "before" its publish: two hosts' clocks disagree
        assertThat(Timing.verification(timed(null, T0.plusSeconds(61)))).isEmpty();
    }

    @Test
    void reports_started_before_the_reporter_are_history() {
        assertThat(Timing.isLive(timed(null, T0), T0)).isTrue();
        assertThat(Timing.isLive(timed(null, T0.minusNanos(1)), T0)).isFalse();
        // without start times, the analysis time decides
        assertThat(Timing.isLive(timed(null, null), T0.plusSeconds(60))).isTrue();
        assertThat(Timing.isLive(timed(null, null), T0.plusSeconds(61))).isFalse();
    }
}
