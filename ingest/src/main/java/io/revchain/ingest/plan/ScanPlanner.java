package io.revchain.ingest.plan;

/**
 * Decides how a branch is scanned in a poll cycle, from what was published before and what the remote shows now.
 *
 * <ul>
 *   <li>nothing published yet: a {@link Mode#FIRST_SCAN full scan} of the head;</li>
 *   <li>head unchanged: {@link Mode#UP_TO_DATE}, nothing is sent;</li>
 *   <li>the last published commit is no longer an ancestor of the head (a force-push): a
 *       {@link Mode#FULL_AFTER_REWRITE full re-scan} of the head, marked {@code fullScan};</li>
 *   <li>more new commits than {@code maxDeltaCommits}: one {@link Mode#FULL_TOO_MANY full scan} of the head
 *       instead of replaying them;</li>
 *   <li>otherwise {@link Mode#DELTA}: each new commit of the head's first-parent chain, oldest first.</li>
 * </ul>
 * Pure.
 */
public final class ScanPlanner {
    private ScanPlanner() {}

    /** How a branch is scanned. */
    public enum Mode {
        UP_TO_DATE,
        FIRST_SCAN,
        FULL_AFTER_REWRITE,
        FULL_TOO_MANY,
        DELTA;

        /** Whether the head is scanned in full (every migration file listed, {@code fullScan} marker). */
        public boolean full() {
            return this == FIRST_SCAN || this == FULL_AFTER_REWRITE || this == FULL_TOO_MANY;
        }
    }

    /**
     * @param lastPublished   the commit of the last acknowledged marker, {@code null} when none
     * @param head            the branch's current commit
     * @param lastIsAncestor  whether {@code lastPublished} is an ancestor of {@code head} (ignored when null/equal)
     * @param newCommits      how many first-parent commits lie between them (ignored unless an ancestor)
     * @param maxDeltaCommits above this, a full scan replaces the replay
     */
    public static Mode decide(
            String lastPublished, String head, boolean lastIsAncestor, int newCommits, int maxDeltaCommits) {
        if (lastPublished == null) {
            return Mode.FIRST_SCAN;
        }
        if (lastPublished.equals(head)) {
            return Mode.UP_TO_DATE;
        }
        if (!lastIsAncestor) {
            return Mode.FULL_AFTER_REWRITE;
        }
        return newCommits > maxDeltaCommits ? Mode.FULL_TOO_MANY : Mode.DELTA;
    }
}
