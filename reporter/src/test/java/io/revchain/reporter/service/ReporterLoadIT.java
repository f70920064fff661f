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
                for (int i = 0; i < REPORTS; i++) {
                    if (PACED) {
                        LockSupport.parkNanos(t0 + i * 2_000_000L - System.nanoTime());
                    }
                    HealthReport r = report("repo-" + i, "main", 3, List.of(), Instant.now());
                    p.send(new ProducerRecord<>(Topics.HEALTH.name(), r.key(), r));
                }
                p.flush();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> reporter.view().rows().size() == REPORTS);
            double seconds = (System.nanoTime() - t0) / 1e9;

            PrometheusText m = PrometheusText.parse(reporter.registry().scrape());
            assertThat(m.value("revchain_events_processed_total", Map.of())).isEqualTo(REPORTS);
            assertThat(m.value("revchain_latency_seconds_count", Map.of())).isEqualTo(REPORTS);
            assertThat(reporter.view().repos()).isEqualTo(REPORTS);
            assertThat(reporter.view().healthyShare()).isEqualTo(1.0);
            double within5ms = m.value("revchain_latency_seconds_bucket", Map.of("le", "0.005")) / REPORTS;
            System.out.printf(
                    "reporter load: %d reports in %.2f s (%.0f/s end to end); p99 %.2f ms, %.1f%% " + "within 5 ms%n",
                    REPORTS, seconds, REPORTS / seconds, reporter.snapshot().p99LatencyMs(), within5ms * 100);
            assertThat(reporter.snapshot().p99LatencyMs()).isPositive();
        }
    }
}
