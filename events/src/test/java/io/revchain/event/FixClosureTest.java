package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixClosureTest {

    @Test
    void the_wire_format_is_this_json() {
        FixClosure c = new FixClosure("a1b2c3", List.of("revchain/fix-main-1a2b3c4"));
        assertThat(new String(c.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"commit\":\"a1b2c3\",\"merged\":[\"revchain/fix-main-1a2b3c4\"]}");
        assertThat(FixClosure.HEADER).isEqualTo("revchain-fix-closed");
    }

    @Test
    void reads_back_and_ignores_what_it_does_not_know() {
        FixClosure c =
                FixClosure.fromBytes("{\"commit\":\"c9\",\"merged\":[],\"later\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(c).isEqualTo(new FixClosure("c9", List.of()));
        assertThat(FixClosure.fromBytes(new FixClosure("c1", null).toBytes()).merged())
                .isEmpty();
        assertThat(FixClosure.fromBytes("{\"commit\":\"c2\"}".getBytes(StandardCharsets.UTF_8))
                        .merged())
                .isEmpty();
    }

    @Test
    void an_unreadable_header_is_named_without_quoting_it() {
        assertThatThrownBy(() -> FixClosure.fromBytes("secret-ish {".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unreadable revchain-fix-closed header (12 bytes)");
        assertThatThrownBy(() -> FixClosure.fromBytes("{\"merged\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
