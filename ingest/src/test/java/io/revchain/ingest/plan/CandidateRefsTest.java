package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateRefsTest {

    private static final List<String> REFS = List.of(
            "refs/heads/main",
            "refs/heads/feature/x",
            "refs/heads/feature/y/deep",
            "refs/heads/release/1",
            "refs/pull/7/head",
            "refs/pull/7/merge",
            "refs/heads/refs-like");

    @Test
    void branchPatternsMatchOneSegmentAndPullPatternsMatchFullRefs() {
        assertThat(CandidateRefs.select(List.of("feature/*", "refs/pull/*/head"), REFS, List.of("main")))
                .containsExactly("feature/x", "refs/pull/7/head");
    }

    @Test
    void doubleStarCrossesSegmentsAndWatchedBranchesAreNeverCandidates() {
        assertThat(CandidateRefs.select(List.of("**"), REFS, List.of("main", "release/1")))
                .containsExactly("feature/x", "feature/y/deep", "refs-like");
        assertThat(CandidateRefs.select(List.of("feature/**"), REFS, List.of()))
                .containsExactly("feature/x", "feature/y/deep");
    }

    @Test
    void noPatternNoCandidate() {
        assertThat(CandidateRefs.select(List.of(), REFS, List.of())).isEmpty();
    }
}
