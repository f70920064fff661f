package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every service command takes the Kafka client settings, and a bad one is one line, never a stack trace. */
class KafkaConfigCliTest {

    @TempDir
    Path dir;

    @Test
    void aMalformedSettingIsOneLineThatQuotesNoSecret() throws Exception {
        Path config = Files.writeString(
                dir.resolve("revchain.yaml"), "repositories:\n  - id: a\n    url: " + dir.resolve("nowhere") + "\n");
        for (String command : List.of("ingest", "analyzer", "repairer", "reporter", "run")) {
            List<String> args = new ArrayList<>(List.of(
                    command,
                    "--bootstrap-servers",
                    "127.0.0.1:9",
                    "--kafka-config",
                    "sasl.jaas.config:password=hunter2"));
            if (!command.equals("analyzer") && !command.equals("reporter")) {
                args.addAll(List.of(
                        "--config",
                        config.toString(),
                        "--work-dir",
                        dir.resolve("work").toString()));
            }
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err())
                    .as(command)
                    .contains("--kafka-config expects KEY=VALUE")
                    .doesNotContain("hunter2")
                    .doesNotContain("\tat ");
        }
    }
}
