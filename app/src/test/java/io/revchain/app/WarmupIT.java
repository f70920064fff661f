package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher's warm-up (the hidden {@code warmup} command that records the start-up archive), run in a JVM of its
 * own: a child JVM, so an integration test (moved here from {@code CheckCommandTest}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WarmupIT {

    @Test
    void warmupRunsEveryShortCommandQuietlyWithoutKafkaOrGit() throws Exception {
        // Given the hidden command the launcher records its start-up archive with
        // When it runs in a JVM of its own that logs every class it loads
        Path log = Files.createTempFile("warmup", ".classes");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load:file=" + log,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.revchain.app.Main",
                        "warmup")
                .redirectErrorStream(true)
                .start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        List<String> classes = Files.readAllLines(log);
        Files.deleteIfExists(log);
        // Then it succeeded, printed nothing, exercised check, heads, history and every format
        assertThat(exit).as(printed).isZero();
        assertThat(printed).isEmpty();
        assertThat(classes)
                .anyMatch(l -> l.contains("io.revchain.app.format.SarifReport "))
                .anyMatch(l -> l.contains("io.revchain.app.cli.HistoryCommand "))
                .anyMatch(l -> l.contains("io.revchain.analysis.ChainInspector "));
        // and never loaded Kafka or JGit, which short commands must not pay for
        assertThat(classes).noneMatch(l -> l.contains(" org.apache.kafka.") || l.contains(" org.eclipse.jgit."));
        // and it is not offered to users
        assertThat(Cli.run("--help").out()).doesNotContain("warmup");
    }
}
