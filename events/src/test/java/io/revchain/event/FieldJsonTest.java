package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A field's resolved-constant origin travels in events only when there is one. */
class FieldJsonTest {

    @Test
    void theOriginIsInTheJsonOnlyWhenThereIsOne() throws Exception {
        ObjectMapper json = EventJson.mapper();
        Field plain = new Field(
                "branch_labels", FieldState.LITERAL, List.of("expand"), 3, 10, 19, "('expand',)", false, false);
        Field resolved = new Field(
                "branch_labels",
                FieldState.LITERAL,
                List.of("expand"),
                3,
                10,
                30,
                "(cli.EXPAND_BRANCH,)",
                false,
                false,
                "mypkg/cli.py:1 EXPAND_BRANCH");
        assertThat(json.writeValueAsString(plain)).doesNotContain("origin");
        assertThat(json.writeValueAsString(resolved)).contains("\"origin\":\"mypkg/cli.py:1 EXPAND_BRANCH\"");
        assertThat(json.readValue(json.writeValueAsBytes(resolved), Field.class))
                .isEqualTo(resolved);
        assertThat(json.readValue(json.writeValueAsBytes(plain), Field.class)).isEqualTo(plain);
        // left out by any mapper, not only by the events' one
        assertThat(new ObjectMapper().writeValueAsString(plain)).doesNotContain("origin");
        assertThat(new ObjectMapper().writeValueAsString(resolved)).contains("origin");
    }
}
