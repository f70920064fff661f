package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.OrgFinding;
import io.revchain.event.RevisionClaim;
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
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The organisation view ({@link OrgTopology}) on the analyzer's whole topology, record by record. */
class OrgTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ID = "1975ea83b712";

    @TempDir
    Path state;

    private AnalyzerDriver analyzer;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestInputTopic<String, RevisionClaim> claimsIn;
    private TestOutputTopic<String, OrgFinding> findings;
    private int commits;

    private void start(String guarantee) {
        analyzer =
                new AnalyzerDriver(Map.of("processing.guarantee", guarantee), state, Clock.fixed(T0, ZoneOffset.UTC));
        driver = analyzer.driver;
        input = analyzer.events;
        claimsIn = analyzer.claimsIn;
        findings = analyzer.orgFindings;
    }

    @AfterEach
    void stop() {
        if (analyzer != null) {
            analyzer.close();
        }
    }

    private void send(MigrationEvent e) {
        input.pipeInput(
                e.repo(), Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", e));
    }

    /** A script at {@code versions/<file>}. */
    private static MigrationScript rev(String file, String id) {
        return Gen.script(file, id, List.of(), "step " + id, true);
    }

    private String nextCommit() {
        return String.format("%040d", ++commits);
    }

    private void file(
            String repo,
            String branch,
            String commit,
            ChangeKind kind,
            String oldPath,
            String blob,
            MigrationScript s) {
        send(new FileChanged(repo, branch, commit, s.path(), kind, oldPath, blob, s, T0, T0));
    }

    private void marker(String repo, String branch, String commit, int files, boolean full) {
        send(new CommitScanned(repo, branch, commit, files, full, T0, T0));
    }

    /** One commit adding {@code s} with {@code blob} to {@code repo}'s {@code branch}. */
    private void adds(String repo, String branch, String blob, MigrationScript s) {
        String c = nextCommit();
        file(repo, branch, c, ChangeKind.ADDED, null, blob, s);
        marker(repo, branch, c, 1, false);
    }

    @Test
    void theSameIdInTwoRepositoriesIsAFindingAtTheSecondCommitAndATombstoneWhenOneGoes() {
        start("exactly_once_v2");
        // Given a repository declaring an id, and the same repository's second branch declaring it too
        adds("org/billing", "main", "blobA", rev("versions/1975ea83b712_init.py", ID));
        adds("org/billing", "develop", "blobA", rev("versions/1975ea83b712_init.py", ID));
        // Then branches of one repository share ids by design: nothing
        assertThat(findings.isEmpty()).isTrue();

        // When a second repository declares it with the same blob, its file sent before its marker
        String c = nextCommit();
        file("org/invoices", "main", c, ChangeKind.ADDED, null, "blobA", rev("db/versions/1975ea83b712_init.py", ID));
        // Then nothing is said before the commit's marker
        assertThat(findings.isEmpty()).isTrue();
        marker("org/invoices", "main", c, 1, false);
        // Then one finding, keyed by the id: identical copies in two repositories, with every location
        TestRecord<String, OrgFinding> f = findings.readRecord();
        assertThat(f.key()).isEqualTo(ID);
        assertThat(f.value().kind()).isEqualTo(OrgFinding.IDENTICAL_COPY);
        assertThat(f.value().repositories()).containsExactly("org/billing", "org/invoices");
        assertThat(f.value().locations())
                .extracting(OrgFinding.Location::branch)
                .containsExactly("develop", "main", "main");
        assertThat(f.value().handTyped()).isFalse();
        assertThat(f.value().message()).contains("same file in 2 repositories");
        assertThat(findings.isEmpty()).isTrue();

        // When the copy is edited
        String m = nextCommit();
        file(
                "org/invoices",
                "main",
                m,
                ChangeKind.MODIFIED,
                null,
                "blobB",
                rev("db/versions/1975ea83b712_init.py", ID));
        marker("org/invoices", "main", m, 1, false);
        // Then the finding says the contents diverged
        assertThat(findings.readValue().kind()).isEqualTo(OrgFinding.DIVERGED);

        // When the copy is deleted
        String d = nextCommit();
        send(new FileChanged(
                "org/invoices",
                "main",
                d,
                "versions/db/versions/1975ea83b712_init.py",
                ChangeKind.DELETED,
                null,
                null,
                null,
                T0,
                T0));
        marker("org/invoices", "main", d, 1, false);
        // Then a tombstone: the collision is gone
        TestRecord<String, OrgFinding> gone = findings.readRecord();
        assertThat(gone.key()).isEqualTo(ID);
        assertThat(gone.value()).isNull();
        assertThat(findings.isEmpty()).isTrue();
    }

    @Test
    void aRenameInsideACollidingRepositoryNeverClearsTheFindingForAMoment() {
        start("exactly_once_v2");
        adds("org/a", "main", "blobA", rev("x.py", ID));
        adds("org/b", "main", "blobA", rev("x.py", ID));
        assertThat(findings.readValue().locations()).hasSize(2);
        // When org/b renames its file (same content)
        String c = nextCommit();
        file("org/b", "main", c, ChangeKind.RENAMED, "versions/x.py", "blobA", rev("1975ea83b712_x.py", ID));
        marker("org/b", "main", c, 1, false);
        // Then the finding moves to the new path and no tombstone was sent in between
        List<TestRecord<String, OrgFinding>> out = findings.readRecordsToList();
        assertThat(out).allSatisfy(r -> assertThat(r.value()).isNotNull());
        assertThat(out.get(out.size() - 1).value().locations())
                .extracting(OrgFinding.Location::path)
                .containsExactly("versions/x.py", "versions/1975ea83b712_x.py");
    }

    @Test
    void aFullScanWithdrawsWhatItDidNotListAndANewIdInTheFileWithdrawsTheOld() {
        start("exactly_once_v2");
        adds("org/a", "main", "blobA", rev("versions/x.py", ID));
        adds("org/b", "main", "blobA", rev("versions/x.py", ID));
        adds("org/b", "main", "blobY", rev("versions/y.py", "ae1027a6acf0"));
        adds("org/c", "main", "blobZ", rev("versions/z.py", "ae1027a6acf0"));
        assertThat(findings.readKeyValuesToMap()).containsOnlyKeys(ID, "ae1027a6acf0");
        // When org/b is scanned in full and lists only y.py, re-declared with a new id
        String c = nextCommit();
        file("org/b", "main", c, ChangeKind.ADDED, null, "blobY2", rev("versions/y.py", "27c6a30d7c24"));
        marker("org/b", "main", c, 1, true);
        // Then both collisions are gone (x.py was not listed; y.py no longer declares ae1027a6acf0)
        Map<String, OrgFinding> now = findings.readKeyValuesToMap();
        assertThat(now).containsOnlyKeys(ID, "ae1027a6acf0");
        assertThat(now.values()).containsOnlyNulls();
    }

    @Test
    void claimsFromAnotherInstancesRepositoriesMeetThisInstancesInTheRevisionStore() {
        // Given this instance owns org/a's partition and the id's partition of the claims topic, while another
        // instance owns org/b's partition: org/b's claims reach this one only through revchain.org-claims
        start("exactly_once_v2");
        adds("org/a", "main", "blobA", rev("versions/0001_init.py", "0001"));
        assertThat(findings.isEmpty()).isTrue();
        claimsIn.pipeInput("0001", new RevisionClaim("0001", "org/b", "main", "versions/0001_start.py", "blobB", true));
        // Then the collision is found, a hand-typed number declared differently
        OrgFinding f = findings.readValue();
        assertThat(f.kind()).isEqualTo(OrgFinding.DIVERGED);
        assertThat(f.handTyped()).isTrue();
        assertThat(f.repositories()).containsExactly("org/a", "org/b");
        // When the other instance withdraws it
        claimsIn.pipeInput(
                "0001", new RevisionClaim("0001", "org/b", "main", "versions/0001_start.py", "blobB", false));
        assertThat(findings.readRecord().value()).isNull();
        // And the store keeps only org/a's declaration
        var store = driver.<String, OrgCollisionProcessor.OrgClaims>getKeyValueStore(OrgTopology.REVISIONS_STORE);
        assertThat(store.get("0001").claims()).extracting(c -> c.repo()).containsExactly("org/a");
    }

    @Test
    void underAtLeastOnceAnUnchangedCollisionIsSentAgain() {
        start("at_least_once");
        adds("org/a", "main", "blobA", rev("versions/x.py", ID));
        adds("org/b", "main", "blobA", rev("versions/x.py", ID));
        assertThat(findings.readValue()).isNotNull();
        // When a replayed claim changes nothing
        claimsIn.pipeInput(ID, new RevisionClaim(ID, "org/b", "main", "versions/x.py", "blobA", true));
        // Then the finding is sent again (a crash between store and send must not lose it)
        assertThat(findings.readValue().repositories()).containsExactly("org/a", "org/b");
    }
}
