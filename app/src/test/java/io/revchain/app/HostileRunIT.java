package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revchain.app.demo.DemoOrganisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 10: a second {@code revchain run} on a work directory in use used to start a whole broker and then
 * exit 3 with Kafka Streams' "already locked"; it now stops before starting anything, exit 2, one line naming the
 * pid that holds the directory.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileRunIT {

    @Test
    void aSecondRunOnTheSameWorkDirStopsAtOnceNamingThePidThatHoldsIt(@TempDir Path dir) throws Exception {
        // Given a first `revchain run` (its own JVM) watching the demo organisation from `work`
        DemoOrganisation.Org org = DemoOrganisation.create(dir.resolve("org"));
        Path work = dir.resolve("work");
        Path log = dir.resolve("first.log");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--config",
                org.config().toString(),
                "--work-dir",
                work.toString(),
                "--port",
                "0");
        Process first = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(log) && Files.readString(log).contains("revchain: watching"))) {
                assertThat(first.isAlive())
                        .as("first run: %s", Files.exists(log) ? Files.readString(log) : "")
                        .isTrue();
                assertThat(System.nanoTime()).as("first run not up in 120 s").isLessThan(deadline);
                Thread.sleep(200);
            }

            // When a second run is started on the same work directory
            Cli second = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> Cli.run(
                            "run", "--config", org.config().toString(), "--work-dir", work.toString(), "--port", "0"));

            // Then it stops before starting anything: exit 2, one line naming the first run's pid (the 60 s guard: it
            // never waits for the first)
            assertThat(second.exit()).as(second.err()).isEqualTo(2);
            assertThat(second.err().strip().lines())
                    .containsExactly("revchain: work directory " + work + " is in use by pid " + first.pid()
                            + " (one revchain process per --work-dir)");
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroy();
            if (!first.waitFor(30, TimeUnit.SECONDS)) {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
