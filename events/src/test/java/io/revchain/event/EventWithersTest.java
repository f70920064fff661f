package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.MigrationScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories and withers of the events build what the full constructors built, field for field. */
class EventWithersTest {

    @Test
    void anUnreachedRepositorysReportIsUnavailableWithNothingCounted() {
        HealthReport r = HealthReport.unreachable("acgs2-core", "main", EventFixtures.ANALYZED);
        assertThat(r)
                .isEqualTo(new HealthReport(
                        EventSchema.CURRENT,
                        "acgs2-core",
                        "main",
                        null,
                        0,
                        List.of(),
                        List.of(),
                        List.of(),
                        HealthStatus.UNAVAILABLE,
                        null,
                        null,
                        EventFixtures.ANALYZED,
                        null,
                        null,
                        null,
                        null,
                        null));
        assertThat(r.isMergePreview()).isFalse();
    }

    @Test
    void withScriptChangesOnlyTheScript() {
        FileChanged e = EventFixtures.fileChangedInChain();
        MigrationScript other = new MigrationScript(
                e.path(),
                Field.absent("revision"),
                Field.absent("down_revision"),
                Field.absent("branch_labels"),
                Field.absent("depends_on"),
                Docstring.NONE,
                false,
                List.of());
        FileChanged changed = e.withScript(other);
        assertThat(changed.script()).isEqualTo(other);
        assertThat(changed).usingRecursiveComparison().ignoringFields("script").isEqualTo(e);
    }

    @Test
    void withNotesChangesOnlyTheNotes() {
        FixProposal p = EventFixtures.fixProposal();
        FixProposal noted = p.withNotes(List.of("left alone"));
        assertThat(noted.notes()).containsExactly("left alone");
        assertThat(noted).usingRecursiveComparison().ignoringFields("notes").isEqualTo(p);
    }
}
