package io.revchain.analyzer.stream;

import io.revchain.event.OrgFinding;
import io.revchain.event.RevisionClaim;
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
 *   migration-events ──► org-claims ──► revchain.org-claims (key: revision id) ──► org-collisions ──► revchain.org-findings
 *                         │                                                        │                  (key: revision id,
 *          revchain-org-files, revchain-org-pending                        revchain-org-revisions        compacted)
 *          (repo@branch\0path → revision, blob)                            (revision id → every file declaring it)
 * </pre>
 *
 * The first half is partitioned like the events (by repository), the second by revision id: the claims topic is the
 * re-partition, as Kafka Streams' own {@code repartition()} would do it, so any number of analyzer instances each
 * hold a share of the revision ids and every claim of one id meets the others in one store.
 */
public final class OrgTopology {
    private OrgTopology() {}

    public static final String CLAIMS_PROCESSOR = "org-claims";
    public static final String CLAIMS_SINK = "org-claims-sink";
    public static final String CLAIMS_SOURCE = "org-claims-source";
    public static final String COLLISIONS_PROCESSOR = "org-collisions";
    public static final String FINDINGS_SINK = "org-findings-sink";
    /** What each file of each branch declares now: {@code repo@branch\0path} → {@code revision\0blob\0commit}. */
    public static final String FILES_STORE = "revchain-org-files";
    /** What the files changed by the commit in progress declared before it. */
    public static final String PENDING_STORE = "revchain-org-pending";
    /** The global store: revision id → every file of every branch declaring it. */
    public static final String REVISIONS_STORE = "revchain-org-revisions";

    /** Adds the organisation view to {@code t}, fed by the events source named {@code eventsSource}. */
    @SuppressWarnings("unchecked")
    static void addTo(Topology t, String eventsSource, Clock clock, boolean exactlyOnce) {
        t.addProcessor(CLAIMS_PROCESSOR, OrgClaimsProcessor::new, eventsSource);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FILES_STORE), Serdes.String(), Serdes.String()),
                CLAIMS_PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.String()),
                CLAIMS_PROCESSOR);
        t.addSink(
                CLAIMS_SINK,
                Topics.ORG_CLAIMS.name(),
                Serdes.String().serializer(),
                (Serializer<RevisionClaim>) Topics.ORG_CLAIMS.valueSerde().serializer(),
                CLAIMS_PROCESSOR);
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
