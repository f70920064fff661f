package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.DeadLetter;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.EnvironmentHealth;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer joins each environment's last observation with the branch's chain: a report carries every
 * environment's state, recomputed when a commit is analysed and when an observation arrives.
 */
class DeploymentsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "shop";

    @TempDir
    Path state;

    private AnalyzerDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> deployments;
    private TestOutputTopic<String, HealthReport> health;
    private TestOutputTopic<String, DeadLetter> dead;
    private int commits;

    @BeforeEach
    void start() {
        driver = new AnalyzerDriver(Map.of(), state, Clock.fixed(T0, ZoneOffset.UTC));
        events = driver.events;
        deployments = driver.deployments;
        health = driver.health;
        dead = driver.dead;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MigrationEvent e) {
        events.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    private void observe(DeploymentObserved o) {
        deployments.pipeInput(
                o.key(), Topics.DEPLOYMENTS.valueSerde().serializer().serialize("t", o));
    }

    private static DeploymentObserved applied(String env, Instant at, String... rows) {
        return DeploymentObserved.read(REPO, env, null, List.of(rows), DeploymentObserved.POLL, at);
    }

    /** One commit adding {@code files}, then its marker; the report it gives. */
    private HealthReport commit(MigrationScript... files) {
        String c = String.format("%040d", ++commits);
        for (MigrationScript s : files) {
            send(new FileChanged(REPO, "main", c, s.path(), ChangeKind.ADDED, null, "b" + s.path(), s, T0, T0));
        }
        send(new CommitScanned(REPO, "main", c, files.length, false, T0, T0));
        return last();
    }

    private HealthReport last() {
        HealthReport r = null;
        while (!health.isEmpty()) {
            r = health.readValue();
        }
        return r;
    }

    private static MigrationScript rev(String id, String... down) {
        return Gen.script("v/" + id + ".py", id, List.of(down), "step " + id, true);
    }

    private static EnvironmentHealth env(HealthReport r, String name) {
        return r.environments().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anObservationIsJoinedWithTheChainAndAReportWithoutEnvironmentsStaysAsBefore() {
        // Given a chain a → b and no environment yet
        HealthReport first = commit(rev("a"), rev("b", "a"));
        assertThat(first.environments()).isNull();

        // When prod reports b applied and staging a
        observe(applied("prod", T0, "b"));
        observe(applied("staging", T0, "a"));

        // Then the branch's report is sent again with both: prod at head, staging one behind
        HealthReport r = last();
        assertThat(r.commit()).isEqualTo(first.commit());
        assertThat(r.environments()).extracting(EnvironmentHealth::name).containsExactly("prod", "staging");
        assertThat(env(r, "prod").verdict()).isEqualTo(EnvironmentHealth.AT_HEAD);
        assertThat(env(r, "prod").notAtHeadSince()).isNull();
        assertThat(env(r, "staging").state()).isEqualTo("behind");
        assertThat(env(r, "staging").behind()).isEqualTo(1);
        assertThat(env(r, "staging").pending()).containsExactly("b");
        assertThat(env(r, "staging").notAtHeadSince()).isEqualTo(T0);

        // When the same observation comes again later (a poll that found nothing new)
        observe(applied("prod", T0.plusSeconds(300), "b"));
        // Then no report is sent: nothing changed but the time
        assertThat(health.isEmpty()).isTrue();
    }

    @Test
    void aNewCommitIsClassifiedAgainstEveryEnvironment() {
        commit(rev("a"), rev("b", "a"));
        observe(applied("prod", T0, "b"));
        last();

        // When a commit adds c on top of b
        HealthReport r = commit(rev("c", "b"));

        // Then prod, at head a moment ago, is now behind by c
        assertThat(env(r, "prod").state()).isEqualTo("behind");
        assertThat(env(r, "prod").pending()).containsExactly("c");

        // When prod upgrades
        observe(applied("prod", T0.plusSeconds(60), "c"));
        assertThat(env(last(), "prod").verdict()).isEqualTo(EnvironmentHealth.AT_HEAD);
    }

    @Test
    void aRevisionTheCodeLostIsBrokenAndAnUnreadableTableSaysWhy() {
        commit(rev("a"), rev("b", "a"));
        observe(applied("prod", T0, "zz-gone"));
        observe(DeploymentObserved.failed(REPO, "qa", null, "access-denied", "password authentication failed", T0));
        HealthReport r = last();
        assertThat(env(r, "prod").state()).isEqualTo("unknown-revision");
        assertThat(env(r, "prod").verdict()).isEqualTo(EnvironmentHealth.BROKEN);
        assertThat(env(r, "prod").unknown()).containsExactly("zz-gone");
        assertThat(env(r, "qa").verdict()).isEqualTo(EnvironmentHealth.UNREADABLE);
        assertThat(env(r, "qa").problem()).isEqualTo("access-denied");
        assertThat(env(r, "qa").message()).isEqualTo("password authentication failed");
    }

    @Test
    void anOlderObservationArrivingLateDoesNotReplaceTheLaterOne() {
        commit(rev("a"), rev("b", "a"));
        observe(applied("prod", T0.plusSeconds(10), "b"));
        last();
        observe(applied("prod", T0, "a"));
        assertThat(health.isEmpty()).isTrue();
        // and the next commit still sees the later one
        assertThat(env(commit(rev("c", "b")), "prod").pending()).containsExactly("c");
    }

    @Test
    void anObservationBeforeTheFirstCommitIsKeptForIt() {
        // Given an observation of a repository never analysed
        observe(applied("prod", T0, "a"));
        assertThat(health.isEmpty()).isTrue();
        // When its first commit is analysed, the report carries it
        HealthReport r = commit(rev("a"), rev("b", "a"));
        assertThat(env(r, "prod").pending()).containsExactly("b");
    }

    @Test
    void aMisKeyedOrUnreadableObservationIsDeadLettered() {
        DeploymentObserved o = applied("prod", T0, "a");
        deployments.pipeInput(
                "shop@other", Topics.DEPLOYMENTS.valueSerde().serializer().serialize("t", o));
        deployments.pipeInput("shop@prod", "{not json".getBytes());
        List<DeadLetter> letters = dead.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).reason()).contains("is not the observation's 'shop@prod'");
        assertThat(letters.get(0).sourceTopic()).isEqualTo(Topics.DEPLOYMENTS.name());
        assertThat(letters.get(1).reason()).contains("malformed");
    }

    @Test
    void aTombstoneForgetsTheEnvironment() {
        commit(rev("a"));
        observe(applied("prod", T0, "a"));
        observe(applied("qa", T0, "a"));
        last();
        deployments.pipeInput("shop@qa", (byte[]) null);
        assertThat(last().environments()).extracting(EnvironmentHealth::name).containsExactly("prod");
    }
}
