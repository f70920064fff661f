package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.MigrationBodies;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only an environment's observation history reveals: the body of each revision it applied is recorded when it
 * first reports it applied, a later change to that body is an {@code applied-migration-edited} finding of the
 * environment, and a row no file declares any more is a {@code stranded-environment} finding.
 */
class AppliedHistoryTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "shop";

    @TempDir
    Path state;

    private AnalyzerDriver driver;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> deployments;
    private TestOutputTopic<String, HealthReport> health;
    private int commits;

    @BeforeEach
    void start() {
        open();
    }

    private void open() {
        driver = new AnalyzerDriver(Map.of(), state, Clock.fixed(T0, ZoneOffset.UTC));
        events = driver.events;
        deployments = driver.deployments;
        health = driver.health;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MigrationEvent e) {
        events.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    private void observe(String env, Instant at, String... rows) {
        DeploymentObserved o = DeploymentObserved.read(REPO, env, null, List.of(rows), DeploymentObserved.POLL, at);
        deployments.pipeInput(
                o.key(), Topics.DEPLOYMENTS.valueSerde().serializer().serialize("t", o));
    }

    /** A migration file's text: its revision, parent, a comment and the body of {@code upgrade()}. */
    private static String text(String id, String down, String comment, String upgrade) {
        return "\"\"\"step " + id + "\"\"\"\n"
                + "revision = '" + id + "'\n"
                + "down_revision = " + (down == null ? "None" : "'" + down + "'") + "\n\n"
                + "# " + comment + "\n"
                + "def upgrade():\n    " + upgrade + "\n\n"
                + "def downgrade():\n    pass\n";
    }

    /** One file's event in commit {@code c}, carrying the body fingerprint ingest computes from {@code text}. */
    private static FileChanged file(String c, ChangeKind change, String id, String down, String text) {
        MigrationScript s =
                Gen.script("v/" + id + ".py", id, down == null ? List.of() : List.of(down), "step " + id, true);
        return new FileChanged(REPO, "main", c, s.path(), change, null, "blob-" + text.hashCode(), s, T0, T0)
                .withBody(MigrationBodies.fingerprint(text).orElseThrow());
    }

    /** A commit of {@code files}, then its marker; the last report sent. */
    private HealthReport commit(FileChangedAt... files) {
        String c = commitId(++commits);
        for (FileChangedAt f : files) {
            send(f.at(c));
        }
        send(new CommitScanned(REPO, "main", c, files.length, false, T0, T0));
        return last();
    }

    /** The id of the {@code n}th commit: 40 hex digits that differ in their abbreviation. */
    private static String commitId(int n) {
        return String.format("%-40s", "c0ffee" + n).replace(' ', '0');
    }

    /** A file event waiting for its commit id. */
    private interface FileChangedAt {
        FileChanged at(String commit);
    }

    private static FileChangedAt put(ChangeKind change, String id, String down, String text) {
        return c -> file(c, change, id, down, text);
    }

    private static FileChangedAt delete(String id) {
        String path = Gen.script("v/" + id + ".py", id, List.of(), "", true).path();
        return c -> new FileChanged(REPO, "main", c, path, ChangeKind.DELETED, null, null, null, T0, T0);
    }

    private HealthReport last() {
        HealthReport r = null;
        while (!health.isEmpty()) {
            r = health.readValue();
        }
        return r;
    }

    private static EnvironmentHealth env(HealthReport r, String name) {
        return r.environments().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static final String A = text("a", null, "first", "op.create_table('t')");
    private static final String B = text("b", "a", "second", "op.add_column('t', 'x')");

    /** Chain a → b, prod reports b applied: the report after it. */
    private HealthReport prodOnB() {
        commit(put(ChangeKind.ADDED, "a", null, A), put(ChangeKind.ADDED, "b", "a", B));
        observe("prod", T0, "b");
        return last();
    }

    @Test
    void aBodyEditedAfterTheEnvironmentAppliedItIsFlaggedWithItsFile() {
        assertThat(env(prodOnB(), "prod").findings()).isEmpty();

        // When a commit changes what b's upgrade() runs
        HealthReport r =
                commit(put(ChangeKind.MODIFIED, "b", "a", text("b", "a", "second", "op.add_column('t', 'y')")));

        // Then prod, which ran the old body, has the finding on b's file; the report's own findings are unchanged
        List<Finding> found = env(r, "prod").findings();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).check()).isEqualTo(Check.APPLIED_MIGRATION_EDITED.wire());
        assertThat(found.get(0).revision()).isEqualTo("b");
        assertThat(found.get(0).file())
                .isEqualTo(Gen.script("v/b.py", "b", List.of("a"), "", true).path());
        assertThat(found.get(0).message())
                .contains("environment 'prod'")
                .contains("since " + commitId(1).substring(0, 12));
        assertThat(r.findings()).isEmpty();
        assertThat(env(r, "prod").verdict()).isEqualTo(EnvironmentHealth.AT_HEAD);

        // When the edit is reverted, the finding goes
        assertThat(env(commit(put(ChangeKind.MODIFIED, "b", "a", B)), "prod").findings())
                .isEmpty();
    }

    @Test
    void aCommentOrLayoutOnlyEditIsNotAFinding() {
        prodOnB();
        HealthReport r = commit(
                put(ChangeKind.MODIFIED, "b", "a", text("b", "a", "reworded comment", "op.add_column('t',   'x')")));
        // an unchanged report (same states, same findings) is not sent again
        assertThat(r == null ? List.of() : env(r, "prod").findings()).isEmpty();
    }

    @Test
    void anEditMadeBeforeTheEnvironmentAppliedItIsNotAFinding() {
        // Given b edited twice before prod applies it (the git stand-in of `status` would flag this)
        commit(put(ChangeKind.ADDED, "a", null, A), put(ChangeKind.ADDED, "b", "a", B));
        commit(put(ChangeKind.MODIFIED, "b", "a", text("b", "a", "second", "op.add_column('t', 'y')")));
        observe("staging", T0, "a");
        last();

        // When prod applies b as the code holds it now
        observe("prod", T0.plusSeconds(60), "b");

        // Then nothing is flagged
        HealthReport r = last();
        assertThat(env(r, "prod").findings()).isEmpty();
        assertThat(env(r, "staging").findings()).isEmpty();

        // And a later edit is flagged for prod only: staging has not applied b
        r = commit(put(ChangeKind.MODIFIED, "b", "a", text("b", "a", "second", "op.add_column('t', 'z')")));
        assertThat(env(r, "prod").findings())
                .extracting(Finding::check)
                .containsExactly(Check.APPLIED_MIGRATION_EDITED.wire());
        assertThat(env(r, "staging").findings()).isEmpty();
    }

    @Test
    void aRevisionNoLongerAppliedIsForgottenAndRecordedAgainWhenReapplied() {
        prodOnB();
        // prod downgrades to a, b is then edited, and prod upgrades to the new b
        observe("prod", T0.plusSeconds(10), "a");
        last();
        commit(put(ChangeKind.MODIFIED, "b", "a", text("b", "a", "second", "op.add_column('t', 'y')")));
        observe("prod", T0.plusSeconds(20), "b");
        HealthReport r = last();
        assertThat(env(r, "prod").verdict()).isEqualTo(EnvironmentHealth.AT_HEAD);
        assertThat(env(r, "prod").findings()).isEmpty();
    }

    @Test
    void aDeletedFileAnEnvironmentStandsOnIsAStrandedFinding() {
        prodOnB();
        HealthReport r = commit(delete("b"));
        EnvironmentHealth prod = env(r, "prod");
        assertThat(prod.state()).isEqualTo("unknown-revision");
        assertThat(prod.findings()).hasSize(1);
        assertThat(prod.findings().get(0).check()).isEqualTo(Check.STRANDED_ENVIRONMENT.wire());
        assertThat(prod.findings().get(0).revision()).isEqualTo("b");
        assertThat(prod.findings().get(0).message()).contains("environment 'prod' stands on 'b'");
    }

    @Test
    void whileAnEnvironmentIsStrandedWhatItAppliedBelowIsNotForgotten() {
        prodOnB();
        commit(delete("b"));
        // a is edited while prod stands on the lost b, then b comes back
        commit(put(ChangeKind.MODIFIED, "a", null, text("a", null, "first", "op.create_table('u')")));
        HealthReport r = commit(put(ChangeKind.ADDED, "b", "a", B));
        assertThat(env(r, "prod").findings()).extracting(Finding::revision).containsExactly("a");
    }

    @Test
    void theRecordedBodiesAreAChangeloggedStoreThatOutlivesTheProcessorsCaches() {
        prodOnB();
        // the store holds both applied revisions with the commit that first held them applied
        KeyValueStore<String, AppliedBody> store = driver.driver.getKeyValueStore(AnalyzerTopology.APPLIED_STORE);
        AppliedBody b = store.get(AnalyzeProcessor.appliedKey(REPO, "prod", "b"));
        assertThat(b.fingerprint()).isEqualTo(MigrationBodies.fingerprint(B).orElseThrow());
        assertThat(b.commit()).isEqualTo(commitId(1));
        assertThat(b.observedAt()).isEqualTo(T0);
        assertThat(store.get(AnalyzeProcessor.appliedKey(REPO, "prod", "a"))).isNotNull();
        // and each write went to its changelog topic, from which a restarted instance restores it (the test driver
        // cleans its state directory on close, so the restore itself is Kafka Streams' own, not tested here)
        assertThat(driver.driver.producedTopicNames())
                .anyMatch(t -> t.endsWith(AnalyzerTopology.APPLIED_STORE + "-changelog"));
    }
}
