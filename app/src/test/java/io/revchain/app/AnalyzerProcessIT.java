package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.testkit.HttpProbe;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code revchain analyzer} as a process: one HTTP port for its queries, health and metrics. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AnalyzerProcessIT {

    private static final Pattern PORT = Pattern.compile("queries, metrics and health on port (\\d+)");

    @Test
    void theAnalyzerProcessServesQueriesHealthAndMetricsOnOnePort(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Given an analyzer process started on an external broker with any free HTTP port
            Path log = dir.resolve("analyzer.log");
            Process analyzer = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "analyzer",
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--state-dir",
                            dir.resolve("state").toString(),
                            "--http-port",
                            "0",
                            "--set",
                            "http.host=127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                int port = awaitPort(analyzer, log);

                // Then that one port answers the queries, liveness and the Prometheus scrape
                HttpResponse<String> live = HttpProbe.get(port, "/health/live");
                assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
                HttpResponse<String> metrics = HttpProbe.get(port, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("revchain_");
                int repos = HttpProbe.get(port, "/repos").statusCode();
                assertThat(repos)
                        .as("queries: 200 once running, 503 while starting")
                        .isIn(200, 503);
                // And it opened no other port: its log names exactly one
                assertThat(PORT.matcher(Files.readString(log)).results().count())
                        .isEqualTo(1);
            } finally {
                analyzer.destroy();
                if (!analyzer.waitFor(30, TimeUnit.SECONDS)) {
                    analyzer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int awaitPort(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = PORT.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(p.isAlive()).as("analyzer exited: %s", text).isTrue();
            assertThat(System.nanoTime())
                    .as("analyzer not up in 120 s: %s", text)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The analyzer's options no longer include a second port. */
    @Test
    void theAnalyzerHasNoSecondPortOption() {
        List<String> names = new CommandLine(new Main())
                .getSubcommands().get("analyzer").getCommandSpec().optionsMap().keySet().stream()
                        .toList();
        assertThat(names).contains("--http-port").doesNotContain("--metrics-port", "--metrics-host");
    }
}
