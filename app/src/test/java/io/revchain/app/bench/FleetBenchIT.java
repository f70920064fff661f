package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import io.revchain.broker.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain bench fleet} at a small size, for correctness only (never speed): on a 3-broker cluster with 2
 * ingest and 2 analyzer JVMs, every repository of the generated organisation (merges, branches, broken chains,
 * forks) is reported at its head with the right verdict, a push through the webhook path is reported, and after
 * one ingest and one analyzer are killed mid-scan no repository is lost.
 */
// seven child JVMs in turn and three brokers: minutes on a busy 2-core machine, so in the benchmark lane (-Pbench)
@Tag("bench")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class FleetBenchIT {

    @TempDir
    Path tmp;

    @Test
    void everyRepositoryIsReportedAndNoneIsLostWhenInstancesAreKilled() throws Exception {
        // Given 24 generated repositories of 6 revisions, a quarter of them broken, every tenth a fork
        List<FleetOrg.Repo> org = FleetOrg.generate(tmp.resolve("remotes"), 24, 6, 0.25);
        assertThat(org).filteredOn(FleetOrg.Repo::broken).hasSize(6);
        assertThat(org).filteredOn(FleetOrg.Repo::fork).hasSize(2);
        StringWriter log = new StringWriter();
        try (EmbeddedKafkaCluster cluster = EmbeddedKafka.startCluster(3)) {
            // When the fleet benchmark runs on it with 3 pushes through the webhook path
            FleetBenchmark.Result r = FleetBenchmark.run(
                    org,
                    6,
                    3,
                    cluster,
                    tmp.resolve("fleet"),
                    new PrintWriter(log),
                    false,
                    false,
                    new FleetBenchmark.Shape(3, 2));

            // Then every repository was reported at its head, with the verdict its chain deserves
            assertThat(r.files()).isEqualTo(24 * 6);
            assertThat(r.wrongVerdicts()).as(log.toString()).isZero();
            // And every push was reported
            assertThat(r.pushLatenciesMs()).hasSize(3);
            // And after one ingest and one analyzer were killed, every repository reached its new head
            assertThat(r.lost()).as(r.table()).isZero();
            assertThat(r.heapAfterGcMb()).containsKeys("analyzer-1", "analyzer-2", "ingest-1", "ingest-2");
            assertThat(r.residentMb()).containsKeys("analyzer-1", "analyzer-2", "ingest-1", "ingest-2");
            // And the CPU each process spent on the first scan, JIT compilation apart
            assertThat(r.firstScanCpu())
                    .extracting(ProcessCpu.Use::process)
                    .contains("analyzer-1", "analyzer-2", "ingest-1", "ingest-2");
            assertThat(r.firstScanCpu())
                    .allSatisfy(u -> assertThat(u.cpuSeconds()).isPositive());
            assertThat(r.firstScanCpu())
                    .filteredOn(u -> u.process().startsWith("analyzer-1"))
                    .allSatisfy(u -> assertThat(u.compileSeconds()).isPositive());
            assertThat(r.table()).contains("CPU during the first scan").contains("JIT compiler threads");
            // And where each analyzer's heap is, by class
            assertThat(r.notes()).anyMatch(n -> n.startsWith("analyzer-1 heap by class") && n.contains("MiB"));
        }
    }
}
