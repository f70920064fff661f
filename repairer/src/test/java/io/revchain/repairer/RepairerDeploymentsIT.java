package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.Strategy;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running repairer on a real embedded broker reads {@code revchain.deployments} before it plans: the revision
 * an environment stands on is never re-pointed in the fix it proposes, and the proposal says what that
 * environment's next upgrade runs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RepairerDeploymentsIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, 1, (short) 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void anEnvironmentsAppliedRevisionIsNeverRePointedInTheProposal() throws Exception {
        // a1, then b2 and c3 both on a1: linearize would re-point c3 after b2 were it not applied in prod
        GitFixture repo = GitFixture.create(tmp.resolve("shop"));
        repo.write("alembic.ini", Checkouts.INI)
                .write("migrations/env.py", "# env\n")
                .write(Checkouts.V + "a1_step.py", GitFixture.migration("a1", null))
                .write(Checkouts.V + "b2_step.py", GitFixture.migration("b2", "a1"))
                .write(Checkouts.V + "c3_step.py", GitFixture.migration("c3", "a1"));
        RevCommit fork = repo.commitAndPush("a fork", "main");
        RepositorySpec spec = RepositorySpec.of("shop", repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(false)
                .withStrategy(Strategy.LINEARIZE);
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
        DeploymentObserved prod =
                DeploymentObserved.read("shop", "prod", null, List.of("c3"), DeploymentObserved.POLL, Instant.now());
        HealthReport report = Checkouts.report(repo, "shop", fork);
        try (KafkaProducer<String, DeploymentObserved> p = new KafkaProducer<>(
                props,
                Topics.DEPLOYMENTS.keySerde().serializer(),
                Topics.DEPLOYMENTS.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(Topics.DEPLOYMENTS.name(), prod.partition(1), prod.key(), prod))
                    .get();
        }

        try (RepairerService svc = new RepairerService(
                OrgConfig.of(List.of(spec)),
                RepairerSettings.defaults().withEnv(Map.of()).withRemoteTimeout(Duration.ofSeconds(20)),
                props,
                tmp.resolve("work"),
                new SimpleMeterRegistry())) {
            svc.start();
            try (KafkaProducer<String, HealthReport> p = new KafkaProducer<>(
                    props,
                    Topics.HEALTH.keySerde().serializer(),
                    Topics.HEALTH.valueSerde().serializer())) {
                p.send(new ProducerRecord<>(Topics.HEALTH.name(), "shop@main", report))
                        .get();
            }

            FixProposal proposal = await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lastProposal("shop@main"), Optional::isPresent)
                    .orElseThrow();

            List<String> repointed = proposal.actions().stream()
                    .filter(a -> a.kind().equals("set-down-revision"))
                    .map(FixAction::revision)
                    .toList();
            assertThat(repointed).containsExactly("b2");
            assertThat(proposal.notes()).anySatisfy(n -> assertThat(n).contains("environment prod"));
        }
    }

    private static Optional<FixProposal> lastProposal(String key) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, FixProposal> consumer = new KafkaConsumer<>(
                c,
                Topics.FIX_PROPOSALS.keySerde().deserializer(),
                Topics.FIX_PROPOSALS.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.FIX_PROPOSALS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            FixProposal last = null;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, FixProposal> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        last = r.value();
                    }
                }
            }
            return Optional.ofNullable(last);
        }
    }
}
