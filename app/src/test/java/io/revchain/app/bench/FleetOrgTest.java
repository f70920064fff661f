package io.revchain.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated organisation reads back as it was generated, so a large one is generated once. */
class FleetOrgTest {

    @Test
    void anOrganisationReadBackIsTheOneGenerated(@TempDir Path dir) throws Exception {
        List<FleetOrg.Repo> generated = FleetOrg.generate(dir, 12, 6, 0.25);

        assertThat(FleetOrg.existing(dir, 12, 6, 0.25)).isEqualTo(generated);
        assertThat(generated).filteredOn(FleetOrg.Repo::broken).hasSize(3);
        assertThat(generated).filteredOn(FleetOrg.Repo::fork).hasSize(1);
        // one repository more than was generated is missing, and says so
        assertThatThrownBy(() -> FleetOrg.existing(dir, 13, 6, 0.25)).isInstanceOf(IOException.class);
    }
}
