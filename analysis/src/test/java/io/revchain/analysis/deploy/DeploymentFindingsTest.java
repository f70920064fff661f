package io.revchain.analysis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.RevisionGraph;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.testkit.Gen;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What only applied state reveals: an applied migration edited since, and a database stranded on a lost id. */
class DeploymentFindingsTest {

    private static MigrationScript rev(String id, String... down) {
        return Gen.script(id + "_x.py", id, List.of(down), "m " + id, false);
    }

    static final RevisionGraph CHAIN = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "b")));

    @Test
    void anAppliedRevisionWhoseBodyChangedIsFlaggedAndAPendingOneIsNot() {
        // prod stands on b: a and b are applied, c is not
        assertThat(AppliedFingerprints.appliedRevisions(CHAIN, List.of("b"))).containsExactlyInAnyOrder("a", "b");
        List<AppliedFingerprints.Applied> applied = List.of(
                new AppliedFingerprints.Applied("a", "1111111", "f-a", "the commit that added the file"),
                new AppliedFingerprints.Applied("b", "2222222", "f-b", "the commit that added the file"));
        Map<String, AppliedFingerprints.Now> now = Map.of(
                "a", new AppliedFingerprints.Now("a_x.py", "f-a"),
                "b", new AppliedFingerprints.Now("b_x.py", "f-b-edited"),
                "c", new AppliedFingerprints.Now("c_x.py", "f-c-edited"));

        List<Finding> findings = AppliedFingerprints.check("prod", applied, now);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.is(Check.APPLIED_MIGRATION_EDITED)).isTrue();
            assertThat(f.revision()).isEqualTo("b");
            assertThat(f.file()).isEqualTo("b_x.py");
            assertThat(f.message()).contains("prod").contains("2222222").contains("new migration");
        });
        // an unknown fingerprint on either side is not judged
        assertThat(AppliedFingerprints.check(
                        "prod", List.of(new AppliedFingerprints.Applied("b", "2222222", null, "observed")), now))
                .isEmpty();
    }

    @Test
    void aStrandedDatabaseGetsThePlaceholderOrTheStampThatKeepsItUpgradable() {
        Retired deleted = new Retired("x", "x_x.py", List.of("b"), "3333333", "4444444", null);
        Retired renamed = new Retired("y", "y_old.py", List.of("a"), "3333333", null, "versions/c_x.py");
        Map<String, Retired> history = Map.of("x", deleted, "y", renamed);
        DeploymentClassifier classifier = new DeploymentClassifier(CHAIN, id -> Optional.ofNullable(history.get(id)));

        List<Finding> onX = StrandedEnvironments.check("prod", classifier.classify(List.of("x")), CHAIN);
        List<Finding> onY = StrandedEnvironments.check("eu", classifier.classify(List.of("y")), CHAIN);
        List<Finding> onZ = StrandedEnvironments.check("dev", classifier.classify(List.of("z")), CHAIN);
        List<Finding> atHead = StrandedEnvironments.check("ok", classifier.classify(List.of("c")), CHAIN);

        assertThat(onX).singleElement().satisfies(f -> {
            assertThat(f.is(Check.STRANDED_ENVIRONMENT)).isTrue();
            assertThat(f.file()).isEqualTo("x_x.py");
            assertThat(f.message()).contains("placeholder").contains("down_revision = 'b'");
        });
        assertThat(onY).singleElement().satisfies(f -> assertThat(f.message()).contains("alembic stamp c"));
        assertThat(onZ).singleElement().satisfies(f -> assertThat(f.message()).contains("restore"));
        assertThat(atHead).isEmpty();
    }
}
