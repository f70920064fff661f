package io.revchain.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analyzer.stream.AnalyzerService;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.DeadLetter;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee: a record the analyzer cannot use — malformed JSON, an unknown {@code schema}, no key, a 10 MB value —
 * goes to {@code revchain.dead-letters} with its reason, and the stream goes on: every good record after it is
 * analysed, with exactly the reports of a run that never saw the poison.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PoisonPillIT {

    @TempDir
    Path tmp;

    @Test
    void poisonIsDeadLetteredWithItsReasonAndTheGoodRecordsAfterItAreAllReported() throws Exception {
        int repos = 8;
        int commits = 25;
        List<ProducerRecord<String, byte[]>> good = Events.history(repos, commits, 6);
        String topic = Topics.MIGRATION_EVENTS.name();
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("malformed-json", "{\"schema\": 1, \"type\": \"file-changed\", ".getBytes(StandardCharsets.UTF_8));
        poison.put(
                "unknown-schema",
                ("{\"schema\": 99, \"type\": \"commit-scanned\", \"repo\": \"" + Events.repo(0) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        poison.put("no key", Events.history(1, 1, 0).get(0).value());
        byte[] huge = new byte[10 << 20];
        Arrays.fill(huge, (byte) 'x');
        poison.put("byte limit", huge);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(
                EmbeddedKafka.Config.defaults().withOverride("message.max.bytes", String.valueOf(16 << 20)))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                // one partition, so "after the poison" is an order every record shares
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                                .configs(Map.of("max.message.bytes", String.valueOf(16 << 20)))))
                        .all()
                        .get();
                Topics.create(admin, Optional.empty(), Optional.of((short) 1), Duration.ofSeconds(30));
            }
            // Given the good history with the four poison pills a third of the way in
            List<ProducerRecord<String, byte[]>> sent = new ArrayList<>(good);
            int at = good.size() / 3;
            for (Map.Entry<String, byte[]> p : poison.entrySet()) {
                String key = p.getKey().equals("no key") ? null : Events.repo(0);
                sent.add(at++, new ProducerRecord<>(topic, key, p.getValue()));
            }
            try (KafkaProducer<String, byte[]> producer = Kafkas.rawProducer(kafka.bootstrapServers(), 16 << 20)) {
                for (ProducerRecord<String, byte[]> r : sent) {
                    producer.send(r).get();
                }
            }

            // When the analyzer reads the topic
            long t = System.nanoTime();
            List<HealthReport> expected = Reference.reports(good, tmp.resolve("reference"));
            try (AnalyzerService analyzer = new AnalyzerService(
                            Kafkas.analyzer(
                                    kafka.bootstrapServers(),
                                    "poison-" + System.nanoTime(),
                                    "poison",
                                    tmp.resolve("state"),
                                    false),
                            new SimpleMeterRegistry())
                    .started()) {
                List<ConsumerRecord<String, HealthReport>> health = Kafkas.read(
                        kafka.bootstrapServers(),
                        Topics.HEALTH.name(),
                        Topics.HEALTH.valueSerde().deserializer(),
                        false,
                        Duration.ofSeconds(60),
                        l -> l.size() >= expected.size());
                double secs = (System.nanoTime() - t) / 1e9;
                System.out.printf(
                        "poison: %d records (4 poison, one of 10 MB) analysed in %.1f s (%.0f records/s)%n",
                        sent.size(), secs, sent.size() / secs);

                // Then the reports are exactly the fault-free run's, the ones after the poison included
                assertThat(Reference.byKey(health.stream().map(ConsumerRecord::value)))
                        .isEqualTo(Reference.byKey(expected.stream()));
                assertThat(expected).as("every commit changes its report").hasSize(repos * commits);
                // and each pill is a dead letter with its reason, in order, its preview kept small
                List<ConsumerRecord<String, DeadLetter>> dead = Kafkas.read(
                        kafka.bootstrapServers(),
                        Topics.DEAD_LETTERS.name(),
                        Topics.DEAD_LETTERS.valueSerde().deserializer(),
                        false,
                        Duration.ofSeconds(30),
                        l -> l.size() >= poison.size());
                assertThat(dead).hasSize(poison.size());
                List<String> reasons =
                        dead.stream().map(r -> r.value().reason()).toList();
                List<String> expectedReasons = new ArrayList<>(poison.keySet());
                for (int i = 0; i < reasons.size(); i++) {
                    assertThat(reasons.get(i)).contains(expectedReasons.get(i));
                }
                assertThat(dead)
                        .allSatisfy(r -> assertThat(r.value().valuePreview().length())
                                .isLessThanOrEqualTo(DeadLetter.PREVIEW_BYTES));
                assertThat(dead.get(3).value().reason()).contains(String.valueOf(10 << 20));
                assertThat(analyzer.metrics().deadLetters().count()).isEqualTo(4.0);
            }
        }
    }
}
