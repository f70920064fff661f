package io.revchain.app.bench;

import io.revchain.broker.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Stub. */
public final class FleetBenchmark {
    public record Result() {
        public String table() {
            return "";
        }
    }

    private FleetBenchmark() {}

    public static Result run(
            List<FleetOrg.Repo> org,
            int revisions,
            int pushes,
            EmbeddedKafkaCluster cluster,
            Path work,
            PrintWriter log) {
        throw new UnsupportedOperationException();
    }
}
