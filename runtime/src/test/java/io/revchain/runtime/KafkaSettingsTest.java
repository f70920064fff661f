package io.revchain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"revchain\" password=\"hunter2\";";

    @TempDir
    Path dir;

    @Test
    void environmentVariablesAreNamedAsStreamsBootstrapNamesThem() {
        KafkaSettings s = KafkaSettings.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/revchain/truststore.jks",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Dx=y",
                "REVCHAIN_WORK_DIR", "/var/lib/revchain",
                "PATH", "/usr/bin"));
        assertThat(s.asMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "kafka-1:9092,kafka-2:9092",
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", JAAS,
                        "ssl.truststore.location", "/etc/revchain/truststore.jks"));
        assertThat(s.bootstrapServers()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(s.source("sasl.mechanism")).contains(KafkaSettings.Source.ENV);
    }

    @Test
    void flagBeatsFileBeatsEnvironmentKeyByKey() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "# a Kafka client config\nsecurity.protocol=SSL\nsasl.mechanism = SCRAM-SHA-512\n"
                        + "client.rack=eu-1\n");
        KafkaSettings s = KafkaSettings.resolve(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
                        "KAFKA_CLIENT_RACK", "env-rack"),
                Optional.of(file),
                List.of("security.protocol=SASL_SSL", "request.timeout.ms=5000", "request.timeout.ms=6000"));
        assertThat(s.asMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "env:9092",
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "client.rack", "eu-1",
                        "request.timeout.ms", "6000"));
        assertThat(s.source("bootstrap.servers")).contains(KafkaSettings.Source.ENV);
        assertThat(s.source("client.rack")).contains(KafkaSettings.Source.FILE);
        assertThat(s.source("security.protocol")).contains(KafkaSettings.Source.FLAG);
        // a weaker source added later never overrides a stronger one
        assertThat(s.withEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")).asMap())
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aFlagValueMayContainEqualsSigns() {
        KafkaSettings s = KafkaSettings.empty().withFlags(List.of("sasl.jaas.config=" + JAAS));
        assertThat(s.asMap()).containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void secretsAreRedactedInEveryRendering() {
        KafkaSettings s = KafkaSettings.empty()
                .withFlags(List.of(
                        "sasl.jaas.config=" + JAAS,
                        "ssl.truststore.password=trustpw",
                        "ssl.keystore.password=keypw",
                        "ssl.key.password=keypw2",
                        "ssl.keystore.key=-----BEGIN PRIVATE KEY-----",
                        "sasl.oauthbearer.client.credentials.client.secret=oauthsecret",
                        "basic.auth.user.info=user:pw",
                        "security.protocol=SASL_SSL"));
        for (String rendering : List.of(s.toString(), s.describe(), s.redacted().toString())) {
            assertThat(rendering)
                    .doesNotContain("hunter2", "trustpw", "keypw", "PRIVATE KEY", "oauthsecret", "user:pw")
                    .contains("SASL_SSL")
                    .contains(KafkaSettings.REDACTED);
        }
        assertThat(s.redacted())
                .containsEntry("sasl.jaas.config", KafkaSettings.REDACTED)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(s.describe()).contains("security.protocol=SASL_SSL (flag)");
        assertThat(KafkaSettings.secret("bootstrap.servers")).isFalse();
        assertThat(KafkaSettings.secret("ssl.truststore.location")).isFalse();
        assertThat(KafkaSettings.secret("SSL.KEY.PASSWORD")).isTrue();
    }

    @Test
    void badInputIsAClearMessageThatQuotesNoValue() throws IOException {
        assertThatThrownBy(() ->
                        KafkaSettings.empty().withFlags(List.of("security.protocol=SSL", "sasl.jaas.config:" + JAAS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-config expects KEY=VALUE")
                .hasMessageContaining("argument 2")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaSettings.empty().withFlags(List.of("=x")))
                .isInstanceOf(IllegalArgumentException.class);
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaSettings.empty().withFile(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka config file " + missing + " does not exist");
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "ssl.key.password=\\uZZZZhunter2\n");
        assertThatThrownBy(() -> KafkaSettings.empty().withFile(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as Java properties")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void onlyKeepsWhatAClientAccepts() {
        KafkaSettings s =
                KafkaSettings.empty().withFlags(List.of("bootstrap.servers=b:9092", "acks=all", "group.id=g"));
        Map<String, Object> producer = s.only(Set.of("bootstrap.servers", "acks"));
        assertThat(producer).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "b:9092", "acks", "all"));
        producer.put("linger.ms", 0);
        assertThat(s.asMap()).doesNotContainKey("linger.ms");
    }
}
