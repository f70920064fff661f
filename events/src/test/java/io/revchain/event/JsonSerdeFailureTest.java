package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.revchain.event.EventReadException.Reason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a value can be unreadable ends as an {@link EventReadException} with the right reason and detail. */
class JsonSerdeFailureTest {

    private static final JsonSerde<MigrationEvent> EVENTS = JsonSerde.of(MigrationEvent.class);
    private static final JsonSerde<HealthReport> HEALTH = JsonSerde.of(HealthReport.class);
    private static final JsonSerde<CommitScanned> SCANNED = JsonSerde.of(CommitScanned.class);

    private static final String SCAN = "\"repo\":\"r\",\"branch\":\"main\",\"commit\":\"c1\",\"files\":1,"
            + "\"fullScan\":false,\"scannedAt\":\"2026-03-01T12:00:00Z\",\"publishedAt\":\"2026-03-01T12:00:01Z\"";

    private static EventReadException failure(JsonSerde<?> serde, String json) {
        return failure(serde, json.getBytes(StandardCharsets.UTF_8));
    }

    private static EventReadException failure(JsonSerde<?> serde, byte[] bytes) {
        // the Kafka deserializer interface is what a consumer or a Streams task calls
        EventReadException e = catchThrowableOfType(
                EventReadException.class, () -> serde.deserializer().deserialize("revchain.test", bytes));
        assertThat(e).as("expected an EventReadException").isNotNull();
        assertThat(e).isInstanceOf(SerializationException.class);
        return e;
    }

