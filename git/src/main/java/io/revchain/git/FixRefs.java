package io.revchain.git;

import io.revchain.repair.planning.RebasePlanner;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * Names fix branches and decides which refs the repairer may ever push: the one place that enforces "only
 * {@code refs/heads/revchain/...}". A fix branch is {@code revchain/fix-<branch>-<plan hash>}, where the hash is
 * {@value #HASH_LENGTH} lower-case hex digits, so the branch a name belongs to is never ambiguous (a fix branch of
 * {@code main} is never taken for one of {@code main-x}).
 */
public final class FixRefs {

    /** The only ref namespace the repairer pushes to. */
    public static final String PUSHABLE = "refs/heads/revchain/";
    /** Short-name prefix of every fix branch. */
    public static final String FIX_PREFIX = "revchain/fix-";
    /** Short-name prefix of every rebase branch of a candidate. */
    public static final String REBASE_PREFIX = "revchain/rebase-";
    /** Length of the plan hash in a rebase branch's name ({@link RebasePlanner#branchName}). */
    public static final int REBASE_HASH_LENGTH = 8;
    /** Length of the plan hash in a fix branch's name. */
    public static final int HASH_LENGTH = 12;

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{" + HASH_LENGTH + "}");
    private static final Pattern REBASE_HASH = Pattern.compile("[0-9a-f]{" + REBASE_HASH_LENGTH + "}");

    private FixRefs() {}

    /** Thrown for a push to any ref outside {@link #PUSHABLE}: nothing is pushed then. */
    public static final class RefusedRefException extends IllegalArgumentException {
        public RefusedRefException(String message) {
            super(message);
        }
    }

    /** The fix branch (short name) for {@code branch} and a plan hash. */
    public static String fixBranch(String branch, String planHash) {
        if (!HASH.matcher(planHash).matches()) {
            throw new IllegalArgumentException("a plan hash is " + HASH_LENGTH + " lower-case hex digits: " + planHash);
        }
        return FIX_PREFIX + branch + "-" + planHash;
    }

    /** The plan hash of {@code shortName} when it is a fix branch of {@code branch}. */
    public static Optional<String> planHashOf(String shortName, String branch) {
        String prefix = FIX_PREFIX + branch + "-";
        if (!shortName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = shortName.substring(prefix.length());
        return HASH.matcher(rest).matches() ? Optional.of(rest) : Optional.empty();
    }

    /**
     * The plan hash of {@code shortName} when it is a rebase branch of the candidate {@code candidate}
     * ({@code revchain/rebase-<candidate made ref-safe>-<8 hex digits>}).
     */
    public static Optional<String> rebaseHashOf(String shortName, String candidate) {
        String any = RebasePlanner.branchName(candidate, "");
        String prefix = any.substring(0, any.length() - REBASE_HASH_LENGTH);
        if (!shortName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = shortName.substring(prefix.length());
        return REBASE_HASH.matcher(rest).matches() ? Optional.of(rest) : Optional.empty();
    }

    /**
     * The full ref name of a branch the repairer is about to push or delete.
     *
     * @throws RefusedRefException unless it is a valid ref under {@link #PUSHABLE}
     */
    public static String requirePushable(String refName) {
        String full = refName.startsWith("refs/") ? refName : "refs/heads/" + refName;
        if (!full.startsWith(PUSHABLE)
                || full.length() == PUSHABLE.length()
                || full.contains("..")
                || !Repository.isValidRefName(full)) {
            throw new RefusedRefException(
                    "refusing to push '" + refName + "': the repairer only pushes branches " + "under " + PUSHABLE);
        }
        return full;
    }
}
