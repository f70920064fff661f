package io.revchain.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The instance name ingest takes when {@code REVCHAIN_INSTANCE_ID} gives none. */
class DerivedInstanceTest {

    @Test
    void oneHostAndWorkDirectoryIsOneNameAcrossRuns() {
        String a = IngestService.derivedInstance("build-7", Path.of("/var/lib/revchain/work"));
        assertThat(a).isEqualTo(IngestService.derivedInstance("build-7", Path.of("/var/lib/revchain/./work")));
        // a name an instance id may be (IngestSettings refuses anything else)
        assertThat(a).matches("ingest-[0-9a-f]{12}");
    }

    @Test
    void anotherHostOrAnotherWorkDirectoryIsAnotherInstance() {
        String a = IngestService.derivedInstance("build-7", Path.of("/var/lib/revchain/work"));
        assertThat(IngestService.derivedInstance("build-8", Path.of("/var/lib/revchain/work")))
                .isNotEqualTo(a);
        assertThat(IngestService.derivedInstance("build-7", Path.of("/var/lib/revchain/work2")))
                .isNotEqualTo(a);
    }
}
