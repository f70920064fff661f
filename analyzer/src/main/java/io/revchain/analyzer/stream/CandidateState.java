package io.revchain.analyzer.stream;

import io.revchain.event.ChainSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One open candidate branch in the candidates store: what its latest marker said about the merge it would make.
 *
 * @param target      the branch it would merge into
 * @param commit      the candidate's commit
 * @param mergeBase   the merge base of that commit and the target
 * @param baseFiles   the merge base's migration files, path → blob id
 * @param scannedAt   when ingest scanned the commit
 * @param publishedAt when ingest published its marker
 * @param chains      the candidate's chains and their rules as its marker named them ({@code null}: unknown, every
 *                    chain graded by the repository's policy)
 */
public record CandidateState(
        String target,
        String commit,
        String mergeBase,
        Map<String, String> baseFiles,
        Instant scannedAt,
        Instant publishedAt,
        List<ChainSpec> chains) {
    public CandidateState {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(commit, "commit");
        baseFiles = baseFiles == null ? Map.of() : Map.copyOf(baseFiles);
        chains = chains == null ? null : List.copyOf(chains);
    }

    /** A candidate without its chains (as stored before chains existed). */
    public CandidateState(
            String target,
            String commit,
            String mergeBase,
            Map<String, String> baseFiles,
            Instant scannedAt,
            Instant publishedAt) {
        this(target, commit, mergeBase, baseFiles, scannedAt, publishedAt, null);
    }
}
