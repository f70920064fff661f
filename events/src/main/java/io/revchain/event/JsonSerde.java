package io.revchain.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka serde for one event type, in the JSON format {@link EventJson} fixes.
 *
 * <p>Reading decides, in this order: a {@code null} value (a tombstone) is {@code null}; the bytes must be one JSON
 * object ({@link EventReadException.Reason#MALFORMED_JSON}); its {@code schema} must be an integer this build
 * reads ({@link EventReadException.Reason#UNKNOWN_SCHEMA}); a {@link MigrationEvent} needs a known {@code type}
 * ({@link EventReadException.Reason#UNKNOWN_TYPE}); required fields must be present
 * ({@link EventReadException.Reason#MISSING_FIELD}) and every value of the right kind
 * ({@link EventReadException.Reason#INVALID_VALUE}). Nothing else escapes the deserializer.
 *
 * <p>Instances are immutable and thread-safe; {@link #serializer()} and {@link #deserializer()} return the same
 * stateless objects every time.
 *
 * @param <T> the event type ({@link MigrationEvent} for the polymorphic topic)
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    /** {@link #reader} failing on a key twice in one object: what the direct read uses. */
    private final ObjectReader strictReader;

    private final ObjectWriter writer;
    private final Serializer<T> serializer = (topic, value) -> write(value);
    private final Deserializer<T> deserializer = (topic, bytes) -> read(bytes);

    private JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.reader = EventJson.shared().readerFor(type);
        this.strictReader = reader.with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.writer = EventJson.shared().writerFor(type);
    }

    /** The serde for {@code type}. */
    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    /** The event type this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** The JSON bytes of {@code value}; {@code null} (a tombstone) stays {@code null}. */
    public byte[] write(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON text of {@code value}. */
    public String writeString(T value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads one event; {@code null} bytes give {@code null}.
     *
     * @throws EventReadException when the bytes are not a readable event of this type
     */
    public T read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        T direct = readDirect(bytes);
        return direct != null ? direct : readTwoPass(bytes);
    }

    /**
     * Scans tokens only. Keys seen twice are caught by the direct read's own parser ({@link #strictReader}), not
     * here: a duplicate detector in both passes made reading an event cost twice what the value read alone does.
     */
    private static final JsonFactory SCAN = JsonFactory.builder().build();

    /**
     * The value read in one pass (no tree), when it is sure to be what {@link #readTwoPass} would give: a scan of
     * the tokens shows one JSON object and nothing after it, no floating-point number (a tree holds it as a
     * double, a direct read keeps every digit), no {@code -0}, and a top-level {@code schema} that is an int this
     * build reads; the read itself fails on a key twice in any object (a tree keeps the last, a direct read may
     * not). {@code null} for anything else and for any failure, which {@link #readTwoPass} then decides with its
     * reasons.
     */
    private T readDirect(byte[] bytes) {
        try (JsonParser p = SCAN.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 1;
            boolean schema = false;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return null;
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth == 1 && "schema".equals(p.currentName())) {
                            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT
                                    || p.getNumberType() != JsonParser.NumberType.INT
                                    || !EventSchema.supports(p.getIntValue())) {
                                return null;
                            }
                            schema = true;
                        }
                    }
                    case VALUE_NUMBER_INT -> {
                        if (p.getTextLength() == 2 && "-0".equals(p.getText())) {
                            return null;
                        }
                    }
                    default -> {}
                }
            }
            if (!schema || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            // a key twice in one object fails here, and the two-pass read then decides as it always did
            return strictReader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The read in two passes (a tree first, then the value): every failure with its reason. */
    T readTwoPass(byte[] bytes) {
        JsonNode tree;
        try {
            tree = reader.readTree(bytes);
        } catch (IOException e) {
            throw fail(EventReadException.Reason.MALFORMED_JSON, detail(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw fail(
                    EventReadException.Reason.MALFORMED_JSON,
                    "expected a JSON object, found "
                            + (tree == null || tree.isMissingNode()
                                    ? "nothing"
                                    : tree.getNodeType().name().toLowerCase(Locale.ROOT)),
                    null);
        }
        checkSchema(tree.get("schema"));
        try {
            return reader.readValue(tree);
        } catch (InvalidTypeIdException e) {
            throw fail(
                    EventReadException.Reason.UNKNOWN_TYPE,
                    e.getTypeId() == null ? "no 'type' property" : "unknown type '" + e.getTypeId() + "'",
                    e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException && cause.getMessage() != null) {
                throw fail(
                        EventReadException.Reason.MISSING_FIELD,
                        "missing required field '" + at(e, cause.getMessage()) + "'",
                        e);
            }
            throw fail(
                    EventReadException.Reason.INVALID_VALUE,
                    at(e, null) + ": " + (cause == null ? e.getOriginalMessage() : cause.getMessage()),
                    e);
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage().startsWith("Cannot map `null`")) {
                throw fail(EventReadException.Reason.MISSING_FIELD, "missing required field '" + at(e, null) + "'", e);
            }
            throw fail(EventReadException.Reason.INVALID_VALUE, at(e, null) + ": " + firstLine(e), e);
        } catch (IOException e) {
            throw fail(EventReadException.Reason.INVALID_VALUE, detail(e), e);
        }
    }

    private void checkSchema(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            throw fail(EventReadException.Reason.UNKNOWN_SCHEMA, "no 'schema' version", null);
        }
        if (!schema.isIntegralNumber() || !schema.canConvertToInt()) {
            throw fail(EventReadException.Reason.UNKNOWN_SCHEMA, "'schema' is not an integer version: " + schema, null);
        }
        if (!EventSchema.supports(schema.intValue())) {
            throw fail(
                    EventReadException.Reason.UNKNOWN_SCHEMA,
                    "schema version " + schema.intValue() + " is not supported (this build reads " + EventSchema.CURRENT
                            + ")",
                    null);
        }
    }

    private EventReadException fail(EventReadException.Reason reason, String detail, Throwable cause) {
        return new EventReadException(reason, type.getSimpleName(), detail, cause);
    }

    /** The dotted path of the failing property, with {@code leaf} appended when the exception stops at its parent. */
    private static String at(JsonMappingException e, String leaf) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (leaf == null) {
            return path.isEmpty() ? "<root>" : path;
        }
        return path.isEmpty() ? leaf : path + "." + leaf;
    }

    private static String detail(IOException e) {
        if (e instanceof JacksonException je) {
            String location = je.getLocation() == null
                    ? ""
                    : " at line " + je.getLocation().getLineNr() + ", column "
                            + je.getLocation().getColumnNr();
            return firstLine(je) + location;
        }
        return String.valueOf(e.getMessage());
    }

    private static String firstLine(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
