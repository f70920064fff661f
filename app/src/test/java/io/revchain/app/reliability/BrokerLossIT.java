package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.EmbeddedKafkaCluster;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topics;
import io.revchain.reporter.service.HistoryPoint;
import io.revchain.reporter.service.ReporterConfig;
import io.revchain.reporter.service.ReporterService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: on a 3-broker cluster (replication factor 3, {@code min.insync.replicas=2}) one broker can stop in the
 * middle of a run and come back: the pipeline goes on, and with {@code exactly_once_v2} the committed reports are
 * exactly the fault-free run's; the reporter ends with the same picture.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrokerLossIT {

    private static final int REPOS = 10;
    private static final int COMMITS = 40;

    @TempDir
    Path tmp;

    @Test
    void losingOneBrokerOfThreeLosesNothing() throws Exception {
        List<HealthReport> expected = Reference.reports(Events.history(REPOS, COMMITS, 7), tmp.resolve("ref"));
        List<ProducerRecord<String, byte[]>> history = new CopyOnWriteArrayList<>();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3)) {
            String bootstrap = cluster.bootstrapServers();
            assertThat(cluster.replicationFactor()).isEqualTo(3);
            assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Topics.create(admin, 3, (short) 3);
            }
            ReporterService reporter = new ReporterService(ReporterConfig.defaults(bootstrap)
                    .withHttp("127.0.0.1", 0)
                    .withSnapshotInterval(Duration.ofMillis(500))
                    .withRateWindowSeconds(1));
            AtomicReference<Exception> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(
                    () -> {
                        try (KafkaProducer<String, byte[]> p = Kafkas.rawProducer(bootstrap, 1 << 20)) {
                            for (int i = 0; i < history.size(); i++) {
                                p.send(history.get(i)).get();
                                if (i % 10 == 0) {
                                    Thread.sleep(20);
                                }
                            }
                        } catch (Exception e) {
                            producerFailure.set(e);
                        }
                    },
                    "history-producer");
            try (reporter;
                    AnalyzerService analyzer = new AnalyzerService(
                                    Kafkas.analyzer(
                                            bootstrap,
                                            "broker-loss-" + System.nanoTime(),
                                            "loss-a",
                                            tmp.resolve("state"),
                                            true),
                                    new SimpleMeterRegistry())
                            .started()) {
                reporter.start();
                history.addAll(Events.history(REPOS, COMMITS, 7));
                // Given the pipeline running with a steady stream of commits
                producer.start();
                Kafkas.read(
                        bootstrap,
                        Topics.HEALTH.name(),
                        Topics.HEALTH.valueSerde().deserializer(),
                        true,
                        Duration.ofSeconds(60),
                        l -> l.size() >= REPOS * COMMITS / 4);

                // When one broker (a controller too) stops in the middle of it, and comes back a few seconds later
                long t = System.nanoTime();
                cluster.stopBroker(1);
                Thread.sleep(3_000);
                cluster.restartBroker(1);
                System.out.printf("broker loss: node 1 down for %.1f s%n", (System.nanoTime() - t) / 1e9);
                producer.join(90_000);
                assertThat(producerFailure.get())
                        .as("the producer never failed")
                        .isNull();

                // Then every committed report is the fault-free run's, none lost, none twice
                List<ConsumerRecord<String, HealthReport>> all = Kafkas.read(
                        bootstrap,
                        Topics.HEALTH.name(),
                        Topics.HEALTH.valueSerde().deserializer(),
                        true,
                        Duration.ofSeconds(90),
                        l -> l.size() >= expected.size());
                assertThat(Reference.byKey(all.stream().map(ConsumerRecord::value)))
                        .isEqualTo(Reference.byKey(expected.stream()));

                // and the reporter shows the same final picture
                Map<HealthStatus, Integer> finalStatus = new EnumMap<>(HealthStatus.class);
                Reference.byKey(expected.stream())
                        .values()
                        .forEach(v -> finalStatus.merge(
                                HealthStatus.valueOf(v.get(v.size() - 1).status()), 1, Integer::sum));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(reporter.view().repos()).isEqualTo(REPOS);
                    for (Map.Entry<HealthStatus, Integer> e : finalStatus.entrySet()) {
                        assertThat(reporter.view().repos(e.getKey()))
                                .as(e.getKey().name())
                                .isEqualTo(e.getValue());
                    }
                });
                StringBuilder spark = new StringBuilder();
                for (HistoryPoint h : reporter.history()) {
                    spark.append(String.format(" %.0f", h.throughputPerSec()));
                }
                System.out.println("broker loss: reporter throughput (reports/s, every 0.5 s):" + spark);
                // the reporter measured the run through the outage (what the dashboard's sparkline draws)
                assertThat(reporter.history()).anyMatch(h -> h.throughputPerSec() > 0);
            } finally {
                producer.join(10_000);
            }
        }
    }
}
