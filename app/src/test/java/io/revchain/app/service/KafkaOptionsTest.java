package io.revchain.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.app.cli.UserError;
import io.revchain.runtime.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {

    @Command(name = "svc")
    static final class Svc {
        @Mixin
        KafkaOptions kafka;
    }

    @TempDir
    Path dir;

    private static KafkaOptions parse(Map<String, String> env, String... args) {
        Svc svc = new Svc();
        new CommandLine(svc).parseArgs(args);
        svc.kafka.env = env;
        return svc.kafka;
    }

    @Test
    void flagsOverTheFileOverTheEnvironmentAndBootstrapServersOverAll() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n" + "ssl.truststore.password=changeit\n");
        KafkaOptions o = parse(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "env:9092",
                        "KAFKA_SECURITY_PROTOCOL",
                        "PLAINTEXT",
                        "KAFKA_SASL_MECHANISM",
                        "PLAIN"),
                "--kafka-config-file",
                file.toString(),
                "--kafka-config",
                "security.protocol=SASL_SSL",
                "--kafka-config",
                "bootstrap.servers=flag:9092",
                "--bootstrap-servers",
                "kafka:9093");
        KafkaSettings s = o.settings();
        assertThat(s.asMap())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("bootstrap.servers", "kafka:9093");
        assertThat(o.requireExternal()).isEqualTo("kafka:9093");
        assertThat(o.requireExternalSettings()).containsEntry("ssl.truststore.password", "changeit");
        assertThat(s.toString()).doesNotContain("changeit");
    }

    @Test
    void theEnvironmentAloneNamesTheCluster() {
        assertThat(parse(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092")).bootstrapServers())
                .isEqualTo("env:9092");
        assertThat(parse(Map.of()).bootstrapServers()).isNull();
        assertThatThrownBy(() -> parse(Map.of()).requireExternal())
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no Kafka");
    }

    @Test
    void badSettingsAreUserErrorsThatQuoteNoSecret() {
        assertThatThrownBy(() -> parse(Map.of(), "--kafka-config", "sasl.jaas.config:password=hunter2")
                        .settings())
                .isInstanceOf(UserError.class)
                .hasMessageContaining("KEY=VALUE")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse(
                                Map.of(),
                                "--kafka-config-file",
                                dir.resolve("none").toString())
                        .settings())
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not exist");
    }
}
