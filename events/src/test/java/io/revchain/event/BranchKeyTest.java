package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BranchKeyTest {

    @Test
    void buildsAndSplitsRepoAtBranch() {
        assertThat(BranchKey.of("acgs2/core", "main")).isEqualTo("acgs2/core@main");
        assertThat(BranchKey.parse("acgs2/core@main")).isEqualTo(new BranchKey("acgs2/core", "main"));
    }

    @Test
    void aBranchMayContainTheSeparator() {
        // git allows '@' inside a branch name; the repository id never has one, so the first '@' splits
        BranchKey k = BranchKey.parse("svc@release@2026");
        assertThat(k.repo()).isEqualTo("svc");
        assertThat(k.branch()).isEqualTo("release@2026");
        assertThat(BranchKey.parse(k.value())).isEqualTo(k);
    }

    @Test
    void refusesWhatCannotRoundTrip() {
        assertThatThrownBy(() -> BranchKey.of("a@b", "main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a@b");
        assertThatThrownBy(() -> BranchKey.parse("no-branch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-branch");
        assertThatThrownBy(() -> BranchKey.parse("@main")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BranchKey.parse("repo@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perBranchEventsUseTheKey() {
        assertThat(EventFixtures.healthReport().key()).isEqualTo("acgs2-core@main");
        assertThat(EventFixtures.fixProposal().key()).isEqualTo("acgs2-core@main");
        assertThat(EventFixtures.ingestState().key()).isEqualTo("acgs2-core@main");
    }
}
