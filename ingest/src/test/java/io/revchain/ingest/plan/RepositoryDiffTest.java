package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.config.RepositorySpec;
import io.revchain.event.RepositoryRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryDiffTest {

    private static RepositoryRecord repo(String id) {
        return RepositoryRecord.of(RepositorySpec.of(id, "/srv/git/" + id + ".git"));
    }

    @Test
    void writesWhatIsNewOrChangedAndTombstonesWhatTheFileNoLongerLists() {
        // Given the topic with a, b and c, and a file with a (unchanged), b (a new branch) and d
        Map<String, RepositoryRecord> current = Map.of("a", repo("a"), "b", repo("b"), "c", repo("c"));
        RepositoryRecord b2 =
                RepositoryRecord.of(RepositorySpec.of("b", "/srv/git/b.git").withBranches(List.of("main", "release")));

        // When they are compared
        RepositoryDiff d = RepositoryDiff.between(current, List.of(repo("a"), b2, repo("d")));

        // Then b and d are written, c is tombstoned, a is left alone
        assertThat(d.added()).containsExactly("d");
        assertThat(d.edited()).containsExactly("b");
        assertThat(d.removed()).containsExactly("c");
        assertThat(d.unchanged()).isEqualTo(1);
        assertThat(d.writes()).containsOnlyKeys("b", "d", "c");
        assertThat(d.writes().get("c")).isNull();
        assertThat(d.writes().get("b")).isEqualTo(b2);

        // And syncing the same file again writes nothing
        assertThat(RepositoryDiff.between(
                                Map.of("a", repo("a"), "b", b2, "d", repo("d")), List.of(repo("a"), b2, repo("d")))
                        .empty())
                .isTrue();
    }
}
