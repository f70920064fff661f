package io.revchain.analyzer.stream;

import io.revchain.event.EventReadException;
import io.revchain.event.FileChanged;
import io.revchain.event.JsonSerde;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The scripts store's values. A file is stored as the bytes of the {@link FileChanged} event that wrote it, exactly
 * as they arrived: the hot path then writes no JSON at all (re-serializing each script for RocksDB and the
 * changelog cost about a tenth of the stream thread's time). Reading them back, which happens only when a chain is
 * rebuilt, a full scan drops stale files or a merge preview lists a branch, decodes the event. Values written by
 * earlier builds (a {@link StoredScript} as JSON, in the default chain) are still read; the chain a file is in is
 * the one its event names.
 */
final class ScriptValues {
    private ScriptValues() {}

    private static final JsonSerde<MigrationEvent> EVENTS =
            (JsonSerde<MigrationEvent>) Topics.MIGRATION_EVENTS.valueSerde();
    private static final StoreSerde<StoredScript> LEGACY = new StoreSerde<>(StoredScript.class);

    /**
     * The stored file in {@code value}.
     *
     * @throws SerializationException when the value is neither a file event nor an earlier build's stored script
     */
    static StoredScript read(String key, byte[] value) {
        MigrationEvent event;
        try {
            event = EVENTS.read(value);
        } catch (EventReadException notAnEvent) {
            try {
                return LEGACY.deserializer().deserialize(AnalyzerTopology.SCRIPTS_STORE, value);
            } catch (SerializationException e) {
                throw new SerializationException(
                        "scripts store value of '" + key.replace('\u0000', '/') + "' is neither a file event ("
                                + notAnEvent.getMessage() + ") nor a stored script",
                        e);
            }
        }
        if (event instanceof FileChanged f && f.script() != null) {
            return new StoredScript(f.commit(), f.script(), f.blob(), f.chain(), f.body(), f.suppressions());
        }
        throw new SerializationException("scripts store value of '" + key.replace('\u0000', '/') + "' is a "
                + (event == null ? "tombstone" : event.getClass().getSimpleName()) + ", not a stored file");
    }
}