    @Test
    void aWellFormedMinimalEventReads() {
        MigrationEvent e = EVENTS.read(
                ("{\"type\":\"commit-scanned\",\"schema\":1," + SCAN + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(e).isInstanceOf(CommitScanned.class);
        assertThat(((CommitScanned) e).files()).isEqualTo(1);
    }

    @Test
    void anUnknownPropertyIsIgnored() {
        // an additive change by a newer writer must not break an older reader
        CommitScanned e = SCANNED.read(("{\"type\":\"commit-scanned\",\"schema\":1,\"addedLater\":[1,2]," + SCAN + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.commit()).isEqualTo("c1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "",
                "   ",
                "[1,2]",
                "\"text\"",
                "42",
                "null",
                "{\"schema\":1} trailing",
                "{\"schema\":1,}"
            })
    void malformedJson(String json) {
        EventReadException e = failure(HEALTH, json);
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(e.eventType()).isEqualTo("HealthReport");
        assertThat(e.getMessage()).startsWith("malformed-json: HealthReport: ");
    }

    @Test
    void bytesThatAreNotUtf8AreMalformed() {
        EventReadException e = failure(HEALTH, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() {
        EventReadException e = failure(HEALTH, "{\n  \"schema\": 1,\n  \"repo\": oops\n}");
        assertThat(e.getMessage()).contains("line 3");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"repo\":\"r\"}",
                "{\"schema\":null}",
                "{\"schema\":2}",
                "{\"schema\":0}",
                "{\"schema\":\"1\"}",
                "{\"schema\":1.5}",
                "{\"schema\":99999999999}"
            })
    void unknownSchema(String json) {
        EventReadException e = failure(HEALTH, json);
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
    }

    @Test
    void aNewerSchemaVersionSaysWhichVersionThisBuildReads() {
        EventReadException e = failure(EVENTS, "{\"type\":\"commit-scanned\",\"schema\":2," + SCAN + "}");
        assertThat(e.getMessage())
                .isEqualTo("unknown-schema: MigrationEvent: schema version 2 is not supported (this build reads 1)");
    }

    @Test
    void aVariantReadOnItsOwnStillNeedsItsType() {
        // the type id is inherited from MigrationEvent, so a variant's JSON is the same on every serde
        assertThat(failure(SCANNED, "{\"schema\":1," + SCAN + "}").reason()).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(new String(SCANNED.write(EventFixtures.commitScanned()), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"commit-scanned\",");
    }

    @Test
    void missingType() {
        EventReadException e = failure(EVENTS, "{\"schema\":1," + SCAN + "}");
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("no 'type' property");
    }

    @Test
    void unknownType() {
        EventReadException e = failure(EVENTS, "{\"type\":\"file-copied\",\"schema\":1," + SCAN + "}");
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("unknown type 'file-copied'");
    }

    @Test
    void missingRequiredString() {
        EventReadException e = failure(
                SCANNED, "{\"type\":\"commit-scanned\",\"schema\":1," + SCAN.replace("\"repo\":\"r\",", "") + "}");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("missing-field: CommitScanned: missing required field 'repo'");
    }

    @Test
    void explicitNullForARequiredField() {
        EventReadException e = failure(
                SCANNED,
                "{\"type\":\"commit-scanned\",\"schema\":1," + SCAN.replace("\"commit\":\"c1\"", "\"commit\":null")
                        + "}");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(e.getMessage()).endsWith("missing required field 'commit'");
    }

    @Test
    void missingRequiredNumberIsNotASilentZero() {
        EventReadException e =
                failure(SCANNED, "{\"type\":\"commit-scanned\",\"schema\":1," + SCAN.replace("\"files\":1,", "") + "}");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(e.getMessage()).endsWith("missing required field 'files'");
    }

    @Test
    void missingRequiredFieldInsideANestedFindingNamesItsPath() {
        String json = new String(
                        Topics.HEALTH.valueSerde().serializer().serialize("t", EventFixtures.healthReport()),
                        StandardCharsets.UTF_8)
                .replaceFirst("\"check\":\"non-literal-value\",", "");
        EventReadException e = failure(HEALTH, json);
        assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(e.getMessage()).endsWith("missing required field 'findings[0].check'");
    }

    @Test
    void aModifiedFileWithoutItsScriptIsInvalid() {
        String json = "{\"type\":\"file-changed\",\"schema\":1,\"repo\":\"r\",\"branch\":\"main\",\"commit\":\"c\","
                + "\"path\":\"v/1.py\",\"change\":\"MODIFIED\",\"committedAt\":\"2026-03-01T12:00:00Z\","
                + "\"publishedAt\":\"2026-03-01T12:00:00Z\"}";
        EventReadException e = failure(EVENTS, json);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("needs its parsed script: v/1.py");
    }

    @Test
    void unknownEnumName() {
        String json = "{\"type\":\"file-changed\",\"schema\":1,\"repo\":\"r\",\"branch\":\"main\",\"commit\":\"c\","
                + "\"path\":\"v/1.py\",\"change\":\"COPIED\",\"committedAt\":\"2026-03-01T12:00:00Z\","
                + "\"publishedAt\":\"2026-03-01T12:00:00Z\"}";
        EventReadException e = failure(EVENTS, json);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("change").contains("COPIED");
    }

    @Test
    void textWhereANumberBelongs() {
        EventReadException e = failure(
                SCANNED,
                "{\"type\":\"commit-scanned\",\"schema\":1," + SCAN.replace("\"files\":1", "\"files\":\"many\"") + "}");
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("files");
    }

    @Test
    void aTimestampThatIsNotIso8601() {
        EventReadException e = failure(
                SCANNED,
                "{\"type\":\"commit-scanned\",\"schema\":1," + SCAN.replace("\"2026-03-01T12:00:00Z\"", "\"yesterday\"")
                        + "}");
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("scannedAt");
    }

    @Test
    void anUnknownSeverityInAFinding() {
        String json = new String(HEALTH.write(EventFixtures.healthReport()), StandardCharsets.UTF_8)
                .replace("\"severity\":\"warning\"", "\"severity\":\"fatal\"");
        EventReadException e = failure(HEALTH, json);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("findings[1].severity");
    }
}
