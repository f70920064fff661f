package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class DeploymentObservedTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void isKeyedByEnvironmentAndWrittenToTheRepositorysPartition() {
        DeploymentObserved o = DeploymentObserved.read("acgs2-core", "prod", null, List.of("a1"), "poll", AT);
        assertThat(o.key()).isEqualTo("acgs2-core@prod");
        assertThat(BranchKey.parse(o.key())).isEqualTo(new BranchKey("acgs2-core", "prod"));
        // the partition Kafka's default partitioner gives the repository id, for every repository and count tried
        for (String repo : List.of("acgs2-core", "a", "billing", "svc-ü", "x".repeat(200))) {
            for (int n = 1; n <= 12; n++) {
                assertThat(DeploymentObserved.partition(repo, n))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(repo.getBytes(StandardCharsets.UTF_8), n));
            }
        }
        assertThat(o.partition(3)).isEqualTo(DeploymentObserved.partition("acgs2-core", 3));
    }

    @Test
    void aProblemComesWithItsMessageAndNoRows() {
        DeploymentObserved f = DeploymentObserved.failed("r", "prod", null, "timeout", "statement timeout", AT);
        assertThat(f.readable()).isFalse();
        assertThat(f.applied()).isEmpty();
        assertThat(f.source()).isEqualTo(DeploymentObserved.POLL);
        assertThatThrownBy(() -> new DeploymentObserved("r", "prod", null, List.of(), "timeout", null, "poll", AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeploymentObserved("r", "prod", null, List.of("a"), "timeout", "m", "poll", AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DeploymentObserved.read("r", "prod", null, null, "push", AT).applied())
                .isEmpty();
    }

    @Test
    void refusesNamesThatWouldBreakTheKeyOrTheSource() {
        assertThatThrownBy(() -> DeploymentObserved.read("a@b", "prod", null, List.of(), "poll", AT))
                .hasMessageContaining("repository id");
        assertThatThrownBy(() -> DeploymentObserved.read("r", "pr od", null, List.of(), "poll", AT))
                .hasMessageContaining("environment");
        assertThatThrownBy(() -> DeploymentObserved.read("r", "", null, List.of(), "poll", AT))
                .hasMessageContaining("environment");
        assertThatThrownBy(() -> DeploymentObserved.read("r", "prod", null, List.of(), "cron", AT))
                .hasMessageContaining("poll or push");
        assertThat(DeploymentObserved.validEnvironment("prod-eu.2_b")).isTrue();
    }
}
