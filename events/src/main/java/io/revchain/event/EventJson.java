package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for every event on every topic, so that all services agree on the wire format.
 *
 * <ul>
 *   <li>Instants are ISO-8601 strings in UTC ({@code "2026-03-01T12:00:00Z"}, {@link java.time.Instant#toString()}
 *   form, nanoseconds kept when present): readable in a console consumer, exact on a round trip. That form is
 *   written and read without a {@code DateTimeFormatter} ({@link InstantJson}).</li>
 *   <li>{@code null} fields are left out; absent fields read back as {@code null} (or an empty list).</li>
 *   <li>Only record components are properties: helper methods such as {@code isError()} are never written.</li>
 *   <li>Map entries are written sorted by key, so equal events give equal bytes.</li>
 *   <li>Unknown properties are ignored when reading (an additive change keeps {@link EventSchema#CURRENT});
 *   a missing primitive or a {@code null} for one is an error, not a silent 0.</li>
 * </ul>
 */
public final class EventJson {
    private EventJson() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(InstantJson.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** A private copy of the configured mapper (the shared one is never handed out, so nobody can reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    static ObjectMapper shared() {
        return MAPPER;
    }
}
