package io.revchain.reporter.service;

import static io.revchain.reporter.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.reporter.compliance.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst of live health reports through a real broker: every one is counted once, timed once, and lands in the
 * picture. Prints what the reporter measured (producer send to reporter arrival, one JVM, 2 shared cores); the
 * numbers are not asserted, the machine is shared. {@code -Dpaced=true} sends at 500/s instead of a burst.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReporterLoadIT {

    private static final int REPORTS = 3_000;
    private static final boolean PACED = Boolean.getBoolean("paced");

    @Test
    void a_burst_of_reports_is_counted_timed_and_pictured_exactly_once() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                ReporterService reporter = new ReporterService(
                        kafka.bootstrapServers(), "127.0.0.1", 0, Targets.defaults(), Duration.ofSeconds(1))) {
            reporter.start();
            long t0 = System.nanoTime();
            try (KafkaProducer<String, HealthReport> p = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.LINGER_MS_CONFIG,
                            0),
                    Topics.HEALTH.keySerde().serializer(),
                    Topics.HEALTH.valueSerde().serializer())) {
                // the first sends wait for metadata: not what the pipeline's latency is about. One to every
                // partition, acknowledged: a burst into a partition whose leader is still being set up right after
                // the topic's creation can leave the idempotent producer retrying an out-of-order sequence forever
                for (var info : p.partitionsFor(Topics.HEALTH.name())) {
                    p.send(new ProducerRecord<>(Topics.HEALTH.name(), info.partition(), "warm-up@main", null))
                            .get();
                }
                // the repository's first scan happened before this reporter started: the burst is steady traffic
                HealthReport history =
                        report("load", "history", 3, List.of(), Instant.now().minusSeconds(3600));
                p.send(new ProducerRecord<>(Topics.HEALTH.name(), history.key(), history))
                        .get();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> reporter.registry()
                                        .find("revchain.reporter.records")
                                        .tag("outcome", "replayed")
                                        .counter()
                                != null);
                for (int i = 0; i < REPORTS; i++) {
                    if (PACED) {
                        LockSupport.parkNanos(t0 + i * 2_000_000L - System.nanoTime());
                    }
                    HealthReport r = report("load", "b" + i, 3, List.of(), Instant.now());
                    p.send(new ProducerRecord<>(Topics.HEALTH.name(), r.key(), r));
                }
                p.flush();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> reporter.view().rows().size() == REPORTS + 1);
            double seconds = (System.nanoTime() - t0) / 1e9;

            PrometheusText m = PrometheusText.parse(reporter.scrape());
            assertThat(m.value("revchain_events_processed_total", Map.of())).isEqualTo(REPORTS);
            assertThat(m.value("revchain_end_to_end_latency_seconds_count", Map.of()))
                    .isEqualTo(REPORTS);
            assertThat(m.value("revchain_initial_scan_reports_total", Map.of())).isZero();
            assertThat(reporter.view().repos()).isEqualTo(1);
            assertThat(reporter.view().healthyShare()).isEqualTo(1.0);
            double within5ms = m.value("revchain_end_to_end_latency_seconds_bucket", Map.of("le", "0.005")) / REPORTS;
            System.out.printf(
                    "reporter load: %d reports in %.2f s (%.0f/s end to end, %.0f/s sustained); p99 %.2f ms, %.1f%% "
                            + "within 5 ms%n",
                    REPORTS,
                    seconds,
                    REPORTS / seconds,
                    reporter.snapshot().throughputPerSec(),
                    reporter.snapshot().p99LatencyMs(),
                    within5ms * 100);
            assertThat(reporter.snapshot().p99LatencyMs()).isPositive();
        }
    }
}
