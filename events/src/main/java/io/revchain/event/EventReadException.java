package io.revchain.event;

import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that is not a readable event. It is a Kafka {@link SerializationException}, so a consumer sees
 * it wrapped with the record's partition and offset and a Streams deserialization handler can dead-letter it with
 * {@link #getMessage()} as the reason.
 */
public final class EventReadException extends SerializationException {

    /** Why the value could not be read. */
    public enum Reason {
        /** Not JSON, not a JSON object, or trailing garbage. */
        MALFORMED_JSON,
        /** The {@code schema} version is absent, not an integer, or not one this build reads. */
        UNKNOWN_SCHEMA,
        /** A required field is absent or {@code null}. */
        MISSING_FIELD,
        /** The {@code type} of a {@link MigrationEvent} is absent or unknown. */
        UNKNOWN_TYPE,
        /** A field has a value of the wrong type or out of range (an unknown enum name, a string for a number). */
        INVALID_VALUE
    }

    private final Reason reason;
    private final String eventType;

    public EventReadException(Reason reason, String eventType, String detail, Throwable cause) {
        super(reason.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + eventType + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.eventType = eventType;
    }

    /** Why the value could not be read. */
    public Reason reason() {
        return reason;
    }

    /** The simple name of the type that was expected (e.g. {@code HealthReport}). */
    public String eventType() {
        return eventType;
    }
}
