package io.revchain.app.reliability;

import io.revchain.analyzer.stream.AnalyzerConfig;
import io.revchain.analyzer.stream.AnalyzerTopology;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The fault-free run: the same records through the same topology in a {@link TopologyTestDriver}. */
final class Reference {
    private Reference() {}

    /** The health reports a fault-free analyzer sends for {@code records}, in order. */
    static List<HealthReport> reports(List<ProducerRecord<String, byte[]>> records, Path stateDir) {
        AnalyzerConfig config = AnalyzerConfig.resolve(Map.of(), Map.of(), Map.of());
        Properties p = config.withInstance("reference", stateDir, 0).streamsProperties(null);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(AnalyzerTopology.build(config), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(
                    Topics.MIGRATION_EVENTS.name(),
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            records.forEach(r -> in.pipeInput(r.key(), r.value()));
            return driver.createOutputTopic(
                            Topics.HEALTH.name(),
                            Serdes.String().deserializer(),
                            Topics.HEALTH.valueSerde().deserializer())
                    .readValuesToList();
        }
    }

    /** Each branch's reports in order (the order across branches depends on partitions, not on faults). */
    static Map<String, List<Verdict>> byKey(Stream<HealthReport> reports) {
        Map<String, List<Verdict>> out = new TreeMap<>();
        reports.forEach(
                h -> out.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(Verdict.of(h)));
        return out;
    }

    /** What a report says, without its timestamps: equal verdicts are the same report. */
    record Verdict(
            String key,
            String commit,
            int revisions,
            List<String> heads,
            List<String> bases,
            String status,
            int findings) {
        static Verdict of(HealthReport h) {
            return new Verdict(
                    h.key(),
                    h.commit(),
                    h.revisions(),
                    h.heads(),
                    h.bases(),
                    h.status().name(),
                    Objects.hash(h.findings()));
        }
    }
}
