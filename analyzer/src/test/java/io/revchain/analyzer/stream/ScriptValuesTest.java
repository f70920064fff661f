package io.revchain.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.MigrationScript;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.Topics;
import io.revchain.testkit.Gen;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ScriptValuesTest {
    private static final Instant T = Instant.parse("2026-12-02T12:00:00Z");
    private static final String KEY = AnalyzeProcessor.scriptKey("org/app", "main", "versions/002_b.py");
    private final MigrationScript script = Gen.script("002_b.py", "b", List.of("a"), "add b", true);

    @Test
    void aFileEventsBytesReadBackAsTheStoredFile() {
        // Given the bytes of the file event, as the processor stores them
        byte[] raw = bytes(new FileChanged(
                "org/app", "main", "c1", script.path(), ChangeKind.ADDED, null, "blob-b", script, T, T));
        // When they are read back
        StoredScript stored = ScriptValues.read(KEY, raw);
        // Then the commit, the parsed file and the blob are the event's
        assertThat(stored).isEqualTo(new StoredScript("c1", script, "blob-b"));
    }

    @Test
    void aStoredScriptWrittenByAnEarlierBuildIsStillRead() {
        // Given a value in the earlier format (StoredScript as JSON, in a changelog written before this build)
        StoredScript earlier = new StoredScript("c0", script, "blob-a");
        byte[] raw = new StoreSerde<>(StoredScript.class).serializer().serialize("t", earlier);
        // Then it reads back unchanged
        assertThat(ScriptValues.read(KEY, raw)).isEqualTo(earlier);
    }

    @Test
    void anythingElseIsAnErrorThatNamesTheFile() {
        byte[] marker = bytes(new CommitScanned("org/app", "main", "c1", 1, false, T, T));
        assertThatThrownBy(() -> ScriptValues.read(KEY, marker))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("org/app@main/versions/002_b.py")
                .hasMessageContaining("CommitScanned");
        assertThatThrownBy(() -> ScriptValues.read(KEY, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("versions/002_b.py");
    }

    @SuppressWarnings("unchecked")
    private static byte[] bytes(MigrationEvent e) {
        return ((Serde<MigrationEvent>) Topics.MIGRATION_EVENTS.valueSerde())
                .serializer()
                .serialize("t", e);
    }
}
