package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct instant form must be exactly what Jackson's {@code JavaTimeModule} writes and reads. */
class InstantJsonTest {

    /** The events' configuration without {@link InstantJson}: the reference. */
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private static final ObjectMapper OURS = EventJson.shared();

    record Stamp(Instant at) {}

    record Formatted(
            @com.fasterxml.jackson.annotation.JsonFormat(pattern = "yyyy-MM-dd", timezone = "UTC")
            Instant on) {}

    @Test
    void formatsEveryInstantLikeInstantToString() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // Given an instant from year -5000 to 12000, with 0, 3, 6 or 9 significant fraction digits
            long seconds = -220_000_000_000L + (long) (rnd.nextDouble() * 600_000_000_000L);
            int nano = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1000;
                default -> rnd.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nano);
            // Then the text is Instant.toString(), and reads back to the same instant
            String text = InstantJson.format(t);
            assertThat(text).isEqualTo(t.toString());
            Instant back = InstantJson.parse(text);
            if (back != null) {
                assertThat(back).isEqualTo(t);
            } else {
                assertThat(text).as("only years 1000-9999 are read directly").doesNotMatch("[1-9]\\d{3}-.*");
            }
        }
        assertThat(InstantJson.parse("0999-12-31T23:59:59Z"))
                .as("years before 1000 are left to Jackson")
                .isNull();
    }

    @Test
    void readsAndWritesLikeJavaTimeModule() throws Exception {
        List<String> texts = List.of(
                "2026-03-01T12:00:00Z",
                "2026-03-01T12:00:00.1Z",
                "2026-03-01T12:00:00.123456789Z",
                "2024-02-29T23:59:59.999Z",
                "2023-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-03-01T24:00:00Z",
                "2016-12-31T23:59:60Z",
                "2026-03-01t12:00:00z",
                " 2026-03-01T12:00:00Z ",
                "2026-03-01T12:00:00.Z",
                "2026-03-01T12:00:00.1234567890Z",
                "2026-03-01T12:00:00+00:00",
                "2026-03-01T12:00:00+01:00",
                "0999-12-31T23:59:59Z",
                "+12026-03-01T12:00:00Z",
                "1700000000",
                "1700000000.5",
                "",
                "yesterday",
                "2026-03-01 12:00:00Z",
                "2026-3-01T12:00:00Z",
                "２０２６-03-01T12:00:00Z");
        for (String text : texts) {
            String json = "{\"at\":" + OURS.writeValueAsString(text) + "}";
            // When both read the same text
            Object expected = outcome(JACKSON, json);
            Object actual = outcome(OURS, json);
            // Then they agree on the value, or fail with the same message
            assertThat(actual).as(text).isEqualTo(expected);
            if (expected instanceof Stamp s && s.at() != null) {
                assertThat(OURS.writeValueAsString(s)).isEqualTo(JACKSON.writeValueAsString(s));
            }
        }
        for (String json : List.of(
                "{\"at\":1700000000}",
                "{\"at\":1700000000.123456789}",
                "{\"at\":null}",
                "{\"at\":true}",
                "{\"at\":[2026]}",
                "{\"at\":-1.5}")) {
            assertThat(outcome(OURS, json)).as(json).isEqualTo(outcome(JACKSON, json));
        }
    }

    @Test
    void theEventMapperUsesTheDirectForm() throws Exception {
        assertThat(OURS.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(InstantJson.Writer.class);
        Instant t = Instant.parse("2026-03-01T12:00:00.120Z");
        assertThat(OURS.writeValueAsString(new Stamp(t))).isEqualTo("{\"at\":\"2026-03-01T12:00:00.120Z\"}");
        assertThat(OURS.readValue("{\"at\":\"2026-03-01T12:00:00.120Z\"}", Stamp.class)
                        .at())
                .isEqualTo(t);
    }

    @Test
    void anEventsInstantPropertiesAreWrittenInTheDirectFormAndAFormattedOneByJackson() throws Exception {
        // Jackson makes a contextual copy of its serializer for each property: the direct form must survive that
        assertThat(propertySerializer(Stamp.class)).isInstanceOf(InstantJson.Writer.class);
        assertThat(propertySerializer(HealthReport.class)).isInstanceOf(InstantJson.Writer.class);
        // a property with its own @JsonFormat keeps Jackson's serializer, and its format
        assertThat(propertySerializer(Formatted.class)).isNotInstanceOf(InstantJson.Writer.class);
        assertThat(OURS.writeValueAsString(new Formatted(Instant.parse("2026-03-01T12:00:00Z"))))
                .isEqualTo("{\"on\":\"2026-03-01\"}");
    }

    /** The serializer of the first Instant property of {@code type}, as Jackson resolved it. */
    private static Object propertySerializer(Class<?> type) throws Exception {
        var bean = OURS.getSerializerProviderInstance().findValueSerializer(type);
        for (var it = bean.properties(); it.hasNext(); ) {
            var w = (BeanPropertyWriter) it.next();
            if (w.getType().getRawClass() == Instant.class) {
                return w.getSerializer();
            }
        }
        throw new AssertionError("no Instant property in " + type);
    }

    private static Object outcome(ObjectMapper m, String json) {
        try {
            return m.readValue(json, Stamp.class);
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("\\(through reference chain.*", "");
        }
    }
}
