package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.MigrationEvent;
import io.revchain.event.OrgFinding;
import io.revchain.event.RevisionClaim;
import io.revchain.testkit.Gen;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analyzer that keeps no branch in memory ({@code cache.files=0}: every event rebuilds its branch from RocksDB)
 * reports exactly what one that keeps them all reports, over seeded histories of several repositories and branches
 * interleaved: additions, edits that break a chain, deletions, renames and full scans.
 */
class BranchCacheTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    /** What one analyzer sent: its health reports, claims and organisation findings, in order. */
    private record Output(List<HealthReport> health, List<RevisionClaim> claims, List<OrgFinding> findings) {}

    @Test
    void droppingEveryBranchFromMemoryChangesNoReportClaimOrFinding() {
        for (long seed = 1; seed <= 4; seed++) {
            List<MigrationEvent> events = history(new Random(seed));
            Output all = run(events, "1000000", "all-" + seed);
            Output none = run(events, "0", "none-" + seed);
            assertThat(none.health()).as("seed %d", seed).isEqualTo(all.health());
            assertThat(none.claims()).as("seed %d", seed).isEqualTo(all.claims());
            assertThat(none.findings()).as("seed %d", seed).isEqualTo(all.findings());
            // the history has something to say: unhealthy reports and organisation findings among them
            assertThat(all.health()).anyMatch(h -> !h.findings().isEmpty());
            assertThat(all.claims()).anyMatch(c -> !c.present());
        }
    }

    private Output run(List<MigrationEvent> events, String cacheFiles, String name) {
        try (AnalyzerDriver d = new AnalyzerDriver(
                Map.of("processing.guarantee", "exactly_once_v2", "cache.files", cacheFiles),
                dir.resolve(name),
                Clock.fixed(T0, ZoneOffset.UTC))) {
            List<RevisionClaim> sent = new ArrayList<>();
            for (MigrationEvent e : events) {
                d.send(e);
                // the driver does not loop the claims topic back: hand each claim to the collision side
                for (TestRecord<String, RevisionClaim> r : d.claims.readRecordsToList()) {
                    sent.add(r.value());
                    d.claimsIn.pipeInput(r.key(), r.value());
                }
            }
            return new Output(d.health.readValuesToList(), sent, d.orgFindings.readValuesToList());
        }
    }

    /** Repositories' histories interleaved commit by commit; one repository copies another's first file. */
    private static List<MigrationEvent> history(Random random) {
        List<MigrationEvent> out = new ArrayList<>();
        String[] repos = {"org/a", "org/b", "org/c"};
        String[] branches = {"main", "develop"};
        Map<String, TreeMap<String, MigrationScript>> files = new HashMap<>();
        Map<String, Integer> next = new HashMap<>();
        for (int commit = 0; commit < 60; commit++) {
            String repo = repos[random.nextInt(repos.length)];
            String branch = branches[random.nextInt(branches.length)];
            String key = repo + "@" + branch;
            TreeMap<String, MigrationScript> held = files.computeIfAbsent(key, k -> new TreeMap<>());
            String sha = String.format("%040x", commit + 1);
            int n = next.merge(key, 1, Integer::sum);
            // ids shared by the branches of a repository; org/c's first file is org/a's
            String id = (repo.equals("org/c") && n == 1 ? "org/a" : repo).hashCode() % 1000 + "abc" + n;
            String path = "versions/" + id + "_step.py";
            String down = held.isEmpty() ? null : held.lastEntry().getValue().revisionId();
            int dice = random.nextInt(10);
            List<FileChanged> changes = new ArrayList<>();
            boolean full = false;
            if (dice < 5 || held.isEmpty()) {
                MigrationScript s = Gen.script(path, id, down == null ? List.of() : List.of(down), "m", true);
                held.put(path, s);
                changes.add(file(repo, branch, sha, ChangeKind.ADDED, null, s));
            } else if (dice < 7) {
                // an edit that points a file at a revision no file declares
                String victim = held.firstKey();
                MigrationScript s = Gen.script(victim, held.get(victim).revisionId(), List.of("ffff"), "m", true);
                held.put(victim, s);
                changes.add(file(repo, branch, sha, ChangeKind.MODIFIED, null, s));
            } else if (dice < 8) {
                String gone = held.lastKey();
                MigrationScript s = held.remove(gone);
                changes.add(file(repo, branch, sha, ChangeKind.DELETED, null, s));
            } else if (dice < 9) {
                String old = held.firstKey();
                MigrationScript was = held.remove(old);
                MigrationScript s = Gen.script(
                        old.replace("_step", "_moved"),
                        was.revisionId(),
                        was.downRevision().values(),
                        "m",
                        true);
                held.put(s.path(), s);
                changes.add(file(repo, branch, sha, ChangeKind.RENAMED, old, s));
            } else {
                // a full scan: every file sent again at this commit, one dropped from the listing
                full = true;
                if (held.size() > 1) {
                    held.remove(held.firstKey());
                }
                for (MigrationScript s : held.values()) {
                    changes.add(file(repo, branch, sha, ChangeKind.ADDED, null, s));
                }
            }
            out.addAll(changes);
            out.add(new CommitScanned(repo, branch, sha, changes.size(), full, T0, T0));
        }
        return out;
    }

    private static FileChanged file(
            String repo, String branch, String sha, ChangeKind kind, String oldPath, MigrationScript s) {
        String blob = kind == ChangeKind.DELETED ? null : "blob-" + Integer.toHexString(s.hashCode());
        return new FileChanged(repo, branch, sha, s.path(), kind, oldPath, blob, s, T0, T0);
    }
}
