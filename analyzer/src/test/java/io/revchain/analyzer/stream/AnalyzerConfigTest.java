package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerConfigTest {

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws Exception {
        // Given the same settings in a file, the environment and flags
        Path file = dir.resolve("analyzer.properties");
        Files.writeString(
                file,
                "http.port=1111\nnum.standby.replicas=2\ncommit.interval.ms=50\n"
                        + "bootstrap.servers=file:9092\npolicy.acgs2/core=acgs2\nkafka.max.poll.records=7\n");
        Map<String, String> env = Map.of(
                "REVCHAIN_HTTP_PORT",
                "2222",
                "REVCHAIN_NUM_STANDBY_REPLICAS",
                "1",
                "KAFKA_BOOTSTRAP_SERVERS",
                "env:9092");
        Map<String, String> flags = Map.of("http.port", "3333", "processing.guarantee", "exactly_once_v2");
        // When they are resolved
        AnalyzerConfig c = AnalyzerConfig.resolve(flags, env, AnalyzerConfig.readFile(file));
        // Then each setting comes from the strongest source that has it
        assertThat(c.httpPort()).isEqualTo(3333);
        assertThat(c.standbyReplicas()).isEqualTo(1);
        assertThat(c.commitIntervalMs()).isEqualTo(50);
        assertThat(c.bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.exactlyOnce()).isTrue();
        assertThat(c.policyFor("acgs2/core").isAcgs2()).isTrue();
        assertThat(c.policyFor("other")).isEqualTo(Policy.alembic());
        assertThat(c.streamsProperties(null)).containsEntry("max.poll.records", "7");
        // a kafka.* setting replaces the analyzer's own default
        assertThat(AnalyzerConfig.resolve(Map.of("kafka.producer.batch.size", "16384"), Map.of(), Map.of())
                        .streamsProperties(null))
                .containsEntry("producer.batch.size", "16384");
    }

    @Test
    void theDefaultsAreTheLowLatencyOnes() {
        AnalyzerConfig c = AnalyzerConfig.resolve(Map.of("instance.id", "a-1"), Map.of(), Map.of());
        Properties p = c.streamsProperties("host:8081");
        assertThat(p)
                .containsEntry("application.id", "revchain-analyzer")
                .containsEntry("processing.guarantee", "at_least_once")
                .containsEntry("statestore.cache.max.bytes", 0L)
                .containsEntry("producer.linger.ms", 0)
                .containsEntry("producer.batch.size", 1024 * 1024)
                .containsEntry("commit.interval.ms", 1000L)
                .containsEntry("consumer.group.instance.id", "a-1")
                .containsEntry("application.server", "host:8081")
                .containsEntry("num.standby.replicas", 0);
        assertThat(c.stateDir().toString()).endsWith("a-1");
        // ingest's aborted transactions are never read, with either guarantee (Streams keeps the setting)
        assertThat(new StreamsConfig(p).getMainConsumerConfigs("g", "c", 0))
                .containsEntry("isolation.level", "read_committed");
        // exactly_once_v2: a read_committed reader waits for the commit, so it comes often
        assertThat(AnalyzerConfig.resolve(Map.of("processing.guarantee", "exactly_once_v2"), Map.of(), Map.of())
                        .streamsProperties(null))
                .containsEntry("commit.interval.ms", 100L);
    }

    @Test
    void aBadValueNamesItsSource() {
        assertThatThrownBy(() -> AnalyzerConfig.resolve(Map.of(), Map.of("REVCHAIN_HTTP_PORT", "eighty"), Map.of()))
                .hasMessage("REVCHAIN_HTTP_PORT: 'eighty' is not a whole number");
        assertThatThrownBy(() ->
                        AnalyzerConfig.resolve(Map.of("processing.guarantee", "exactly_once"), Map.of(), Map.of()))
                .hasMessageContaining("--processing.guarantee: 'exactly_once'");
        assertThatThrownBy(() -> AnalyzerConfig.resolve(Map.of("policy", "strict"), Map.of(), Map.of()))
                .hasMessageContaining("unknown policy 'strict'");
    }
}
