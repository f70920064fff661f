package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void registersEveryTopicOnceWithTheRightCleanupPolicy() {
        assertThat(Topics.all())
                .extracting(Topic::name)
                .containsExactly(
                        "revchain.repositories",
                        "revchain.ingest-triggers",
                        "revchain.migration-events",
                        "revchain.deployments",
                        "revchain.health",
                        "revchain.fix-proposals",
                        "revchain.compliance",
                        "revchain.dead-letters",
                        "revchain.ingest-state");
        assertThat(Topics.all())
                .filteredOn(Topic::compacted)
                .extracting(Topic::name)
                .containsExactlyInAnyOrder(
                        "revchain.repositories",
                        "revchain.deployments",
                        "revchain.health",
                        "revchain.fix-proposals",
                        "revchain.ingest-state");
        assertThat(Topics.HEALTH.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.MIGRATION_EVENTS.configs()).containsEntry("cleanup.policy", "delete");
    }

    @Test
    void eachTopicCarriesTheSerdeOfItsEvent() {
        assertThat(((JsonSerde<?>) Topics.MIGRATION_EVENTS.valueSerde()).type()).isEqualTo(MigrationEvent.class);
        assertThat(((JsonSerde<?>) Topics.HEALTH.valueSerde()).type()).isEqualTo(HealthReport.class);
        assertThat(((JsonSerde<?>) Topics.FIX_PROPOSALS.valueSerde()).type()).isEqualTo(FixProposal.class);
        assertThat(((JsonSerde<?>) Topics.COMPLIANCE.valueSerde()).type()).isEqualTo(ComplianceSnapshot.class);
        assertThat(((JsonSerde<?>) Topics.DEAD_LETTERS.valueSerde()).type()).isEqualTo(DeadLetter.class);
        assertThat(((JsonSerde<?>) Topics.INGEST_STATE.valueSerde()).type()).isEqualTo(IngestState.class);
        assertThat(((JsonSerde<?>) Topics.REPOSITORIES.valueSerde()).type()).isEqualTo(RepositoryRecord.class);
        assertThat(((JsonSerde<?>) Topics.INGEST_TRIGGERS.valueSerde()).type()).isEqualTo(PushTrigger.class);
        assertThat(Topics.INGEST_TRIGGERS.partitions()).isEqualTo(Topics.REPOSITORIES.partitions());
        assertThat(((JsonSerde<?>) Topics.DEPLOYMENTS.valueSerde()).type()).isEqualTo(DeploymentObserved.class);
        assertThat(Topics.DEPLOYMENTS.partitions()).isEqualTo(Topics.MIGRATION_EVENTS.partitions());
        assertThat(Topics.named("revchain.health")).contains(Topics.HEALTH);
        assertThat(Topics.named("other")).isEmpty();
    }

    @Test
    void creationRequestUsesDefaultsOrOverrides() {
        NewTopic byDefault = Topics.COMPLIANCE.newTopic(Optional.empty(), Optional.empty());
        assertThat(byDefault.numPartitions()).isEqualTo(1);
        assertThat(byDefault.replicationFactor()).isEqualTo((short) -1);
        NewTopic overridden = Topics.HEALTH.newTopic(Optional.of(12), Optional.of((short) 3));
        assertThat(overridden.numPartitions()).isEqualTo(12);
        assertThat(overridden.replicationFactor()).isEqualTo((short) 3);
        assertThat(overridden.configs()).containsEntry("cleanup.policy", "compact");
    }
}
