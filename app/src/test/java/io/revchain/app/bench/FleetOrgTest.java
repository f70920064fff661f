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

    @Test
    void aRunsPushesAreUndoneWhenTheOrganisationIsReadBack(@TempDir Path dir) throws Exception {
        // Given an organisation a run pushed to
        List<FleetOrg.Repo> generated = FleetOrg.generate(dir, 4, 6, 0.25);
        String pushed = FleetOrg.push(generated.get(0), 0);
        assertThat(pushed).isNotEqualTo(generated.get(0).head());

        // When it is read back for the next run
        List<FleetOrg.Repo> again = FleetOrg.existing(dir, 4, 6, 0.25);

        // Then it is the organisation generated, and the same push makes the same commit on it again (the run's
        // revision ids do not collide with the earlier run's)
        assertThat(again).isEqualTo(generated);
        assertThat(FleetOrg.push(again.get(0), 0)).isEqualTo(pushed);
    }
}
