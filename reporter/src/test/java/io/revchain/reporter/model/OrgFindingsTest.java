package io.revchain.reporter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.event.OrgFinding;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgFindingsTest {

    private static OrgFinding finding(String id, String kind, boolean handTyped, String... repos) {
        return new OrgFinding(
                id,
                kind,
                handTyped,
                List.of(repos),
                List.of(repos).stream()
                        .map(r -> new OrgFinding.Location(r, "main", "versions/" + id + ".py", "b"))
                        .toList(),
                "m",
                Instant.EPOCH);
    }

    @Test
    void keepsTheLatestFindingPerRevisionAndATombstoneRemovesIt() {
        OrgFindings org = new OrgFindings();
        assertThat(org.view().findings()).isEmpty();
        assertThat(org.view().byKind()).containsEntry("identical-copy", 0L).containsEntry("diverged", 0L);

        org.apply("1975ea83b712", finding("1975ea83b712", OrgFinding.IDENTICAL_COPY, false, "org/a", "org/b"));
        org.apply("0001", finding("0001", OrgFinding.DIVERGED, true, "org/b", "org/c"));
        org.apply("1975ea83b712", finding("1975ea83b712", OrgFinding.DIVERGED, false, "org/a", "org/b"));
        OrgFindings.View v = org.view();
        assertThat(v.findings()).extracting(OrgFinding::revision).containsExactly("0001", "1975ea83b712");
        assertThat(v.byKind()).containsEntry("diverged", 2L).containsEntry("identical-copy", 0L);
        assertThat(v.handTyped()).isEqualTo(1);
        assertThat(v.revisionsByRepo())
                .containsEntry("org/a", List.of("1975ea83b712"))
                .containsEntry("org/b", List.of("0001", "1975ea83b712"))
                .containsEntry("org/c", List.of("0001"));
        // one repository's part
        assertThat(v.of("org/c").findings()).extracting(OrgFinding::revision).containsExactly("0001");
        assertThat(v.of("org/nobody").findings()).isEmpty();

        org.apply("0001", null);
        assertThat(org.view().findings()).extracting(OrgFinding::revision).containsExactly("1975ea83b712");
        assertThat(org.view().revisionsByRepo()).doesNotContainKey("org/c");
        // a tombstone for an id never seen, or a record without key or value, changes nothing
        org.apply("never", null);
        org.apply(null, null);
        assertThat(org.view().findings()).hasSize(1);
    }
}
