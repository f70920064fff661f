package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.broker.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-scan profile of {@code revchain bench fleet} at a small size, for correctness only (never speed): every
 * phase covers every file, and the analyzer's drain profile runs each topology until it has seen every event and the
 * analyzer (cold, then warm) until every repository is reported.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FirstScanProfileIT {

    @TempDir
    Path tmp;

    @Test
    void everyPhaseCoversTheOrganisationAndTheDrainReportsEveryRepository() throws Exception {
        // Given 6 generated repositories of 6 revisions
        List<FleetOrg.Repo> org = FleetOrg.generate(tmp.resolve("remotes"), 6, 6, 0.25);
        StringWriter log = new StringWriter();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // When the profile runs
            FirstScanProfile.Result r = FirstScanProfile.run(
                    org,
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    tmp.resolve("profile"),
                    new PrintWriter(log));

            // Then every file went through every phase
            assertThat(r.files()).isEqualTo(6 * FleetOrg.filesPerRepo(6));
            assertThat(r.bytes()).isPositive();
            // And the drain ran every phase over every file's event and each repository's marker
            DrainProfile.Result d = r.drain();
            assertThat(d.events()).isEqualTo(r.files() + 6);
            assertThat(d.phases())
                    .extracting(DrainProfile.Phase::name)
                    .containsExactly(
                            DrainProfile.READ_BACK,
                            DrainProfile.PASS,
                            DrainProfile.STORE,
                            DrainProfile.BATCHED,
                            DrainProfile.COLD,
                            DrainProfile.WARM);
            assertThat(d.phases()).allSatisfy(p -> {
                assertThat(p.seconds()).isPositive();
                assertThat(p.cpuSeconds()).isPositive();
            });
            // And the table says each phase against the read-back floor
            assertThat(r.table()).contains("| " + DrainProfile.WARM + " |").contains("÷ read-back floor");
        }
    }
}
