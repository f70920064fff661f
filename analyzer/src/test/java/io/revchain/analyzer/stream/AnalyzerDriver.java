package io.revchain.analyzer.stream;

import io.revchain.event.DeadLetter;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.HealthReport;
import io.revchain.event.MigrationEvent;
import io.revchain.event.OrgFinding;
import io.revchain.event.RevisionClaim;
import io.revchain.event.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analyzer's whole topology on a {@link TopologyTestDriver}, configured from settings as the service resolves
 * them, with its topics: what every topology test drives.
 */
final class AnalyzerDriver implements AutoCloseable {
    final TopologyTestDriver driver;
    final AnalyzerMetrics metrics;
    final TestInputTopic<String, byte[]> events;
    final TestInputTopic<String, byte[]> deployments;
    final TestOutputTopic<String, HealthReport> health;
    final TestOutputTopic<String, DeadLetter> dead;
    final TestOutputTopic<String, RevisionClaim> claims;
    final TestInputTopic<String, RevisionClaim> claimsIn;
    final TestOutputTopic<String, OrgFinding> orgFindings;

    /**
     * @param settings the analyzer's settings ({@code processing.guarantee}, {@code cache.files}, policies …)
     * @param state    the state directory
     * @param clock    the analyzer's clock
     */
    AnalyzerDriver(Map<String, String> settings, Path state, Clock clock) {
        AnalyzerConfig config = AnalyzerConfig.resolve(settings, Map.of(), Map.of());
        Properties p = config.withInstance("test", state, 0).streamsProperties(null);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        metrics = AnalyzerMetrics.simple();
        driver = new TopologyTestDriver(AnalyzerTopology.build(config, metrics, clock), p);
        events = driver.createInputTopic(
                Topics.MIGRATION_EVENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        deployments = driver.createInputTopic(
                Topics.DEPLOYMENTS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        health = driver.createOutputTopic(
                Topics.HEALTH.name(),
                Serdes.String().deserializer(),
                Topics.HEALTH.valueSerde().deserializer());
        dead = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(),
                Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
        claims = driver.createOutputTopic(
                Topics.ORG_CLAIMS.name(),
                Serdes.String().deserializer(),
                Topics.ORG_CLAIMS.valueSerde().deserializer());
        claimsIn = driver.createInputTopic(
                Topics.ORG_CLAIMS.name(),
                Serdes.String().serializer(),
                Topics.ORG_CLAIMS.valueSerde().serializer());
        orgFindings = driver.createOutputTopic(
                Topics.ORG_FINDINGS.name(),
                Serdes.String().deserializer(),
                Topics.ORG_FINDINGS.valueSerde().deserializer());
    }

    /** Sends {@code e} keyed by its repository, as ingest does. */
    void send(MigrationEvent e) {
        events.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    /** Sends an environment's observation keyed {@code repo@environment}, as ingest does. */
    void observe(DeploymentObserved o) {
        deployments.pipeInput(
                o.key(), Topics.DEPLOYMENTS.valueSerde().serializer().serialize("t", o));
    }

    @Override
    public void close() {
        driver.close();
    }
}
