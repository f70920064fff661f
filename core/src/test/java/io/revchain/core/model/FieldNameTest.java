package io.revchain.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNameTest {

    @Test
    void aWatchedNameIsSharedAndAnyOtherKeptAsGiven() {
        // Given names built at run time, as a JSON reader builds them
        for (String watched : List.of("revision", "down_revision", "branch_labels", "depends_on")) {
            Field f = new Field(
                    new String(watched.toCharArray()), FieldState.LITERAL, List.of("a"), 3, 0, 3, "'a'", false, false);
            // Then the field holds the one shared instance, equal to what was given
            assertThat(f.name()).isEqualTo(watched).isSameAs(watched);
        }
        String other = new String("revises".toCharArray());
        assertThat(new Field(other, FieldState.ABSENT, null, 0, -1, -1, null, false, false).name())
                .isSameAs(other);
        assertThat(new Field(null, FieldState.ABSENT, null, 0, -1, -1, null, false, false).name())
                .isNull();
    }
}
