package io.revchain.analyzer.stream;

import io.revchain.analysis.incremental.IncrementalChain;
import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.analysis.merge.MergeSide;
import io.revchain.core.model.Finding;
import java.util.TreeMap;
import io.revchain.core.event.BranchKey;
import io.revchain.core.event.CommitScanned;
import io.revchain.core.event.DeadLetter;
import io.revchain.core.event.EventReadException;
import io.revchain.core.event.FileChanged;
import io.revchain.core.event.HealthReport;
import io.revchain.core.event.HealthStatus;
import io.revchain.core.event.JsonSerde;
import io.revchain.core.event.MigrationEvent;
import io.revchain.core.event.RepoUnavailable;
import io.revchain.core.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns one repository's migration events into health reports: {@link FileChanged} updates the scripts store and
 * the in-memory {@link IncrementalChain}; {@link CommitScanned} analyses the branch at that commit and sends the
 * report when it differs from the last one in anything but its timestamps; {@link RepoUnavailable} marks the
 * repository's known branches unavailable. A record that is not a readable event (malformed, unknown schema or
 * type, no key, a key that is not its repository, a value over {@value #MAX_VALUE_BYTES} bytes) goes to the
 * dead-letter topic with the reason and the stream goes on.
 *
 * <p>The chains are a per-task cache: the first event of a branch after a start or a rebalance rebuilds its chain
 * from the scripts store (a cache miss). So are the latest report per branch and the candidate branches per
 * repository: this processor is the only writer of those stores, so they are read from RocksDB once, not at every
 * marker.
 */
final class AnalyzeProcessor implements Processor<String, byte[], String, Object> {

    private static final JsonSerde<MigrationEvent> EVENTS = (JsonSerde<MigrationEvent>) Topics.MIGRATION_EVENTS
            .valueSerde();
    private static final char PATH_SEPARATOR = '\u0000';
    /**
     * The largest value read as an event: ingest's events are a few kilobytes (a parsed script, never its source),
     * so anything over Kafka's default message size is not one of ours and is not worth parsing.
     */
    static final int MAX_VALUE_BYTES = 1024 * 1024;
    /** The branch reported for a repository that was never read. */
    static final String UNKNOWN_BRANCH = "HEAD";

    private final Function<String, io.revchain.core.model.Policy> policies;
    private final AnalyzerMetrics metrics;
    private final Clock clock;
    private final boolean suppressUnchanged;
    private final Map<String, IncrementalChain> chains = new HashMap<>();
    /**
     * The health store's reports as last written or read, per branch key: this processor is the store's only
     * writer, so a report compared with the previous one is not read back from RocksDB and parsed again.
     */
    private final Map<String, HealthReport> reports = new HashMap<>();
    /** Per repository, the candidate branches in the candidates store (its only writer is this processor). */
    private final Map<String, java.util.Set<String>> candidateBranches = new HashMap<>();
    private ProcessorContext<String, Object> context;
    /** The files per (repo, branch, path), as the event bytes that wrote them ({@link ScriptValues}). */
    private KeyValueStore<String, byte[]> scripts;
    private KeyValueStore<String, HealthReport> health;
    private KeyValueStore<String, CandidateState> candidates;

    /**
     * @param suppressUnchanged do not re-send a report equal to the stored one. Only safe under exactly_once_v2,
     *                          where the stored report and its send commit together; under at_least_once a crash
     *                          between the store write and the send would otherwise lose the report for good, so
     *                          it is re-sent (harmless on the compacted topic).
     */
    AnalyzeProcessor(Function<String, io.revchain.core.model.Policy> policies, AnalyzerMetrics metrics, Clock clock,
                     boolean suppressUnchanged) {
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
        this.suppressUnchanged = suppressUnchanged;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.scripts = context.getStateStore(AnalyzerTopology.SCRIPTS_STORE);
        this.health = context.getStateStore(AnalyzerTopology.HEALTH_STORE);
        this.candidates = context.getStateStore(AnalyzerTopology.CANDIDATES_STORE);
        // a task revived after corruption may restore different store contents: nothing cached survives it
        chains.clear();
        reports.clear();
        candidateBranches.clear();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = System.nanoTime();
        try {
            MigrationEvent event = read(record);
            if (event == null) {
                return;
            }
            if (event instanceof FileChanged f) {
                fileChanged(f, record.value());
            } else if (event instanceof CommitScanned c) {
                commitScanned(c);
            } else if (event instanceof RepoUnavailable u) {
                unavailable(u);
            }
        } finally {
            metrics.events().increment();
            metrics.process().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The event, or {@code null} after dead-lettering a record that is not one. */
    private MigrationEvent read(Record<String, byte[]> record) {
        if (record.value() != null && record.value().length > MAX_VALUE_BYTES) {
            return deadLetter(record, "value of " + record.value().length + " bytes is over the " + MAX_VALUE_BYTES
                    + " byte limit of one event; not read");
        }
        if (record.key() == null) {
            // a keyless record lands on any partition: out of order, and apart from its repository's state
            return deadLetter(record, "no key: events must be keyed by their repository id");
        }
        String reason;
        try {
            MigrationEvent e = EVENTS.read(record.value());
            if (e == null) {
                reason = "no value (a tombstone) on an event topic";
            } else if (!record.key().equals(e.repo())) {
                reason = "key '" + record.key() + "' is not the event's repository '" + e.repo() + "'";
            } else if (e.repo().isEmpty() || e.repo().indexOf(BranchKey.SEPARATOR) >= 0
                    || e instanceof FileChanged f && f.branch().isEmpty()
                    || e instanceof CommitScanned c && c.branch().isEmpty()) {
                reason = "invalid repository id or branch in " + e.getClass().getSimpleName() + ": '" + e.repo() + "'";
            } else {
                return e;
            }
        } catch (EventReadException ex) {
            reason = ex.getMessage();
        } catch (RuntimeException ex) {
            // anything else a reader throws is still about this one record, never a reason to stop the stream
            reason = "unreadable: " + ex;
        }
        return deadLetter(record, reason);
    }

    /** Sends the record to the dead-letter topic with {@code reason}; always {@code null} (no event). */
    private MigrationEvent deadLetter(Record<String, byte[]> record, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(meta == null ? Topics.MIGRATION_EVENTS.name() : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), key, record.value(), reason,
                clock.instant());
        context.forward(new Record<String, Object>(record.key(), letter, record.timestamp()),
                AnalyzerTopology.DEAD_LETTER_SINK);
        metrics.deadLetters().increment();
        return null;
    }

    /** @param raw the event's bytes, stored as they are (the store keeps no second copy of the JSON). */
    private void fileChanged(FileChanged f, byte[] raw) {
        IncrementalChain chain = chain(f.repo(), f.branch());
        switch (f.change()) {
            case DELETED -> {
                scripts.delete(scriptKey(f.repo(), f.branch(), f.path()));
                chain.remove(f.path());
            }
            case RENAMED -> {
                scripts.delete(scriptKey(f.repo(), f.branch(), f.oldPath()));
                scripts.put(scriptKey(f.repo(), f.branch(), f.path()), raw);
                chain.rename(f.oldPath(), f.path(), f.script());
            }
            case ADDED, MODIFIED -> {
                scripts.put(scriptKey(f.repo(), f.branch(), f.path()), raw);
                chain.put(f.path(), f.script());
            }
        }
    }

    private void commitScanned(CommitScanned c) {
        IncrementalChain chain = chain(c.repo(), c.branch());
        if (c.fullScan()) {
            // a full scan lists every file: whatever this commit did not write is gone
            List<String> stale = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = scripts.prefixScan(prefix(c.repo(), c.branch()),
                    new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (!ScriptValues.read(kv.key, kv.value).commit().equals(c.commit())) {
                        stale.add(kv.key);
                    }
                }
            }
            for (String k : stale) {
                scripts.delete(k);
                chain.remove(k.substring(k.indexOf(PATH_SEPARATOR) + 1));
            }
        }
        if (c.isCandidate()) {
            candidates.put(BranchKey.of(c.repo(), c.branch()), new CandidateState(c.target(), c.commit(),
                    c.mergeBase(), c.baseFiles(), c.scannedAt(), c.publishedAt()));
            candidateBranches(c.repo()).add(c.branch());
            recheckCandidates(c.repo(), c.target());
            return;
        }
        IncrementalChain.Result r = chain.analyze();
        metrics.analysis(r.path()).increment();
        Instant now = clock.instant();
        HealthReport report = new HealthReport(c.repo(), c.branch(), c.commit(), r.revisions(), r.heads(), r.bases(),
                r.findings(), HealthStatus.of(r.findings()), c.scannedAt(), c.publishedAt(), now);
        publish(report);
        metrics.endToEnd().record(Duration.between(c.publishedAt(), now).isNegative() ? Duration.ZERO
                : Duration.between(c.publishedAt(), now));
        recheckCandidates(c.repo(), c.branch());
    }

    /**
     * Reports the merge preview of every open candidate of {@code target} (each against the target's files as they
     * are now, and against each other for collisions). Nothing is reported before the target was read once.
     */
    private void recheckCandidates(String repo, String target) {
        if (candidateBranches(repo).isEmpty()) {
            // most repositories never have a candidate: no store scan for them
            return;
        }
        Map<String, CandidateState> open = new TreeMap<>();
        try (KeyValueIterator<String, CandidateState> it = candidates.prefixScan(repo + BranchKey.SEPARATOR,
                new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.target().equals(target)) {
                    open.put(BranchKey.parse(kv.key).branch(), kv.value);
                }
            });
        }
        HealthReport targetReport = lastReport(BranchKey.of(repo, target));
        if (open.isEmpty() || targetReport == null || targetReport.commit() == null) {
            return;
        }
        io.revchain.core.model.Policy policy = policies.apply(repo);
        MergeSide targetSide = new MergeSide(target, targetReport.commit(), files(repo, target));
        Map<String, MergePreview> previews = new TreeMap<>();
        open.forEach((candidate, state) -> {
            Map<String, FileVersion> base = new TreeMap<>();
            state.baseFiles().forEach((path, blob) -> base.put(path, FileVersion.blob(blob)));
            MergeSide side = new MergeSide(candidate, state.commit(), files(repo, candidate));
            previews.put(candidate, MergePreviewer.preview(targetSide, side, base, policy));
        });
        Instant now = clock.instant();
        previews.forEach((candidate, p) -> {
            CandidateState state = open.get(candidate);
            List<Finding> findings = new ArrayList<>(p.findings());
            findings.addAll(MergePreviewer.collisions(p, previews.values(), policy));
            HealthReport report = new HealthReport(repo, candidate, state.commit(), p.analysis().revisions(),
                    p.analysis().heads(), p.analysis().bases(), findings, HealthStatus.of(findings),
                    state.scannedAt(), state.publishedAt(), now)
                    .asMergePreview(target, state.commit(), targetReport.commit());
            publish(report);
        });
    }

    /** A branch's files from the scripts store, with their blob ids. */
    private Map<String, FileVersion> files(String repo, String branch) {
        Map<String, FileVersion> out = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = scripts.prefixScan(prefix(repo, branch),
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                StoredScript stored = ScriptValues.read(kv.key, kv.value);
                out.put(kv.key.substring(kv.key.indexOf(PATH_SEPARATOR) + 1),
                        new FileVersion(stored.script(), stored.blob()));
            }
        }
        return out;
    }

    private void unavailable(RepoUnavailable u) {
        List<HealthReport> known = new ArrayList<>();
        try (KeyValueIterator<String, HealthReport> it = health.prefixScan(u.repo() + BranchKey.SEPARATOR,
                new StringSerializer())) {
            it.forEachRemaining(kv -> known.add(kv.value));
        }
        Instant now = clock.instant();
        if (known.isEmpty()) {
            publish(new HealthReport(u.repo(), UNKNOWN_BRANCH, null, 0, List.of(), List.of(), List.of(),
                    HealthStatus.UNAVAILABLE, null, null, now));
        }
        for (HealthReport h : known) {
            HealthReport down = new HealthReport(h.repo(), h.branch(), h.commit(), h.revisions(), h.heads(),
                    h.bases(), h.findings(), HealthStatus.UNAVAILABLE, h.scannedAt(), h.publishedAt(), now);
            publish(h.isMergePreview() ? down.asMergePreview(h.target(), h.candidateCommit(), h.targetCommit())
                    : down);
        }
    }

    private void publish(HealthReport report) {
        HealthReport previous = lastReport(report.key());
        if (previous != null && sameVerdict(previous, report)) {
            metrics.reportsUnchanged().increment();
            if (suppressUnchanged) {
                return;
            }
        }
        health.put(report.key(), report);
        reports.put(report.key(), report);
        context.forward(new Record<String, Object>(report.key(), report, report.analyzedAt().toEpochMilli()),
                AnalyzerTopology.HEALTH_SINK);
        metrics.reportsSent().increment();
    }

    /** Equal in everything but the timestamps. */
    static boolean sameVerdict(HealthReport a, HealthReport b) {
        return a.repo().equals(b.repo()) && a.branch().equals(b.branch())
                && java.util.Objects.equals(a.commit(), b.commit()) && a.revisions() == b.revisions()
                && a.heads().equals(b.heads()) && a.bases().equals(b.bases()) && a.findings().equals(b.findings())
                && a.status() == b.status() && java.util.Objects.equals(a.target(), b.target())
                && java.util.Objects.equals(a.targetCommit(), b.targetCommit());
    }

    /** The health store's report for {@code key}, read once. */
    private HealthReport lastReport(String key) {
        HealthReport r = reports.get(key);
        if (r == null && !reports.containsKey(key)) {
            r = health.get(key);
            reports.put(key, r);
        }
        return r;
    }

    /** The candidate branches of {@code repo} in the candidates store (scanned once). */
    private java.util.Set<String> candidateBranches(String repo) {
        java.util.Set<String> known = candidateBranches.get(repo);
        if (known == null) {
            known = new java.util.HashSet<>();
            try (KeyValueIterator<String, CandidateState> it = candidates.prefixScan(repo + BranchKey.SEPARATOR,
                    new StringSerializer())) {
                while (it.hasNext()) {
                    known.add(BranchKey.parse(it.next().key).branch());
                }
            }
            candidateBranches.put(repo, known);
        }
        return known;
    }

    private IncrementalChain chain(String repo, String branch) {
        String key = BranchKey.of(repo, branch);
        IncrementalChain chain = chains.get(key);
        if (chain != null) {
            metrics.cacheHits().increment();
            return chain;
        }
        metrics.cacheMisses().increment();
        chain = new IncrementalChain(policies.apply(repo));
        try (KeyValueIterator<String, byte[]> it = scripts.prefixScan(prefix(repo, branch),
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                chain.put(kv.key.substring(kv.key.indexOf(PATH_SEPARATOR) + 1),
                        ScriptValues.read(kv.key, kv.value).script());
            }
        }
        chains.put(key, chain);
        return chain;
    }

    static String prefix(String repo, String branch) {
        return BranchKey.of(repo, branch) + PATH_SEPARATOR;
    }

    static String scriptKey(String repo, String branch, String path) {
        return prefix(repo, branch) + path;
    }

    @Override
    public void close() {
        chains.clear();
        reports.clear();
        candidateBranches.clear();
    }
}
