package io.revchain.core.model;

import java.util.List;

/** The stable names of every check revchain runs. */
public final class Checks {
    private Checks() {}

    public static final String UNPARSEABLE_FILE = "unparseable-file";
    public static final String MISSING_REVISION_ID = "missing-revision-id";
    public static final String NON_LITERAL_VALUE = "non-literal-value";
    public static final String EMPTY_DOWN_REVISION = "empty-down-revision";
    public static final String INVALID_REVISION_ID = "invalid-revision-id";
    public static final String DUPLICATE_REVISION = "duplicate-revision";
    public static final String MISSING_DOWN_REVISION = "missing-down-revision";
    public static final String MISSING_DEPENDENCY = "missing-dependency";
    public static final String DOWN_REVISION_IS_LABEL = "down-revision-is-label";
    public static final String SELF_LOOP = "self-loop";
    public static final String CYCLE = "cycle";
    public static final String DEPENDENCY_CYCLE = "dependency-cycle";
    public static final String MULTIPLE_BASES = "multiple-bases";
    public static final String MULTIPLE_HEADS = "multiple-heads";
    public static final String DISCONNECTED_BRANCH = "disconnected-branch";
    public static final String BRANCH_LABEL_CONFLICT = "branch-label-conflict";
    public static final String DOCSTRING_MISMATCH = "docstring-mismatch";
    public static final String DUPLICATE_PREFIX = "duplicate-prefix";
    public static final String MISSING_CONSTITUTIONAL_HASH = "missing-constitutional-hash";
    public static final String UNSAFE_PATH = "unsafe-path";
    /** The file sets {@code revision} but no {@code down_revision} (Alembic: AttributeError on every command). */
    public static final String UNDEFINED_DOWN_REVISION = "undefined-down-revision";

    /** An {@code alembic.ini} that Alembic cannot use as written (missing key, bad interpolation, bad separator). */
    public static final String INVALID_CONFIG = "invalid-config";
    /** A migration file that Alembic 1.8.1 will not load (in a sub-folder, compiled-only, a directory). */
    public static final String UNLOADED_FILE = "unloaded-file";
    /** The same real file is reached through two version locations (Alembic warns and loads it once). */
    public static final String DUPLICATE_FILE = "duplicate-file";

    /** A migration file changed on both the candidate branch and its target since their merge base. */
    public static final String MERGE_CONFLICT = "merge-conflict";
    /** Merging the candidate branch into its target would leave more heads than either side has. */
    public static final String MULTIPLE_HEADS_AFTER_MERGE = "multiple-heads-after-merge";
    /** Two open candidate branches add revisions that, once both are merged, leave two heads. */
    public static final String CANDIDATE_COLLISION = "candidate-collision";

    public static final List<String> ALL = List.of(UNPARSEABLE_FILE, MISSING_REVISION_ID, NON_LITERAL_VALUE,
            EMPTY_DOWN_REVISION, INVALID_REVISION_ID, DUPLICATE_REVISION, MISSING_DOWN_REVISION, MISSING_DEPENDENCY,
            DOWN_REVISION_IS_LABEL, SELF_LOOP, CYCLE, DEPENDENCY_CYCLE, MULTIPLE_BASES, MULTIPLE_HEADS,
            DISCONNECTED_BRANCH, BRANCH_LABEL_CONFLICT, DOCSTRING_MISMATCH, DUPLICATE_PREFIX,
            MISSING_CONSTITUTIONAL_HASH, UNSAFE_PATH, UNDEFINED_DOWN_REVISION, INVALID_CONFIG, UNLOADED_FILE,
            DUPLICATE_FILE, MERGE_CONFLICT, MULTIPLE_HEADS_AFTER_MERGE, CANDIDATE_COLLISION);
}
