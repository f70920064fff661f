package io.revchain.event;

/**
 * The wire-format version every event carries in its {@code schema} field.
 *
 * <p>A reader accepts exactly the versions it knows ({@link #CURRENT}); anything else is an
 * {@link EventReadException} with reason {@link EventReadException.Reason#UNKNOWN_SCHEMA}, so the stream
 * dead-letters it instead of guessing. Adding an optional field keeps the version (readers ignore unknown
 * properties); renaming, removing or changing the meaning of a field bumps it.
 */
public final class EventSchema {
    private EventSchema() {}

    /** The version this build writes and reads. */
    public static final int CURRENT = 1;

    /** Whether this build can read events written with {@code version}. */
    public static boolean supports(int version) {
        return version == CURRENT;
    }
}
