package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code revchain deployed}: a CD pipeline's record on revchain.deployments, and its mistakes as one line. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeployedCommandIT {

    @Test
    void aDeploymentIsPublishedAsAPushObservationOnTheRepositorysPartition() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // When a pipeline reports two heads applied to prod, for chain core
            Cli cli = Cli.run(
                    "deployed",
                    "--repo",
                    "billing",
                    "--env",
                    "prod",
                    "--revision",
                    "ae1027a6acf1",
                    "--revision",
                    "27c6a30d7c24",
                    "--chain",
                    "core",
                    "--bootstrap-servers",
                    kafka.bootstrapServers());

            // Then it exits 0 with one line, and the record is there, keyed by environment, on billing's partition
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.out().strip())
                    .isEqualTo("revchain: revchain.deployments: billing@prod applied ae1027a6acf1, 27c6a30d7c24"
                            + " (chain core)");
            List<ConsumerRecord<String, DeploymentObserved>> records = read(kafka.bootstrapServers());
            assertThat(records).hasSize(1);
            ConsumerRecord<String, DeploymentObserved> r = records.get(0);
            assertThat(r.key()).isEqualTo("billing@prod");
            assertThat(r.partition())
                    .isEqualTo(DeploymentObserved.partition("billing", Topics.DEPLOYMENTS.partitions()));
            assertThat(r.value().source()).isEqualTo(DeploymentObserved.PUSH);
            assertThat(r.value().applied()).containsExactly("ae1027a6acf1", "27c6a30d7c24");
            assertThat(r.value().chain()).isEqualTo("core");
            assertThat(r.value().readable()).isTrue();
        }
    }

    @Test
    void aMistakeIsOneLineAndExitTwo() {
        Cli badEnv = Cli.run(
                "deployed",
                "--repo",
                "billing",
                "--env",
                "prod eu",
                "--revision",
                "a1",
                "--bootstrap-servers",
                "127.0.0.1:1");
        assertThat(badEnv.exit()).isEqualTo(2);
        assertThat(badEnv.err()).contains("--env 'prod eu'").doesNotContain("Exception");
        Cli badRepo = Cli.run(
                "deployed", "--repo", "a@b", "--env", "prod", "--revision", "a1", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(badRepo.exit()).isEqualTo(2);
        assertThat(badRepo.err()).contains("--repo").doesNotContain("Exception");
        Cli badRevision = Cli.run(
                "deployed",
                "--repo",
                "billing",
                "--env",
                "prod",
                "--revision",
                "a 1",
                "--bootstrap-servers",
                "127.0.0.1:1");
        assertThat(badRevision.exit()).isEqualTo(2);
        assertThat(badRevision.err()).contains("--revision 'a 1'");
        Cli noRevision = Cli.run("deployed", "--repo", "billing", "--env", "prod", "--bootstrap-servers", "x:1");
        assertThat(noRevision.exit()).isEqualTo(2);
        assertThat(noRevision.err()).contains("--revision");
        Cli noKafka = Cli.run("deployed", "--repo", "billing", "--env", "prod", "--revision", "a1");
        assertThat(noKafka.exit()).isEqualTo(2);
        assertThat(noKafka.err().strip()).contains("no Kafka").doesNotContain("Exception");
    }

    private static List<ConsumerRecord<String, DeploymentObserved>> read(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String topic = Topics.DEPLOYMENTS.name();
        List<ConsumerRecord<String, DeploymentObserved>> out = new ArrayList<>();
        try (KafkaConsumer<String, DeploymentObserved> c = new KafkaConsumer<>(
                p, new StringDeserializer(), Topics.DEPLOYMENTS.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 20_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
