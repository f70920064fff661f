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

    @Test
    void suppressionCommentsTravelWithTheFileAndNoneIsWrittenAsBefore() {
        FileChanged plain = EventFixtures.fileChanged();
        var comments = io.revchain.core.adoption.Suppressions.scan(
                plain.path(), "# revchain: ignore[missing-down-revision] -- squashed\nrevision = 'a'\n");
        FileChanged with = plain.withSuppressions(comments);

        // the comments round-trip through the wire format, and nothing else changes
        JsonSerde<MigrationEvent> serde = (JsonSerde<MigrationEvent>) Topics.MIGRATION_EVENTS.valueSerde();
        assertThat(serde.read(serde.write(with))).isEqualTo(with);
        assertThat(with.suppressions()).isEqualTo(comments).hasSize(1);
        assertThat(with.withSuppressions(null)).isEqualTo(plain);

        // no comments (null or empty) is the event as it was written before comments were carried
        assertThat(plain.withSuppressions(List.of())).isEqualTo(plain);
        assertThat(new String(serde.write(plain.withSuppressions(List.of())), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("suppressions");
    }
}
