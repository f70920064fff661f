package io.revchain.analyzer.stream;

import io.revchain.analysis.incremental.ChainSet;
import io.revchain.analysis.incremental.IncrementalChain;
import io.revchain.analysis.merge.FileVersion;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.analysis.merge.MergeSide;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.event.BranchKey;
import io.revchain.event.ChainHealth;
import io.revchain.event.ChainSpec;
import io.revchain.event.CommitScanned;
import io.revchain.event.DeadLetter;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.EnvironmentHealth;
import io.revchain.event.EventReadException;
import io.revchain.event.FileChanged;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.JsonSerde;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.RevisionClaim;
import io.revchain.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * the branch's in-memory {@link ChainSet} (one {@link IncrementalChain} per chain the events name);
 * {@link CommitScanned} analyses each chain of the branch at that commit, graded by the repository's policy for
 * that chain ({@code policy.forChain(file_template, release)} from the marker's chains), and sends the report when
 * it differs from the last one in anything but its timestamps; {@link RepoUnavailable} marks the
 * repository's known branches unavailable. A record that is not a readable event (malformed, unknown schema or
 * type, no key, a key that is not its repository, a value over {@value #MAX_VALUE_BYTES} bytes) goes to the
 * dead-letter topic with the reason and the stream goes on.
 *
 * <p>A report's revisions, heads, bases and findings are the aggregate of its chains (sum, chain after chain), and
 * {@link HealthReport#chains()} gives each chain's part when there is more than the plain {@code alembic} chain.
 *
 * <p>The chains are a per-task cache: the first event of a branch after a start or a rebalance rebuilds them from
 * the scripts store (a cache miss; each stored value is the file's event, which names its chain), graded by the
 * repository's policy until the next marker names each chain's rules. So are the latest report per branch and the candidate branches per
 * repository: this processor is the only writer of those stores, so they are read from RocksDB once, not at every
 * marker. The per-branch part of that cache is bounded ({@link BranchCache}, {@code cache.files}): the least recently
 * used branches are dropped and rebuilt at their next event.
 *
 * <p>Each file's {@code # revchain: ignore[...]} comments, carried on its event, are applied to its chain's findings
 * as {@code revchain check} applies them. At each marker the branch's declarations are compared with what the
 * organisation view was last told ({@link BranchClaims}), and the differences are sent to {@code revchain.org-claims}.
 */
final class AnalyzeProcessor implements Processor<String, byte[], String, Object> {

    private static final JsonSerde<MigrationEvent> EVENTS =
            (JsonSerde<MigrationEvent>) Topics.MIGRATION_EVENTS.valueSerde();
    private static final JsonSerde<DeploymentObserved> OBSERVATIONS =
            (JsonSerde<DeploymentObserved>) Topics.DEPLOYMENTS.valueSerde();
    private static final char PATH_SEPARATOR = '\u0000';
    /**
     * The largest value read as an event: ingest's events are a few kilobytes (a parsed script, never its source),
     * so anything over Kafka's default message size is not one of ours and is not worth parsing.
     */
    static final int MAX_VALUE_BYTES = 1024 * 1024;
    /** The branch reported for a repository that was never read. */
    static final String UNKNOWN_BRANCH = "HEAD";

    private final Function<String, Policy> policies;
    private final AnalyzerMetrics metrics;
    private final Clock clock;
    private final boolean suppressUnchanged;
    private final Map<String, ChainSet> chains = new HashMap<>();
    /**
     * The health store's reports as last written or read, per branch key: this processor is the store's only
     * writer, so a report compared with the previous one is not read back from RocksDB and parsed again.
     */
    private final Map<String, HealthReport> reports = new HashMap<>();
    /** Per repository, the candidate branches in the candidates store (its only writer is this processor). */
    private final Map<String, Set<String>> candidateBranches = new HashMap<>();
    /** Per repository, the last observation per environment in the deployments store (its only writer is this). */
    private final Map<String, Map<String, DeploymentObserved>> observations = new HashMap<>();
    /** Per branch key, the environments' classifications while its chains stay the same. */
    private final Map<String, EnvironmentStates.Memo> classified = new HashMap<>();
    /** Per branch key, the body fingerprint of each file by path (from the events that wrote them). */
    private final Map<String, Map<String, String>> bodies = new HashMap<>();
    /** Per {@code repo@environment}, the applied-bodies store's records (its only writer is this processor). */
    private final Map<String, Map<String, AppliedBody>> appliedBodies = new HashMap<>();
    /** Per branch key, what each file declares (from the events that wrote them): the organisation view's input. */
    private final Map<String, Map<String, BranchClaims.Declaration>> declarations = new HashMap<>();
    /** Per branch key, the org-claimed store's record (its only writer is this processor). */
    private final Map<String, Map<String, BranchClaims.Declaration>> told = new HashMap<>();
    /**
     * Per branch key, the commit of the last file event and the paths it wrote: a full scan's marker knows which
     * stored files are its own without decoding them (a file not listed, e.g. written before a restart, is decoded).
     */
    private final Map<String, Written> written = new HashMap<>();
    /** Per branch key, each file's {@code # revchain:} comments (files with none are absent). */
    private final Map<String, Map<String, List<Suppressions.Directive>>> directives = new HashMap<>();
    /** Which branches the per-branch maps above keep: the most recently used, up to a budget of files. */
    private final BranchCache cache;

    private ProcessorContext<String, Object> context;
    /** The files per (repo, branch, path), as the event bytes that wrote them ({@link ScriptValues}). */
    private KeyValueStore<String, byte[]> scripts;

    private KeyValueStore<String, HealthReport> health;
    private KeyValueStore<String, CandidateState> candidates;
    /** The last {@link DeploymentObserved} per {@code repo@environment}, as the bytes of its record. */
    private KeyValueStore<String, byte[]> deployments;
    /** Per {@code repo@environment\0revision}, the body it had when the environment first reported it applied. */
    private KeyValueStore<String, AppliedBody> applied;
    /** Per branch key, what the organisation view was last told ({@link BranchClaims.Told}). */
    private KeyValueStore<String, BranchClaims.Told> claimed;

    /** The paths the file events of one commit wrote. */
    private record Written(String commit, Set<String> paths) {}

    /**
     * @param suppressUnchanged do not re-send a report equal to the stored one. Only safe under exactly_once_v2,
     *                          where the stored report and its send commit together; under at_least_once a crash
     *                          between the store write and the send would otherwise lose the report for good, so
     *                          it is re-sent (harmless on the compacted topic).
     */
    AnalyzeProcessor(
            Function<String, Policy> policies, AnalyzerMetrics metrics, Clock clock, boolean suppressUnchanged) {
        this(policies, metrics, clock, suppressUnchanged, AnalyzerConfig.CACHE_FILES);
    }

    /** @param cacheFiles the files of the branches kept parsed in memory ({@link BranchCache}) */
    AnalyzeProcessor(
            Function<String, Policy> policies,
            AnalyzerMetrics metrics,
            Clock clock,
            boolean suppressUnchanged,
            long cacheFiles) {
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
        this.suppressUnchanged = suppressUnchanged;
        this.cache = new BranchCache(cacheFiles);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.scripts = context.getStateStore(AnalyzerTopology.SCRIPTS_STORE);
        this.health = context.getStateStore(AnalyzerTopology.HEALTH_STORE);
        this.candidates = context.getStateStore(AnalyzerTopology.CANDIDATES_STORE);
        this.deployments = context.getStateStore(AnalyzerTopology.DEPLOYMENTS_STORE);
        this.applied = context.getStateStore(AnalyzerTopology.APPLIED_STORE);
        this.claimed = context.getStateStore(OrgTopology.CLAIMED_STORE);
        // a task revived after corruption may restore different store contents: nothing cached survives it
        chains.clear();
        reports.clear();
        candidateBranches.clear();
        observations.clear();
        classified.clear();
        bodies.clear();
        appliedBodies.clear();
        declarations.clear();
        told.clear();
        written.clear();
        directives.clear();
        cache.clear();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = System.nanoTime();
        try {
            if (context.recordMetadata()
                    .map(m -> Topics.DEPLOYMENTS.name().equals(m.topic()))
                    .orElse(false)) {
                deployment(record);
                return;
            }
            MigrationEvent event = read(record);
            if (event == null) {
                return;
            }
            if (event instanceof FileChanged f) {
                fileChanged(f, record.value());
            } else if (event instanceof CommitScanned c) {
                commitScanned(c, record.timestamp());
            } else if (event instanceof RepoUnavailable u) {
                unavailable(u);
            }
        } finally {
            metrics.events().increment();
            metrics.process().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The event, or {@code null} after dead-lettering a record that is not one. */
    private MigrationEvent read(Record<String, byte[]> record) {
        if (record.value() != null && record.value().length > MAX_VALUE_BYTES) {
            return deadLetter(
                    record,
                    "value of " + record.value().length + " bytes is over the " + MAX_VALUE_BYTES
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
            } else if (e.repo().isEmpty()
                    || e.repo().indexOf(BranchKey.SEPARATOR) >= 0
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
        DeadLetter letter = DeadLetter.of(
                meta == null ? Topics.MIGRATION_EVENTS.name() : meta.topic(),
                meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                key,
                record.value(),
                reason,
                clock.instant());
        context.forward(
                new Record<String, Object>(record.key(), letter, record.timestamp()),
                AnalyzerTopology.DEAD_LETTER_SINK);
        metrics.deadLetters().increment();
        return null;
    }

    /** @param raw the event's bytes, stored as they are (the store keeps no second copy of the JSON). */
    private void fileChanged(FileChanged f, byte[] raw) {
        ChainSet chain = chains(f.repo(), f.branch());
        String key = BranchKey.of(f.repo(), f.branch());
        Map<String, String> body = bodies.get(key);
        Map<String, BranchClaims.Declaration> declared = declarations.get(key);
        Map<String, List<Suppressions.Directive>> comments = directives.get(key);
        switch (f.change()) {
            case DELETED -> {
                scripts.delete(scriptKey(f.repo(), f.branch(), f.path()));
                chain.remove(f.path());
                body.remove(f.path());
                declared.remove(f.path());
                comments.remove(f.path());
            }
            case RENAMED -> {
                scripts.delete(scriptKey(f.repo(), f.branch(), f.oldPath()));
                scripts.put(scriptKey(f.repo(), f.branch(), f.path()), raw);
                chain.rename(f.oldPath(), f.chainName(), f.path(), f.script());
                body.remove(f.oldPath());
                putBody(body, f.path(), f.body());
                declared.remove(f.oldPath());
                putDeclaration(declared, f.path(), BranchClaims.of(f.script(), f.blob()));
                comments.remove(f.oldPath());
                putComments(comments, f.path(), f.suppressions());
                written(key, f.commit()).add(f.path());
            }
            case ADDED, MODIFIED -> {
                scripts.put(scriptKey(f.repo(), f.branch(), f.path()), raw);
                chain.put(f.chainName(), f.path(), f.script());
                putBody(body, f.path(), f.body());
                putDeclaration(declared, f.path(), BranchClaims.of(f.script(), f.blob()));
                putComments(comments, f.path(), f.suppressions());
                written(key, f.commit()).add(f.path());
            }
        }
    }

    private static void putComments(
            Map<String, List<Suppressions.Directive>> comments, String path, List<Suppressions.Directive> ds) {
        if (ds == null || ds.isEmpty()) {
            comments.remove(path);
        } else {
            comments.put(path, ds);
        }
    }

    /**
     * {@code found} with the suppression comments of {@code files} applied as {@code revchain check} applies them:
     * a finding a comment names is left out, and a comment that suppresses nothing is a warning of its own.
     */
    static List<Finding> suppressed(
            List<Finding> found, Map<String, List<Suppressions.Directive>> comments, Set<String> files, Policy p) {
        Map<String, List<Suppressions.Directive>> own = new HashMap<>();
        comments.forEach((path, ds) -> {
            if (files.contains(path)) {
                own.put(path, ds);
            }
        });
        if (own.isEmpty()) {
            return found;
        }
        List<Finding> active = new ArrayList<>(
                Suppressions.apply(found, own, c -> Check.of(c).map(p::runs).orElse(true))
                        .active());
        // the analyzer's order (file, line, check; findings of no file last), the comments' warnings in place
        active.sort(SUPPRESSED_ORDER);
        return active;
    }

    private static final java.util.Comparator<Finding> SUPPRESSED_ORDER = java.util.Comparator.comparing(
                    (Finding f) -> f.file() == null ? "\uffff" : f.file())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check);

    /** The paths written at {@code commit} on the branch {@code key} (a new commit starts an empty set). */
    private Set<String> written(String key, String commit) {
        Written w = written.get(key);
        if (w == null || !w.commit().equals(commit)) {
            w = new Written(commit, new HashSet<>());
            written.put(key, w);
        }
        return w.paths();
    }

    private static void putDeclaration(
            Map<String, BranchClaims.Declaration> declared, String path, BranchClaims.Declaration d) {
        if (d == null) {
            declared.remove(path);
        } else {
            declared.put(path, d);
        }
    }

    /**
     * Tells the organisation view what changed in the branch's declarations since it was last told (nothing when
     * nothing did), then records what it was told.
     */
    private void claims(String repo, String branch, long timestamp) {
        String key = BranchKey.of(repo, branch);
        Map<String, BranchClaims.Declaration> now = declarations.get(key);
        Map<String, BranchClaims.Declaration> before = told.get(key);
        if (before == null) {
            BranchClaims.Told stored = claimed.get(key);
            before = stored == null ? Map.of() : stored.files();
        }
        if (now.equals(before)) {
            told.put(key, before);
            return;
        }
        for (RevisionClaim r : BranchClaims.diff(repo, branch, before, now)) {
            context.forward(new Record<String, Object>(r.revision(), r, timestamp), OrgTopology.CLAIMS_SINK);
        }
        Map<String, BranchClaims.Declaration> copy = Map.copyOf(now);
        if (copy.isEmpty()) {
            claimed.delete(key);
        } else {
            claimed.put(key, new BranchClaims.Told(copy));
        }
        told.put(key, copy);
    }

    private void commitScanned(CommitScanned c, long timestamp) {
        ChainSet chain = chains(c.repo(), c.branch());
        String key = BranchKey.of(c.repo(), c.branch());
        if (c.fullScan()) {
            // a full scan lists every file: whatever this commit did not write is gone
            Written w = written.get(key);
            Set<String> own = w != null && w.commit().equals(c.commit()) ? w.paths() : Set.of();
            List<String> stale = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it =
                    scripts.prefixScan(prefix(c.repo(), c.branch()), new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    String path = kv.key.substring(kv.key.indexOf(PATH_SEPARATOR) + 1);
                    if (!own.contains(path)
                            && !ScriptValues.read(kv.key, kv.value).commit().equals(c.commit())) {
                        stale.add(kv.key);
                    }
                }
            }
            for (String k : stale) {
                String path = k.substring(k.indexOf(PATH_SEPARATOR) + 1);
                scripts.delete(k);
                chain.remove(path);
                bodies.get(key).remove(path);
                declarations.get(key).remove(path);
                directives.get(key).remove(path);
            }
        }
        written.remove(key);
        claims(c.repo(), c.branch(), timestamp);
        if (c.chains() != null) {
            chain.layout(chainPolicies(policies.apply(c.repo()), c.chains()));
        }
        if (c.isCandidate()) {
            candidates.put(
                    BranchKey.of(c.repo(), c.branch()),
                    new CandidateState(
                            c.target(),
                            c.commit(),
                            c.mergeBase(),
                            c.baseFiles(),
                            c.scannedAt(),
                            c.publishedAt(),
                            c.chains()));
            candidateBranches(c.repo()).add(c.branch());
            recheckCandidates(c.repo(), c.target());
            return;
        }
        Map<String, List<Finding>> configured = configurationFindings(c.chains());
        List<Part> parts = new ArrayList<>();
        for (ChainSet.Analysed a : chain.analyze()) {
            metrics.analysis(a.result().path()).increment();
            IncrementalChain.Result r = a.result();
            List<Finding> found = r.findings();
            List<Finding> config = configured.getOrDefault(a.name(), List.of());
            if (!config.isEmpty()) {
                // what resolving the chain found comes first, as revchain check lists it
                Policy p = chain.policy(a.name());
                List<Finding> all = new ArrayList<>();
                for (Finding f : config) {
                    if (p.runs(f)) {
                        all.add(p.apply(f));
                    }
                }
                all.addAll(found);
                found = all;
            }
            Map<String, List<Suppressions.Directive>> comments = directives.get(key);
            if (!comments.isEmpty()) {
                Set<String> files = new HashSet<>();
                chain.scripts(a.name()).forEach(s -> files.add(s.path()));
                found = suppressed(found, comments, files, chain.policy(a.name()));
            }
            parts.add(new Part(a.name(), r.revisions(), r.heads(), r.bases(), found));
        }
        Instant now = clock.instant();
        HealthReport report = report(c.repo(), c.branch(), c.commit(), parts, c.scannedAt(), c.publishedAt(), now);
        Collection<DeploymentObserved> observed = observations(c.repo()).values();
        if (!observed.isEmpty()) {
            HealthReport previous = lastReport(report.key());
            report = report.withEnvironments(
                    EnvironmentStates.of(
                            observed,
                            chain,
                            previous == null ? null : previous.environments(),
                            now,
                            classified.computeIfAbsent(report.key(), k -> new EnvironmentStates.Memo()),
                            history(c.repo(), c.branch(), c.commit())),
                    now);
        }
        publish(report);
        metrics.endToEnd()
                .record(
                        Duration.between(c.publishedAt(), now).isNegative()
                                ? Duration.ZERO
                                : Duration.between(c.publishedAt(), now));
        recheckCandidates(c.repo(), c.branch());
    }

    /**
     * An observation of an environment's database: kept when it is not older than the one stored, then every branch
     * report of the repository whose environments' states it changes is sent again. A tombstone forgets the
     * environment.
     */
    private void deployment(Record<String, byte[]> record) {
        if (record.key() == null) {
            deadLetter(record, "no key: observations are keyed repo@environment");
            return;
        }
        String repo;
        if (record.value() == null) {
            try {
                repo = BranchKey.parse(record.key()).repo();
            } catch (IllegalArgumentException e) {
                deadLetter(record, "a tombstone whose key is not repo@environment");
                return;
            }
            deployments.delete(record.key());
            observations.remove(repo);
            reevaluate(repo);
            return;
        }
        DeploymentObserved o;
        try {
            o = OBSERVATIONS.read(record.value());
        } catch (EventReadException ex) {
            deadLetter(record, ex.getMessage());
            return;
        } catch (RuntimeException ex) {
            deadLetter(record, "unreadable: " + ex);
            return;
        }
        if (!record.key().equals(o.key())) {
            deadLetter(record, "key '" + record.key() + "' is not the observation's '" + o.key() + "'");
            return;
        }
        Map<String, DeploymentObserved> known = observations(o.repo());
        DeploymentObserved before = known.get(o.environment());
        if (before != null && before.observedAt().isAfter(o.observedAt())) {
            // an older observation replayed or pushed late: the later one stands
            return;
        }
        deployments.put(o.key(), record.value());
        known.put(o.environment(), o);
        reevaluate(o.repo());
    }

    /** Sends again each branch report of {@code repo} whose environments' states changed. */
    private void reevaluate(String repo) {
        List<HealthReport> known = new ArrayList<>();
        try (KeyValueIterator<String, HealthReport> it =
                health.prefixScan(repo + BranchKey.SEPARATOR, new StringSerializer())) {
            it.forEachRemaining(kv -> known.add(lastReport(kv.key)));
        }
        Collection<DeploymentObserved> observed = observations(repo).values();
        Instant now = clock.instant();
        for (HealthReport h : known) {
            if (h == null || h.isMergePreview() || h.commit() == null) {
                continue;
            }
            List<EnvironmentHealth> envs = EnvironmentStates.of(
                    observed,
                    chains(repo, h.branch()),
                    h.environments(),
                    now,
                    classified.computeIfAbsent(h.key(), k -> new EnvironmentStates.Memo()),
                    history(repo, h.branch(), h.commit()));
            if (!EnvironmentHealth.sameStates(envs, h.environments())) {
                publish(h.withEnvironments(envs, now));
            }
        }
    }

    private static void putBody(Map<String, String> body, String path, String fingerprint) {
        if (fingerprint == null) {
            body.remove(path);
        } else {
            body.put(path, fingerprint);
        }
    }

    /** What a branch's environments' findings are judged with at {@code commit}. */
    private EnvironmentStates.History history(String repo, String branch, String commit) {
        chains(repo, branch);
        return new EnvironmentStates.History(commit, bodies.get(BranchKey.of(repo, branch)), new AppliedHistory.Book() {
            @Override
            public Map<String, AppliedBody> of(String environment) {
                return recorded(repo, environment);
            }

            @Override
            public void put(String environment, String revision, AppliedBody body) {
                recorded(repo, environment).put(revision, body);
                applied.put(appliedKey(repo, environment, revision), body);
            }

            @Override
            public void remove(String environment, String revision) {
                recorded(repo, environment).remove(revision);
                applied.delete(appliedKey(repo, environment, revision));
            }
        });
    }

    /** The applied-bodies store's records of one environment (read from the store once). */
    private Map<String, AppliedBody> recorded(String repo, String environment) {
        String env = repo + BranchKey.SEPARATOR + environment;
        Map<String, AppliedBody> known = appliedBodies.get(env);
        if (known == null) {
            known = new TreeMap<>();
            String prefix = env + PATH_SEPARATOR;
            try (KeyValueIterator<String, AppliedBody> it = applied.prefixScan(prefix, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, AppliedBody> kv = it.next();
                    known.put(kv.key.substring(prefix.length()), kv.value);
                }
            }
            appliedBodies.put(env, known);
        }
        return known;
    }

    static String appliedKey(String repo, String environment, String revision) {
        return repo + BranchKey.SEPARATOR + environment + PATH_SEPARATOR + revision;
    }

    /** The last observation per environment of {@code repo} (read from the store once). */
    private Map<String, DeploymentObserved> observations(String repo) {
        Map<String, DeploymentObserved> known = observations.get(repo);
        if (known == null) {
            known = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> it =
                    deployments.prefixScan(repo + BranchKey.SEPARATOR, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    DeploymentObserved o = OBSERVATIONS.read(kv.value);
                    known.put(o.environment(), o);
                }
            }
            observations.put(repo, known);
        }
        return known;
    }

    /** The configuration findings of each chain a marker names. */
    static Map<String, List<Finding>> configurationFindings(List<ChainSpec> specs) {
        Map<String, List<Finding>> out = new HashMap<>();
        if (specs != null) {
            for (ChainSpec s : specs) {
                if (!s.findings().isEmpty()) {
                    out.putIfAbsent(s.name(), s.findings());
                }
            }
        }
        return out;
    }

    /** The policy of each chain a marker names, in its order: the repository's, with the chain's own rules. */
    static Map<String, Policy> chainPolicies(Policy repo, List<ChainSpec> specs) {
        Map<String, Policy> out = new LinkedHashMap<>();
        if (specs != null) {
            for (ChainSpec s : specs) {
                out.putIfAbsent(
                        s.name(),
                        repo.forChain(
                                s.fileTemplate(), s.alembicRelease() == null ? repo.release() : s.alembicRelease()));
            }
        }
        return out;
    }

    /** One chain's analysis, as a report sums it up. */
    record Part(String name, int revisions, List<String> heads, List<String> bases, List<Finding> findings) {}

    /**
     * The report of a branch (or a merge preview) made of its chains' parts: revisions summed, heads, bases and
     * findings chain after chain, the status from every finding; per-chain parts only when there is more than the
     * one plain chain, so a single-chain report is what it was before chains existed.
     */
    static HealthReport report(
            String repo,
            String branch,
            String commit,
            List<Part> parts,
            Instant scannedAt,
            Instant publishedAt,
            Instant now) {
        int revisions = 0;
        List<String> heads = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<ChainHealth> each = new ArrayList<>(parts.size());
        for (Part p : parts) {
            revisions += p.revisions();
            heads.addAll(p.heads());
            bases.addAll(p.bases());
            findings.addAll(p.findings());
            each.add(ChainHealth.of(p.name(), p.revisions(), p.heads(), p.bases(), p.findings()));
        }
        boolean plain =
                parts.isEmpty() || parts.size() == 1 && parts.get(0).name().equals(ChainSet.DEFAULT);
        return new HealthReport(
                        repo,
                        branch,
                        commit,
                        revisions,
                        heads,
                        bases,
                        findings,
                        HealthStatus.of(findings),
                        scannedAt,
                        publishedAt,
                        now)
                .withChains(plain ? null : each);
    }

    /**
     * Reports the merge preview of every open candidate of {@code target} (each against the target's files as they
     * are now, and against each other for collisions). Nothing is reported before the target was read once.
     *
     * <p>Previews are per chain: a path is in the chain the target's event put it in, else the candidate's (a path
     * only the merge base holds is deleted on both sides and left out); each chain's target, candidate and base files
     * are merged and analysed alone, graded by the candidate marker's rules for that chain, and candidates collide
     * only within one chain. The report sums the chains up as a branch report does. The chains previewed are the
     * candidate marker's, in its order, then any other chain either side holds files in.
     */
    private void recheckCandidates(String repo, String target) {
        if (candidateBranches(repo).isEmpty()) {
            // most repositories never have a candidate: no store scan for them
            return;
        }
        Map<String, CandidateState> open = new TreeMap<>();
        try (KeyValueIterator<String, CandidateState> it =
                candidates.prefixScan(repo + BranchKey.SEPARATOR, new StringSerializer())) {
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
        Policy policy = policies.apply(repo);
        Map<String, Located> targetFiles = files(repo, target);
        // chain → candidate → preview, so that collisions are looked for within one chain
        Map<String, Map<String, MergePreview>> byChain = new LinkedHashMap<>();
        Map<String, Map<String, Policy>> candidatePolicies = new TreeMap<>();
        open.forEach((candidate, state) -> {
            Map<String, Located> candidateFiles = files(repo, candidate);
            Map<String, Policy> chainPolicies = chainPolicies(policy, state.chains());
            Map<String, String> chainOf = new LinkedHashMap<>();
            candidateFiles.forEach((path, l) -> chainOf.put(path, l.chain()));
            // the target's chain wins: the merge keeps the target's layout for a file both sides hold
            targetFiles.forEach((path, l) -> chainOf.put(path, l.chain()));
            List<String> names = new ArrayList<>(chainPolicies.keySet());
            chainOf.values().stream()
                    .distinct()
                    .sorted()
                    .filter(n -> !names.contains(n))
                    .forEach(names::add);
            Map<String, Policy> used = new LinkedHashMap<>();
            for (String name : names) {
                Policy p = chainPolicies.getOrDefault(name, policy);
                used.put(name, p);
                Map<String, FileVersion> base = new TreeMap<>();
                state.baseFiles().forEach((path, blob) -> {
                    if (name.equals(chainOf.get(path))) {
                        base.put(path, FileVersion.blob(blob));
                    }
                });
                MergeSide targetSide = new MergeSide(target, targetReport.commit(), only(targetFiles, chainOf, name));
                MergeSide side = new MergeSide(candidate, state.commit(), only(candidateFiles, chainOf, name));
                byChain.computeIfAbsent(name, k -> new TreeMap<>())
                        .put(candidate, MergePreviewer.preview(targetSide, side, base, p));
            }
            candidatePolicies.put(candidate, used);
        });
        Instant now = clock.instant();
        candidatePolicies.forEach((candidate, used) -> {
            CandidateState state = open.get(candidate);
            List<Part> parts = new ArrayList<>();
            Map<String, Located> candidateFiles = files(repo, candidate);
            Map<String, List<Suppressions.Directive>> comments = previewComments(targetFiles, candidateFiles);
            used.forEach((name, p) -> {
                Map<String, MergePreview> previews = byChain.get(name);
                MergePreview preview = previews.get(candidate);
                List<Finding> findings = new ArrayList<>(preview.findings());
                findings.addAll(MergePreviewer.collisions(preview, previews.values(), p));
                if (!comments.isEmpty()) {
                    findings = suppressed(findings, comments, chainFiles(targetFiles, candidateFiles, name), p);
                }
                parts.add(new Part(
                        name,
                        preview.analysis().revisions(),
                        preview.analysis().heads(),
                        preview.analysis().bases(),
                        findings));
            });
            publish(report(repo, candidate, state.commit(), parts, state.scannedAt(), state.publishedAt(), now)
                    .asMergePreview(target, state.commit(), targetReport.commit()));
        });
    }

    /** A stored file, the chain its event put it in and its suppression comments ({@code null}: none). */
    private record Located(String chain, FileVersion version, List<Suppressions.Directive> comments) {}

    /** The comments of a merge's files: the candidate's version of a file where it has one, else the target's. */
    private static Map<String, List<Suppressions.Directive>> previewComments(
            Map<String, Located> target, Map<String, Located> candidate) {
        Map<String, List<Suppressions.Directive>> out = new HashMap<>();
        target.forEach((path, l) -> putComments(out, path, l.comments()));
        candidate.forEach((path, l) -> putComments(out, path, l.comments()));
        return out;
    }

    /** The paths either side of a merge holds in {@code chain} (the target's chain wins for a path both hold). */
    private static Set<String> chainFiles(Map<String, Located> target, Map<String, Located> candidate, String chain) {
        Set<String> out = new HashSet<>();
        candidate.forEach((path, l) -> {
            Located t = target.get(path);
            if (chain.equals(t != null ? t.chain() : l.chain())) {
                out.add(path);
            }
        });
        target.forEach((path, l) -> {
            if (chain.equals(l.chain())) {
                out.add(path);
            }
        });
        return out;
    }

    /** The files of {@code files} that {@code chainOf} puts in {@code chain}. */
    private static Map<String, FileVersion> only(
            Map<String, Located> files, Map<String, String> chainOf, String chain) {
        Map<String, FileVersion> out = new TreeMap<>();
        files.forEach((path, l) -> {
            if (chain.equals(chainOf.get(path))) {
                out.put(path, l.version());
            }
        });
        return out;
    }

    /** A branch's files from the scripts store, with their blob ids and chains. */
    private Map<String, Located> files(String repo, String branch) {
        Map<String, Located> out = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = scripts.prefixScan(prefix(repo, branch), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                StoredScript stored = ScriptValues.read(kv.key, kv.value);
                out.put(
                        kv.key.substring(kv.key.indexOf(PATH_SEPARATOR) + 1),
                        new Located(
                                stored.chainName(),
                                new FileVersion(stored.script(), stored.blob()),
                                stored.suppressions()));
            }
        }
        return out;
    }

    private void unavailable(RepoUnavailable u) {
        List<HealthReport> known = new ArrayList<>();
        try (KeyValueIterator<String, HealthReport> it =
                health.prefixScan(u.repo() + BranchKey.SEPARATOR, new StringSerializer())) {
            it.forEachRemaining(kv -> known.add(kv.value));
        }
        Instant now = clock.instant();
        if (known.isEmpty()) {
            publish(HealthReport.unreachable(u.repo(), UNKNOWN_BRANCH, now));
        }
        for (HealthReport h : known) {
            publish(h.unavailable(now));
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
        context.forward(
                new Record<String, Object>(
                        report.key(), report, report.analyzedAt().toEpochMilli()),
                AnalyzerTopology.HEALTH_SINK);
        metrics.reportsSent().increment();
    }

    /** Equal in everything but the timestamps. */
    static boolean sameVerdict(HealthReport a, HealthReport b) {
        return a.repo().equals(b.repo())
                && a.branch().equals(b.branch())
                && Objects.equals(a.commit(), b.commit())
                && a.revisions() == b.revisions()
                && a.heads().equals(b.heads())
                && a.bases().equals(b.bases())
                && a.findings().equals(b.findings())
                && a.status() == b.status()
                && Objects.equals(a.target(), b.target())
                && Objects.equals(a.targetCommit(), b.targetCommit())
                && Objects.equals(a.chains(), b.chains())
                && EnvironmentHealth.sameStates(a.environments(), b.environments());
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
    private Set<String> candidateBranches(String repo) {
        Set<String> known = candidateBranches.get(repo);
        if (known == null) {
            known = new HashSet<>();
            try (KeyValueIterator<String, CandidateState> it =
                    candidates.prefixScan(repo + BranchKey.SEPARATOR, new StringSerializer())) {
                while (it.hasNext()) {
                    known.add(BranchKey.parse(it.next().key).branch());
                }
            }
            candidateBranches.put(repo, known);
        }
        return known;
    }

    /** The branch's chains, rebuilt from the scripts store on first use (each file in the chain its event named). */
    private ChainSet chains(String repo, String branch) {
        String key = BranchKey.of(repo, branch);
        ChainSet chain = chains.get(key);
        if (chain != null) {
            metrics.cacheHits().increment();
            drop(cache.used(key, chain.size()));
            return chain;
        }
        metrics.cacheMisses().increment();
        chain = new ChainSet(policies.apply(repo));
        Map<String, String> body = new HashMap<>();
        Map<String, BranchClaims.Declaration> declared = new HashMap<>();
        Map<String, List<Suppressions.Directive>> comments = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = scripts.prefixScan(prefix(repo, branch), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                StoredScript stored = ScriptValues.read(kv.key, kv.value);
                String path = kv.key.substring(kv.key.indexOf(PATH_SEPARATOR) + 1);
                chain.put(stored.chainName(), path, stored.script());
                putBody(body, path, stored.body());
                putDeclaration(declared, path, BranchClaims.of(stored.script(), stored.blob()));
                putComments(comments, path, stored.suppressions());
            }
        }
        chains.put(key, chain);
        bodies.put(key, body);
        declarations.put(key, declared);
        directives.put(key, comments);
        drop(cache.used(key, chain.size()));
        return chain;
    }

    /** Forgets the branches the cache let go; each is rebuilt from the stores when next used. */
    private void drop(List<String> branches) {
        for (String key : branches) {
            chains.remove(key);
            bodies.remove(key);
            declarations.remove(key);
            told.remove(key);
            directives.remove(key);
            classified.remove(key);
            reports.remove(key);
            written.remove(key);
        }
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
        observations.clear();
        classified.clear();
        bodies.clear();
        appliedBodies.clear();
        declarations.clear();
        told.clear();
        written.clear();
        directives.clear();
        cache.clear();
    }
}
