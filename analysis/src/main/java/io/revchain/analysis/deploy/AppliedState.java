package io.revchain.analysis.deploy;

import java.util.List;
import java.util.Objects;

/**
 * What one database's version table means against one chain: a value, decided by {@link DeploymentClassifier}.
 *
 * @param kind      the state
 * @param rows      the version table's rows as read (the heads the database stands on), in read order
 * @param pending   revisions {@code alembic upgrade heads} would run, in upgrade order (parents first)
 * @param unknown   rows that name no revision of the code ("Can't locate revision identified by ...")
 * @param retired   what the repository's history says of each unknown row that it knows, in {@code unknown}'s order
 * @param codeHeads the code's heads, for the reader
 * @param reason    one sentence: what the state means and what {@code alembic upgrade head} does with it
 */
public record AppliedState(
        Kind kind,
        List<String> rows,
        List<String> pending,
        List<String> unknown,
        List<Retired> retired,
        List<String> codeHeads,
        String reason) {

    public AppliedState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        rows = List.copyOf(rows);
        pending = List.copyOf(pending);
        unknown = List.copyOf(unknown);
        retired = List.copyOf(retired);
        codeHeads = List.copyOf(codeHeads);
    }

    /** The states a version table can be in against the code. */
    public enum Kind {
        /** Every revision of the code is applied. */
        AT_HEAD("at-head", Verdict.AT_HEAD),
        /** The table has no row: nothing applied, {@code upgrade head} runs every revision. */
        EMPTY("empty", Verdict.BEHIND),
        /** Some revisions of the code are not applied yet; {@code upgrade head} runs them. */
        BEHIND("behind", Verdict.BEHIND),
        /** Several heads applied that the code has merged since; {@code upgrade head} runs the merge. */
        MERGED_HEADS("merged-heads", Verdict.BEHIND),
        /** A row names a revision the code no longer has: every {@code alembic upgrade} fails. */
        UNKNOWN_REVISION("unknown-revision", Verdict.BROKEN),
        /** Rows stand on the code's chain and on a branch the code dropped: every upgrade fails. */
        DROPPED_BRANCH("dropped-branch", Verdict.BROKEN),
        /** A row is an ancestor of another (Alembic never writes that): every upgrade fails. */
        OVERLAPPING_ROWS("overlapping-rows", Verdict.BROKEN),
        /** The code's own chain makes Alembic fail before it reads the database. */
        CHAIN_FAILS("chain-fails", Verdict.BROKEN);

        private final String wireName;
        private final Verdict verdict;

        Kind(String wireName, Verdict verdict) {
            this.wireName = wireName;
            this.verdict = verdict;
        }

        /** The name JSON and SARIF carry. */
        public String wireName() {
            return wireName;
        }

        public Verdict verdict() {
            return verdict;
        }
    }

    /** What a deploy script needs to know: nothing to do, an upgrade to run, or a repair before any upgrade. */
    public enum Verdict {
        AT_HEAD,
        BEHIND,
        BROKEN
    }

    public Verdict verdict() {
        return kind.verdict();
    }
}
