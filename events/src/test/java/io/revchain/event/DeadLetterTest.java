package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void textValuesAreKeptAsText() {
        assertThat(DeadLetter.preview("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"a\":\"é\"}");
        assertThat(DeadLetter.preview(null)).isNull();
        assertThat(DeadLetter.preview(new byte[0])).isEmpty();
    }

    @Test
    void longValuesAreCutAtOneKibibyteWithoutBreakingACharacter() {
        // Given 1023 ASCII bytes followed by a 2-byte 'é' that straddles the limit
        String text = "x".repeat(1023) + "é" + "y".repeat(500);
        String preview = DeadLetter.preview(text.getBytes(StandardCharsets.UTF_8));
        // Then the cut character is dropped rather than turning the preview into Base64
        assertThat(preview).isEqualTo("x".repeat(1023));
        assertThat(DeadLetter.preview("z".repeat(5000).getBytes(StandardCharsets.UTF_8)))
                .hasSize(1024);
    }

    @Test
    void binaryValuesAreBase64() {
        byte[] binary = new byte[2000];
        Arrays.fill(binary, (byte) 0xC3); // lead bytes only: never valid UTF-8
        DeadLetter d = DeadLetter.of("t", 0, 5L, null, binary, "malformed-json", Instant.EPOCH);
        assertThat(d.previewIsBase64()).isTrue();
        assertThat(d.previewBytes()).isEqualTo(Arrays.copyOf(binary, 1024));
        assertThat(d.key()).isNull();
        assertThat(DeadLetter.preview(new byte[] {'a', 0, 'b'})).startsWith(DeadLetter.BASE64_PREFIX);
    }

    @Test
    void aDeadLetterRoundTrips() {
        DeadLetter d = DeadLetter.of(
                "revchain.health",
                1,
                7L,
                "r@main".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, (byte) 0xff},
                "malformed-json: HealthReport: x",
                Instant.parse("2026-01-01T00:00:00Z"));
        JsonSerde<DeadLetter> serde = JsonSerde.of(DeadLetter.class);
        assertThat(serde.read(serde.write(d))).isEqualTo(d);
        assertThat(d.key()).isEqualTo("r@main");
        assertThat(d.previewBytes()).containsExactly(1, 2, 0xff);
    }
}
