package io.revchain.analyzer.stream;

import io.revchain.event.HealthReport;
import io.revchain.event.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer's Kafka Streams topology: {@code revchain.migration-events} (read as bytes, so that an unreadable
 * record is dead-lettered with its reason by the processor instead of stopping the stream) → {@code analyze} with
 * two persistent stores → {@code revchain.health} ({@code HealthReport}) and {@code revchain.dead-letters}
 * ({@code DeadLetter}).
 *
 * <pre>
 *   migration-events ──► analyze ──► health-sink      (revchain.health, key repo@branch)
 *   deployments ───────┘
 *                         │  │   └──► dead-letter-sink (revchain.dead-letters)
 *             revchain-scripts  revchain-health              revchain-candidates
 *   (repo@branch\0path → file)  (repo@branch → latest report)  (repo@candidate → target, merge base)
 * </pre>
 *
 * A candidate branch (its marker names a target) is reported as the merge preview of the candidate into its target;
 * every open candidate of a target is re-checked when the target or a sibling candidate moves.
 *
 * Beside it, {@link OrgTopology} re-partitions each repository's declarations by revision id and reports ids
 * declared in several repositories on {@code revchain.org-findings}.
 * An observation on {@code revchain.deployments} (written to its repository's partition) is kept per environment in
 * {@code revchain-deployments}; every branch report carries each environment's state against that branch's chain,
 * recomputed when a commit is analysed and when an observation changes it.
 *
 * The stores are partitioned like the input (by repository id), so {@code queryMetadataForKey(store, repoId)}
 * finds the instance that owns a repository.
 */
public final class AnalyzerTopology {
    private AnalyzerTopology() {}

    public static final String SOURCE = "migration-events";
    /** {@code revchain.deployments}: co-partitioned with the events (a repository's observations on its partition). */
    public static final String DEPLOYMENTS_SOURCE = "deployments";

    public static final String PROCESSOR = "analyze";
    public static final String HEALTH_SINK = "health-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    /** Parsed scripts per (repo, branch, path): the bytes of the file event that wrote each ({@link ScriptValues}). */
    public static final String SCRIPTS_STORE = "revchain-scripts";
    /** The open candidate branches per (repo, candidate): target, merge base and base files. */
    public static final String CANDIDATES_STORE = "revchain-candidates";
    /** The latest {@link HealthReport} per (repo, branch). */
    public static final String HEALTH_STORE = "revchain-health";
    /** The last {@code DeploymentObserved} per (repo, environment), as its record's bytes. */
    public static final String DEPLOYMENTS_STORE = "revchain-deployments";
    /**
     * Per (repo, environment, revision), the revision's body when the environment first reported it applied
     * ({@link AppliedBody}): what {@code applied-migration-edited} compares the current body with.
     */
    public static final String APPLIED_STORE = "revchain-applied-bodies";

    /** The topology with the settings' policies, private meters and the system clock. */
    public static Topology build(AnalyzerConfig config) {
        return build(config, AnalyzerMetrics.simple(), Clock.systemUTC());
    }

    /**
     * The topology.
     *
     * @param config  which policy grades each repository
     * @param metrics where the processing meters go
     * @param clock   the analyzer's clock ({@code analyzedAt}, end-to-end latency)
     */
    @SuppressWarnings("unchecked")
    public static Topology build(AnalyzerConfig config, AnalyzerMetrics metrics, Clock clock) {
        Topology t = new Topology();
        ReportSerde reports = new ReportSerde();
        t.addSource(
                SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.MIGRATION_EVENTS.name());
        t.addSource(
                DEPLOYMENTS_SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.DEPLOYMENTS.name());
        t.addProcessor(
                PROCESSOR,
                () -> new AnalyzeProcessor(
                        config::policyFor, metrics, clock, config.exactlyOnce(), config.cacheFiles()),
                SOURCE,
                DEPLOYMENTS_SOURCE);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SCRIPTS_STORE), Serdes.String(), Serdes.ByteArray()),
                PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CANDIDATES_STORE),
                        Serdes.String(),
                        new StoreSerde<>(CandidateState.class)),
                PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEALTH_STORE), Serdes.String(), reports),
                PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DEPLOYMENTS_STORE), Serdes.String(), Serdes.ByteArray()),
                PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(APPLIED_STORE),
                        Serdes.String(),
                        new StoreSerde<>(AppliedBody.class)),
                PROCESSOR);
        t.addSink(
                HEALTH_SINK,
                Topics.HEALTH.name(),
                Serdes.String().serializer(),
                (Serializer<Object>) (Serializer<?>) reports.serializer(),
                PROCESSOR);
        t.addSink(
                DEAD_LETTER_SINK,
                Topics.DEAD_LETTERS.name(),
                Serdes.String().serializer(),
                (Serializer<Object>)
                        (Serializer<?>) Topics.DEAD_LETTERS.valueSerde().serializer(),
                PROCESSOR);
        OrgTopology.addTo(t, PROCESSOR, clock, config.exactlyOnce());
        return t;
    }
}
