package io.revchain.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTest {

    @Test
    void wireNamesAreTheStableOnesInTheirOrder() {
        // Given the names findings, reports and .revchain.yaml have always used
        // Then every check keeps its kebab-case name, in the same order
        assertThat(Check.wireNames())
                .containsExactly(
                        "unparseable-file",
                        "missing-revision-id",
                        "non-literal-value",
                        "empty-down-revision",
                        "invalid-revision-id",
                        "duplicate-revision",
                        "missing-down-revision",
                        "missing-dependency",
                        "down-revision-is-label",
                        "self-loop",
                        "cycle",
                        "dependency-cycle",
                        "multiple-bases",
                        "multiple-heads",
                        "disconnected-branch",
                        "branch-label-conflict",
                        "docstring-mismatch",
                        "duplicate-prefix",
                        "missing-constitutional-hash",
                        "unsafe-path",
                        "undefined-down-revision",
                        "invalid-config",
                        "unloaded-file",
                        "duplicate-file",
                        "merge-conflict",
                        "multiple-heads-after-merge",
                        "candidate-collision",
                        "unused-suppression",
                        "stale-head-lock",
                        "placeholder-revision-id",
                        "hand-typed-revision-id",
                        "file-name-mismatch",
                        "applied-migration-edited",
                        "stranded-environment");
        for (Check c : Check.values()) {
            assertThat(c.toString()).isEqualTo(c.wire()).matches("[a-z]+(-[a-z]+)*");
            assertThat(Check.of(c.wire())).contains(c);
            assertThat(c.description()).isNotBlank().endsWith(".");
        }
        assertThat(Check.of("no-such-check")).isEmpty();
        assertThat(Check.of(null)).isEmpty();
        assertThat(Check.describe("no-such-check")).isEqualTo("no-such-check");
    }

    @Test
    void relatingFilesAndDescribingTheChainsShapeAreTwoDifferentSets() {
        // The checks capped per chain and left out of a file's own findings
        assertThat(Arrays.stream(Check.values()).filter(Check::relatesFiles))
                .containsExactlyInAnyOrder(
                        Check.DUPLICATE_REVISION,
                        Check.MISSING_DOWN_REVISION,
                        Check.MISSING_DEPENDENCY,
                        Check.DOWN_REVISION_IS_LABEL,
                        Check.BRANCH_LABEL_CONFLICT,
                        Check.CYCLE,
                        Check.DEPENDENCY_CYCLE,
                        Check.MULTIPLE_BASES,
                        Check.MULTIPLE_HEADS,
                        Check.DISCONNECTED_BRANCH,
                        Check.DUPLICATE_PREFIX,
                        Check.HAND_TYPED_REVISION_ID);
        // The checks whose one finding stands for all in a repair
        assertThat(Arrays.stream(Check.values()).filter(Check::describesChainShape))
                .containsExactlyInAnyOrder(
                        Check.MULTIPLE_HEADS, Check.MULTIPLE_BASES, Check.DISCONNECTED_BRANCH, Check.CYCLE);
        assertThat(Arrays.stream(Check.values()).filter(Check::describesChainShape))
                .allMatch(Check::relatesFiles);
    }

    @Test
    void aFindingIsComparedByItsCheckAndStillCarriesTheNameOnTheWire() {
        Finding f = new Finding(Check.MULTIPLE_HEADS, Severity.WARNING, null, null, 0, "two heads", null, List.of());
        assertThat(f.check()).isEqualTo("multiple-heads");
        assertThat(f.is(Check.MULTIPLE_HEADS)).isTrue();
        assertThat(f.is(Check.MULTIPLE_BASES)).isFalse();
        assertThat(f.kind()).contains(Check.MULTIPLE_HEADS);
        Finding future = new Finding("a-check-of-a-newer-build", Severity.INFO, null, null, 0, "m", null, null);
        assertThat(future.kind()).isEmpty();
        assertThat(Policy.alembic().runs(future)).isTrue();
        // only known checks can be ignored (configuration refuses other names): a newer build's check still runs
        assertThat(Policy.alembic().withIgnored(EnumSet.allOf(Check.class)).runs(future))
                .isTrue();
        assertThat(Policy.alembic().apply(future)).isSameAs(future);
    }
}
