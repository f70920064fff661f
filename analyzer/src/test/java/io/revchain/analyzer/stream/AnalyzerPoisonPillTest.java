package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.DeadLetter;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records the analyzer must refuse before reading them: no key, and a value too large to be one of ours. */
class AnalyzerPoisonPillTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "org/poison";

    @TempDir
    Path state;

    private static byte[] bytes(MigrationEvent e) {
        return Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e);
    }

    @Test
    void aKeylessRecordAndAnOversizedValueAreDeadLetteredAndTheRepositoryIsStillReported() {
        AnalyzerMetrics metrics = AnalyzerMetrics.simple();
        AnalyzerConfig config = AnalyzerConfig.resolve(Map.of(), Map.of(), Map.of());
        Properties p = config.withInstance("poison", state, 0).streamsProperties(null);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver =
                new TopologyTestDriver(AnalyzerTopology.build(config, metrics, Clock.fixed(T0, ZoneOffset.UTC)), p)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(
                    Topics.MIGRATION_EVENTS.name(),
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, HealthReport> health = driver.createOutputTopic(
                    Topics.HEALTH.name(),
                    Serdes.String().deserializer(),
                    Topics.HEALTH.valueSerde().deserializer());
            TestOutputTopic<String, DeadLetter> dead = driver.createOutputTopic(
                    Topics.DEAD_LETTERS.name(),
                    Serdes.String().deserializer(),
                    Topics.DEAD_LETTERS.valueSerde().deserializer());
            MigrationScript s = Gen.script("001_a.py", "a", List.of(), "a", true);
            String c = "c".repeat(40);

            // Given a well-formed event sent without a key, and a value of 1 MB + 1 byte
            input.pipeInput(
                    (String) null,
                    bytes(new FileChanged(REPO, "main", c, s.path(), ChangeKind.ADDED, null, "blob", s, T0, T0)));
            byte[] huge = new byte[AnalyzeProcessor.MAX_VALUE_BYTES + 1];
            Arrays.fill(huge, (byte) ' ');
            huge[0] = '{';
            huge[huge.length - 1] = '}';
            input.pipeInput(REPO, huge);
            // When the same commit arrives properly keyed
            input.pipeInput(
                    REPO, bytes(new FileChanged(REPO, "main", c, s.path(), ChangeKind.ADDED, null, "blob", s, T0, T0)));
            input.pipeInput(REPO, bytes(new CommitScanned(REPO, "main", c, 1, true, T0, T0)));

            // Then both bad records are dead letters with their reasons, previews stay small
            List<DeadLetter> letters = dead.readValuesToList();
            assertThat(letters).hasSize(2);
            assertThat(letters.get(0).reason()).startsWith("no key");
            assertThat(letters.get(0).key()).isNull();
            assertThat(letters.get(1).reason())
                    .contains((AnalyzeProcessor.MAX_VALUE_BYTES + 1) + " bytes")
                    .contains("limit");
            assertThat(letters.get(1).valuePreview().length()).isLessThanOrEqualTo(DeadLetter.PREVIEW_BYTES);
            // and the keyed commit is reported as if the poison had never been there
            HealthReport h = health.readValue();
            assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(h.revisions()).isEqualTo(1);
            assertThat(metrics.deadLetters().count()).isEqualTo(2.0);
        }
    }
}
