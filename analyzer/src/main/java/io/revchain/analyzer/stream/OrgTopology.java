package io.revchain.analyzer.stream;

import io.revchain.event.OrgFinding;
import io.revchain.event.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The organisation-wide part of the analyzer's topology: revision ids declared in several repositories, computed
 * incrementally from each repository's changes, never by a periodic pass over the fleet.
 *
 * <pre>
 *   analyze ──► revchain.org-claims (key: revision id) ──► org-collisions ──► revchain.org-findings
 *      │                                                       │                (key: revision id, compacted)
 *  revchain-org-claimed                              revchain-org-revisions
 *  (repo@branch → what each file declared            (revision id → every file declaring it)
 *   when the view was last told)
 * </pre>
 *
 * The first half ({@link BranchClaims}, in the analyze processor, which already holds every branch's files) is
 * partitioned like the events (by repository), the second by revision id: the claims topic is the re-partition, as
 * Kafka Streams' own {@code repartition()} would do it, so any number of analyzer instances each hold a share of the
 * revision ids and every claim of one id meets the others in one store.
 */
public final class OrgTopology {
    private OrgTopology() {}

    public static final String CLAIMS_SINK = "org-claims-sink";
    public static final String CLAIMS_SOURCE = "org-claims-source";
    public static final String COLLISIONS_PROCESSOR = "org-collisions";
    public static final String FINDINGS_SINK = "org-findings-sink";
    /** Per branch, what each file declared when the organisation view was last told ({@link BranchClaims.Told}). */
    public static final String CLAIMED_STORE = "revchain-org-claimed";
    /** The global store: revision id → every file of every branch declaring it. */
    public static final String REVISIONS_STORE = "revchain-org-revisions";

    /** Adds the organisation view to {@code t}, its claims sent by the processor named {@code analyze}. */
    @SuppressWarnings("unchecked")
    static void addTo(Topology t, String analyze, Clock clock, boolean exactlyOnce) {
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CLAIMED_STORE),
                        Serdes.String(),
                        new StoreSerde<>(BranchClaims.Told.class)),
                analyze);
        t.addSink(
                CLAIMS_SINK,
                Topics.ORG_CLAIMS.name(),
                Serdes.String().serializer(),
                (Serializer<Object>)
                        (Serializer<?>) Topics.ORG_CLAIMS.valueSerde().serializer(),
                analyze);
        t.addSource(
                CLAIMS_SOURCE,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                Topics.ORG_CLAIMS.name());
        t.addProcessor(COLLISIONS_PROCESSOR, () -> new OrgCollisionProcessor(clock, exactlyOnce), CLAIMS_SOURCE);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(REVISIONS_STORE),
                        Serdes.String(),
                        new StoreSerde<>(OrgCollisionProcessor.OrgClaims.class)),
                COLLISIONS_PROCESSOR);
        t.addSink(
                FINDINGS_SINK,
                Topics.ORG_FINDINGS.name(),
                Serdes.String().serializer(),
                (Serializer<OrgFinding>) Topics.ORG_FINDINGS.valueSerde().serializer(),
                COLLISIONS_PROCESSOR);
    }
}
