package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options each service starts with are stated three times: in the repository's launcher ({@code revchain}),
 * in the image's ({@code deploy/docker/revchain}) and for the child JVMs of {@code bench fleet}, which must measure
 * the services as they are run. They must agree.
 */
class ServiceJvmOptionsTest {

    @Test
    void theLaunchersAndTheFleetBenchmarkStartEachServiceAlike() throws IOException {
        Path root = root();
        String launcher = Files.readString(root.resolve("revchain"));
        String image = Files.readString(root.resolve("deploy/docker/revchain"));

        assertThat(options(launcher, "analyzer"))
                .isEqualTo(options(image, "analyzer"))
                .isEqualTo(FleetBenchmark.ANALYZER_JVM);
        assertThat(options(launcher, "ingest"))
                .isEqualTo(options(image, "ingest"))
                .isEqualTo(FleetBenchmark.INGEST_JVM);
        // ingest runs C1 only, the analyzer the tiered compilers (BENCHMARKS.md)
        assertThat(FleetBenchmark.INGEST_JVM).contains("-XX:TieredStopAtLevel=1");
        assertThat(FleetBenchmark.ANALYZER_JVM).noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel"));
    }

    /** The options of the {@code case} arm that names {@code command}, in either launcher's spelling. */
    private static List<String> options(String script, String command) {
        Matcher arm = Pattern.compile("(?m)^\\s*([a-z|]+)\\)\\s*(?:java_opts=\\(([^)]*)\\)|opts=\"([^\"]*)\")")
                .matcher(script);
        while (arm.find()) {
            if (Arrays.asList(arm.group(1).split("\\|")).contains(command)) {
                String opts = arm.group(2) != null ? arm.group(2) : arm.group(3);
                return Arrays.asList(opts.trim().split("\\s+"));
            }
        }
        throw new AssertionError("no case arm for " + command);
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/docker/revchain"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("the repository above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }
}
