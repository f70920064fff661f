package io.revchain.analyzer.stream;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.BranchKey;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.JsonSerde;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RevisionClaim;
import io.revchain.event.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The repository-partitioned half of the organisation view: which file of which branch declares which revision id,
 * and, at each commit boundary, the changes to it as {@link RevisionClaim}s keyed by revision id (sent through
 * {@code revchain.org-claims}, so that every claim of one id reaches one task whichever instance read the repository).
 *
 * <p>A {@link FileChanged} only updates the declarations store and remembers, once per file and commit, what the
 * file declared before; the {@link CommitScanned} marker compares each remembered file with what it declares now and
 * sends the difference: new declarations first, then withdrawn ones, so a file renamed inside a colliding repository
 * never makes the collision disappear for a moment. A full scan withdraws every file the commit did not write. A
 * record that is not a readable event is left to {@link AnalyzeProcessor}, which dead-letters it.
 */
final class OrgClaimsProcessor implements Processor<String, byte[], String, RevisionClaim> {

    @SuppressWarnings("unchecked")
    private static final JsonSerde<MigrationEvent> EVENTS =
            (JsonSerde<MigrationEvent>) Topics.MIGRATION_EVENTS.valueSerde();

    private static final char SEP = '\u0000';
    /** The pending value of a file that declared nothing before the commit. */
    private static final String NONE = "";

    private ProcessorContext<String, RevisionClaim> context;
    /** {@code repo@branch\0path} → {@code revision\0blob\0commit}: what each file declares now. */
    private KeyValueStore<String, String> files;
    /** {@code repo@branch\0path} → {@code revision\0blob} (or empty): what a file declared before this commit. */
    private KeyValueStore<String, String> pending;

    @Override
    public void init(ProcessorContext<String, RevisionClaim> context) {
        this.context = context;
        this.files = context.getStateStore(OrgTopology.FILES_STORE);
        this.pending = context.getStateStore(OrgTopology.PENDING_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        MigrationEvent event = read(record);
        if (event instanceof FileChanged f) {
            String branch = BranchKey.of(f.repo(), f.branch());
            if (f.oldPath() != null) {
                change(branch, f.oldPath(), null);
            }
            String id = f.script() == null ? null : declared(f.script());
            change(branch, f.path(), id == null ? null : id + SEP + f.blob() + SEP + f.commit());
        } else if (event instanceof CommitScanned c) {
            commit(c, record.timestamp());
        }
    }

    private static MigrationEvent read(Record<String, byte[]> record) {
        if (record.key() == null
                || record.value() == null
                || record.value().length > AnalyzeProcessor.MAX_VALUE_BYTES) {
            return null;
        }
        try {
            MigrationEvent e = EVENTS.read(record.value());
            return e != null && record.key().equals(e.repo()) ? e : null;
        } catch (RuntimeException ex) {
            // the analyze processor dead-letters the same record with its reason
            return null;
        }
    }

    /** The id a file declares when it is one non-empty literal, else {@code null} (nothing to compare). */
    static String declared(MigrationScript s) {
        String id = s.revisionId();
        return id == null || id.isEmpty() ? null : id;
    }

    private void change(String branch, String path, String now) {
        String key = branch + SEP + path;
        String before = files.get(key);
        if (pending.get(key) == null) {
            pending.put(key, before == null ? NONE : declaration(before));
        }
        if (now == null) {
            if (before != null) {
                files.delete(key);
            }
        } else {
            files.put(key, now);
        }
    }

    private void commit(CommitScanned c, long timestamp) {
        String branch = BranchKey.of(c.repo(), c.branch());
        String prefix = branch + SEP;
        if (c.fullScan()) {
            // a full scan lists every file: whatever this commit did not write is gone
            List<String> stale = new ArrayList<>();
            try (KeyValueIterator<String, String> it = files.prefixScan(prefix, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, String> kv = it.next();
                    if (!kv.value.endsWith(SEP + c.commit())) {
                        stale.add(kv.key);
                    }
                }
            }
            for (String k : stale) {
                change(branch, k.substring(prefix.length()), null);
            }
        }
        List<RevisionClaim> added = new ArrayList<>();
        List<RevisionClaim> withdrawn = new ArrayList<>();
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, String> it = pending.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                done.add(kv.key);
                String path = kv.key.substring(prefix.length());
                String before = kv.value.isEmpty() ? null : kv.value;
                String nowValue = files.get(kv.key);
                String now = nowValue == null ? null : declaration(nowValue);
                if (Objects.equals(before, now)) {
                    continue;
                }
                if (now != null) {
                    added.add(claim(c, path, now, true));
                }
                if (before != null) {
                    withdrawn.add(claim(c, path, before, false));
                }
            }
        }
        for (String k : done) {
            pending.delete(k);
        }
        for (RevisionClaim r : added) {
            context.forward(new Record<>(r.revision(), r, timestamp));
        }
        for (RevisionClaim r : withdrawn) {
            // withdrawing and re-declaring the same id and blob at one path is no change: already skipped above
            context.forward(new Record<>(r.revision(), r, timestamp));
        }
    }

    /** {@code revision\0blob} of a files-store value. */
    private static String declaration(String value) {
        return value.substring(0, value.lastIndexOf(SEP));
    }

    private static RevisionClaim claim(CommitScanned c, String path, String declaration, boolean present) {
        int at = declaration.indexOf(SEP);
        String blob = declaration.substring(at + 1);
        return new RevisionClaim(
                declaration.substring(0, at), c.repo(), c.branch(), path, blob.equals("null") ? null : blob, present);
    }
}
