package io.revchain.app.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The demo's diversion: every line to its file, only revchain's own warnings left on the console. */
class LogDiversionTest {

    @Test
    void libraryLinesGoToTheFileAndOnlyOwnWarningsStayOnTheConsole(@TempDir Path dir) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = dir.resolve("demo.log");
        System.setErr(new PrintStream(console, true, UTF_8));
        try (AutoCloseable diverted = LogSetup.divertToFile(file)) {
            assertThat(diverted).as("logback configured by LogSetup").isNotNull();
            LoggerFactory.getLogger("org.apache.kafka.streams.KafkaStreams").warn("a library warning");
            LoggerFactory.getLogger("org.eclipse.jgit.transport.Transport").info("a jgit info line");
            LoggerFactory.getLogger("io.revchain.demo.Probe").info("our own info line");
            LoggerFactory.getLogger("io.revchain.demo.Probe").warn("our own warning");
        } finally {
            System.setErr(saved);
        }

        assertThat(Files.readString(file))
                .contains("a library warning", "a jgit info line", "our own info line", "our own warning");
        assertThat(console.toString(UTF_8))
                .contains("our own warning")
                .doesNotContain("a library warning")
                .doesNotContain("a jgit info line")
                .doesNotContain("our own info line");
    }
}
