package io.revchain.analyzer.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.event.EventJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the analyzer's own state-store values (not events: they carry no schema version and never leave the
 * analyzer's changelog topics), in the pipeline's one Jackson configuration.
 */
final class StoreSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = EventJson.mapper();
    private final Class<T> type;

    StoreSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
