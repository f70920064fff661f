package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.event.BranchKey;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidate branches in the analyzer topology: each candidate is reported as its merge into the target, open
 * candidates are compared with each other, and every candidate is re-checked when the target moves.
 */
class CandidateTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String REPO = "shop/api";

    @TempDir
    Path state;

    private AnalyzerDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, HealthReport> health;
    private int commits;

    private static final MigrationScript A = Gen.script("versions/a_init.py", "a1000", List.of(), "init", true);
    private static final MigrationScript B =
            Gen.script("versions/b_users.py", "b2000", List.of("a1000"), "users", true);
    private static final MigrationScript C =
            Gen.script("versions/c_orders.py", "c3000", List.of("b2000"), "orders", true);
    private static final MigrationScript D =
            Gen.script("versions/d_items.py", "d4000", List.of("b2000"), "items", true);

    @BeforeEach
    void start() {
        driver = new AnalyzerDriver(Map.of(), state, Clock.fixed(T0.plusMillis(3), ZoneOffset.UTC));
        input = driver.events;
        health = driver.health;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MigrationEvent e) {
        input.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    /** A file's blob id: its content is its script here, so one id per file of this test. */
    private static String blob(MigrationScript s) {
        return String.format("%040x", Math.abs((long) s.path().hashCode()));
    }

    /** Publishes a full scan of {@code branch} holding {@code files}; a candidate marker when target is set. */
    private String scan(
            String branch, String target, String mergeBase, Map<String, String> baseFiles, MigrationScript... files) {
        String c = String.format("%040d", ++commits);
        for (MigrationScript s : files) {
            send(new FileChanged(REPO, branch, c, s.path(), ChangeKind.ADDED, null, blob(s), s, T0, T0));
        }
        CommitScanned marker = new CommitScanned(REPO, branch, c, files.length, true, T0, T0);
        send(target == null ? marker : marker.asCandidate(target, mergeBase, baseFiles));
        return c;
    }

    private static Map<String, String> blobs(MigrationScript... files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MigrationScript s : files) {
            out.put(s.path(), blob(s));
        }
        return out;
    }

    private Map<String, HealthReport> latest() {
        Map<String, HealthReport> out = new LinkedHashMap<>();
        health.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    private static List<String> checks(HealthReport r) {
        return r.findings().stream().map(Finding::check).toList();
    }

    @Test
    void twoCandidatesOnTheSameHeadAreFlaggedNamingEachOtherAndTheSecondStaysFlaggedAfterTheFirstMerges() {
        // Given main at a→b and three open candidates: x adds c on b, y adds d on b, docs adds no migration
        String main1 = scan("main", null, null, null, A, B);
        String x = scan("feature/x", "main", main1, blobs(A, B), A, B, C);
        String y = scan("feature/y", "main", main1, blobs(A, B), A, B, D);
        scan("feature/docs", "main", main1, blobs(A, B), A, B);

        // Then both are flagged before either is merged, each naming the other
        Map<String, HealthReport> now = latest();
        HealthReport rx = now.get(BranchKey.of(REPO, "feature/x"));
        HealthReport ry = now.get(BranchKey.of(REPO, "feature/y"));
        assertThat(checks(rx)).containsExactly(Check.CANDIDATE_COLLISION.wire());
        assertThat(rx.findings().get(0).message()).contains("feature/x", "feature/y", "'c3000'", "'d4000'", "main");
        assertThat(checks(ry)).containsExactly(Check.CANDIDATE_COLLISION.wire());
        assertThat(ry.findings().get(0).revisions()).containsExactly("d4000", "c3000");
        assertThat(rx.candidate()).isEqualTo("feature/x");
        assertThat(rx.target()).isEqualTo("main");
        assertThat(rx.candidateCommit()).isEqualTo(x);
        assertThat(rx.targetCommit()).isEqualTo(main1);
        assertThat(rx.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(ry.candidateCommit()).isEqualTo(y);
        // and the candidate without migrations never is
        HealthReport docs = now.get(BranchKey.of(REPO, "feature/docs"));
        assertThat(docs.findings()).isEmpty();
        assertThat(docs.status()).isEqualTo(HealthStatus.HEALTHY);

        // When feature/x merges into main (main now holds c, same blob)
        String main2 = scan("main", null, null, null, A, B, C);

        // Then feature/y is re-checked and still flagged: two heads after its merge, naming c and d
        now = latest();
        ry = now.get(BranchKey.of(REPO, "feature/y"));
        assertThat(ry.targetCommit()).isEqualTo(main2);
        assertThat(checks(ry)).containsExactly(Check.MULTIPLE_HEADS_AFTER_MERGE.wire());
        assertThat(ry.findings().get(0).revisions()).containsExactly("d4000", "c3000");
        assertThat(ry.findings().get(0).message()).contains("feature/y", "main", "down_revision = 'c3000'");
        assertThat(ry.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(ry.heads()).containsExactlyInAnyOrder("c3000", "d4000");
        // feature/x brings nothing main lacks any more, and docs is still clean
        rx = now.get(BranchKey.of(REPO, "feature/x"));
        assertThat(rx.findings()).isEmpty();
        assertThat(rx.targetCommit()).isEqualTo(main2);
        assertThat(now.get(BranchKey.of(REPO, "feature/docs")).findings()).isEmpty();
        // and main's own report is a plain branch report
        assertThat(now.get(BranchKey.of(REPO, "main")).isMergePreview()).isFalse();
    }

    @Test
    void aCandidateSeenBeforeItsTargetIsReportedOnceTheTargetArrives() {
        scan("feature/x", "main", "f".repeat(40), blobs(A, B), A, B, C);
        assertThat(latest()).doesNotContainKey(BranchKey.of(REPO, "feature/x"));
        String main1 = scan("main", null, null, null, A, B);
        HealthReport rx = latest().get(BranchKey.of(REPO, "feature/x"));
        assertThat(rx.findings()).isEmpty();
        assertThat(rx.targetCommit()).isEqualTo(main1);
        assertThat(rx.heads()).containsExactly("c3000");
    }
}
