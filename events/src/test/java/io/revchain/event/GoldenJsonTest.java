package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire format: each fixture must write exactly the JSON of its golden file (same properties, same order,
 * same value formats), and each golden file must read back as the fixture. A failure here means a change to the
 * wire format: bump {@link EventSchema#CURRENT} unless the change is additive.
 */
class GoldenJsonTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    static Stream<EventFixtures.Case<?>> cases() {
        return EventFixtures.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheGoldenJson(EventFixtures.Case<?> c) throws IOException {
        String golden = MAPPER.writeValueAsString(MAPPER.readTree(golden(c.name())));
        assertThat(new String(c.write(), StandardCharsets.UTF_8)).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheGoldenJson(EventFixtures.Case<?> c) throws IOException {
        assertThat(c.read(golden(c.name()))).isEqualTo(c.value());
    }

    @org.junit.jupiter.api.Test
    void theDefaultChainIsWrittenAsNoChainSoOldAndNewEventsAreOne() throws IOException {
        // Given the event of a plain-layout file named with its chain, "alembic"
        FileChanged named = new FileChanged(
                EventFixtures.fileChanged().repo(),
                "main",
                EventFixtures.COMMIT,
                "migrations/versions/004_add_audit.py",
                ChangeKind.RENAMED,
                "migrations/versions/004_audit.py",
                "9daeafb9864cf43055ae93beb0afd6c7d144bfa4",
                EventFixtures.script(),
                EventFixtures.COMMITTED,
                EventFixtures.PUBLISHED,
                FileChanged.DEFAULT_CHAIN);
        // Then it is the event without a chain, written exactly as before chains existed
        assertThat(named).isEqualTo(EventFixtures.fileChanged());
        assertThat(named.chain()).isNull();
        assertThat(named.chainName()).isEqualTo(FileChanged.DEFAULT_CHAIN);
        assertThat(new String(
                        Topics.MIGRATION_EVENTS.valueSerde().serializer().serialize("t", named),
                        StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(MAPPER.readTree(golden("file-changed"))));
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("golden/" + name + ".json")) {
            assertThat(in).as("golden/%s.json", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
