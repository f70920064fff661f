package io.revchain.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the revchain pipeline, with its key and value serdes: the one place that pairs a topic name
 * with its wire format, so producers and consumers cannot disagree.
 *
 * <p>Keys are strings: the repository id where all of a repository's events must stay in order, and
 * {@link BranchKey repo@branch} on the compacted per-branch topics so that each branch keeps its latest value.
 */
public final class Topics {
    private Topics() {}

    /**
     * The largest event value a service publishes. Kafka's own limits are left at their defaults (producer
     * {@code max.request.size} 1,048,576 bytes; broker {@code message.max.bytes} and topic {@code max.message.bytes}
     * 1,048,588), since an external cluster keeps them too; this leaves room under them for the key, headers and
     * batch overhead. A file whose parsed event is larger is published as an {@code unparseable-file} finding.
     */
    public static final int MAX_EVENT_BYTES = 1_000_000;

    /** Default partition count of the keyed data topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** {@link MigrationEvent}s from ingest; key = repository id (one repository's events stay in order). */
    public static final Topic<String, MigrationEvent> MIGRATION_EVENTS = new Topic<>(
            "revchain.migration-events",
            Serdes.String(),
            JsonSerde.of(MigrationEvent.class),
            false,
            DEFAULT_PARTITIONS);

    /** Latest {@link HealthReport} per branch; key = {@code repo@branch}; compacted. */
    public static final Topic<String, HealthReport> HEALTH =
            new Topic<>("revchain.health", Serdes.String(), JsonSerde.of(HealthReport.class), true, DEFAULT_PARTITIONS);

    /** Latest {@link FixProposal} per branch; key = {@code repo@branch}; compacted. */
    public static final Topic<String, FixProposal> FIX_PROPOSALS = new Topic<>(
            "revchain.fix-proposals", Serdes.String(), JsonSerde.of(FixProposal.class), true, DEFAULT_PARTITIONS);

    /** Periodic {@link ComplianceSnapshot}s; key = reporting instance id; one partition keeps them in time order. */
    public static final Topic<String, ComplianceSnapshot> COMPLIANCE =
            new Topic<>("revchain.compliance", Serdes.String(), JsonSerde.of(ComplianceSnapshot.class), false, 1);

    /** {@link DeadLetter}s; key = the unreadable record's key. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("revchain.dead-letters", Serdes.String(), JsonSerde.of(DeadLetter.class), false, 1);

    /** Last published commit per branch ({@link IngestState}); key = {@code repo@branch}; compacted. */
    public static final Topic<String, IngestState> INGEST_STATE = new Topic<>(
            "revchain.ingest-state", Serdes.String(), JsonSerde.of(IngestState.class), true, DEFAULT_PARTITIONS);

    /**
     * The organisation's repositories ({@link RepositoryRecord}); key = repository id; compacted, a tombstone removes
     * one. Every ingest instance joins one consumer group on it and polls the repositories of its partitions.
     */
    public static final Topic<String, RepositoryRecord> REPOSITORIES = new Topic<>(
            "revchain.repositories", Serdes.String(), JsonSerde.of(RepositoryRecord.class), true, DEFAULT_PARTITIONS);

    /**
     * {@link PushTrigger}s from verified push webhooks; key = repository id. It has as many partitions as
     * {@link #REPOSITORIES} and both are written with the default partitioner on the same string key, so a
     * repository's trigger lands on the partition number its record is on: the ingest instance assigned that
     * partition of {@code revchain.repositories} reads the same partition here (assigned by hand, not through the
     * group, since the group's cooperative-sticky assignor does not keep two topics co-partitioned). Ingest refuses to
     * start when the two counts differ. Not compacted: a trigger only matters for a moment.
     */
    public static final Topic<String, PushTrigger> INGEST_TRIGGERS = new Topic<>(
            "revchain.ingest-triggers", Serdes.String(), JsonSerde.of(PushTrigger.class), false, DEFAULT_PARTITIONS);

    /**
     * Each environment's last {@link DeploymentObserved} (what its database has applied); key =
     * {@code repo@environment}, written to the repository's partition ({@link DeploymentObserved#partition(int)}, the
     * partition of the key {@code repo}, so it is co-partitioned with {@link #MIGRATION_EVENTS}); compacted. Compacted
     * on that key because an analyzer or repairer started later must still know every environment's last
     * observation, however long ago a CD pipeline last reported one: a time-retained topic keyed by repository would
     * lose an environment that has not reported within the retention, and compaction on the repository alone would
     * keep only the repository's last environment.
     */
    public static final Topic<String, DeploymentObserved> DEPLOYMENTS = new Topic<>(
            "revchain.deployments", Serdes.String(), JsonSerde.of(DeploymentObserved.class), true, DEFAULT_PARTITIONS);

    private static final List<Topic<?, ?>> ALL = List.of(
            REPOSITORIES,
            INGEST_TRIGGERS,
            MIGRATION_EVENTS,
            DEPLOYMENTS,
            HEALTH,
            FIX_PROPOSALS,
            COMPLIANCE,
            DEAD_LETTERS,
            INGEST_STATE);

    /** Every topic, in pipeline order. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    /** The topic called {@code name}, if it is one of ours. */
    public static Optional<Topic<?, ?>> named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Creates every topic that does not exist yet (an existing topic is left as it is).
     *
     * @param partitions  partition count for every topic, or empty for each topic's default
     * @param replication replication factor, or empty for the broker's default
     * @param timeout     how long to wait for the cluster
     * @return the names of the topics this call created
     * @throws KafkaException when the cluster refuses or does not answer in time
     */
    public static List<String> create(
            Admin admin, Optional<Integer> partitions, Optional<Short> replication, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : ALL) {
                if (!existing.contains(t.name())) {
                    missing.add(t.newTopic(partitions, replication));
                }
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (NewTopic t : missing) {
                try {
                    results.get(t.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(t.name());
                } catch (ExecutionException e) {
                    // another service created it between our list and our create: that is the goal reached
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, created, System.nanoTime() + timeout.toNanos());
            return List.copyOf(created);
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "cannot create the revchain topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot create the revchain topics: no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the revchain topics", e);
        }
    }

    /**
     * Waits until every partition of the topics just created has a leader: a creation is acknowledged by the
     * controller before the brokers serve it, and a producer that bursts into a partition still being set up can be
     * left retrying out-of-order sequences.
     */
    private static void awaitLeaders(Admin admin, List<String> topics, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (!topics.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("partitions without a leader");
            }
            try {
                boolean ready =
                        admin.describeTopics(topics).allTopicNames().get(left, TimeUnit.NANOSECONDS).values().stream()
                                .allMatch(d -> d.partitions().stream()
                                        .allMatch(p -> p.leader() != null
                                                && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // the broker answering may not know the new topic yet: that is "not ready", not a failure
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            Thread.sleep(20);
        }
    }

    /** {@link #create(Admin, Optional, Optional, Duration)} with explicit partitions and replication. */
    public static List<String> create(Admin admin, int partitions, short replication) {
        return create(admin, Optional.of(partitions), Optional.of(replication), Duration.ofSeconds(30));
    }
}
