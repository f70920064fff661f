package io.revchain.app.reliability;

import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A deterministic event history as ingest would publish it: {@code repos} repositories, each growing one migration
 * per commit for {@code commits} commits; every {@code brokenEvery}-th commit of a repository points its new file
 * at a missing revision (so health goes up and down), and the next commit repairs it. Timestamps are the time of
 * the call (the reporter only measures records published after it started).
 */
final class Events {
    private Events() {}

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");

    static String repo(int r) {
        return "org/repo-" + r;
    }

    static String commit(int r, int c) {
        return String.format("%08x%032x", r, c + 1);
    }

    /** The records of the whole history, repositories interleaved commit by commit. */
    static List<ProducerRecord<String, byte[]>> history(int repos, int commits, int brokenEvery) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            for (int r = 0; r < repos; r++) {
                out.addAll(commitRecords(r, c, brokenEvery));
            }
        }
        return out;
    }

    /** Commit {@code c} of repository {@code r}: its file event(s), then its marker. */
    static List<ProducerRecord<String, byte[]>> commitRecords(int r, int c, int brokenEvery) {
        String repo = repo(r);
        String commit = commit(r, c);
        Instant at = Instant.now();
        List<MigrationEvent> events = new ArrayList<>();
        String path = String.format("migrations/versions/%04d_m.py", c);
        boolean broken = brokenEvery > 0 && c > 0 && c % brokenEvery == 0;
        String down = c == 0 ? null : broken ? "missing" : rev(c - 1);
        events.add(file(repo, commit, path, c == 0 ? null : ChangeKind.ADDED, rev(c), down, at));
        int files = 1;
        if (brokenEvery > 0 && c > 1 && (c - 1) % brokenEvery == 0) {
            // repair the previous commit's broken reference
            String prev = String.format("migrations/versions/%04d_m.py", c - 1);
            events.add(file(repo, commit, prev, ChangeKind.MODIFIED, rev(c - 1), rev(c - 2), at));
            files++;
        }
        events.add(new CommitScanned(repo, "main", commit, files, false, at, at));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (MigrationEvent e : events) {
            out.add(new ProducerRecord<>(Topics.MIGRATION_EVENTS.name(), repo, bytes(e)));
        }
        return out;
    }

    private static String rev(int c) {
        return String.format("r%04d", c);
    }

    private static FileChanged file(
            String repo, String commit, String path, ChangeKind kind, String rev, String down, Instant at) {
        MigrationScript s = PARSER.parse(path, Sandbox.migration(rev, down).getBytes(StandardCharsets.UTF_8));
        return new FileChanged(
                repo,
                "main",
                commit,
                path,
                kind == null ? ChangeKind.ADDED : kind,
                null,
                "blob-" + repo + path + rev + down,
                s,
                at,
                at);
    }

    static byte[] bytes(MigrationEvent e) {
        return Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize(Topics.MIGRATION_EVENTS.name(), e);
    }
}
