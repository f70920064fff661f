package io.revchain.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** One line per check: what it means, for SARIF rules, the dashboard and {@code revchain checks}. */
public final class CheckInfo {
    private CheckInfo() {}

    private static final Map<String, String> SUMMARY = new LinkedHashMap<>();

    static {
        SUMMARY.put(Checks.UNPARSEABLE_FILE, "A migration file cannot be read as Python source.");
        SUMMARY.put(Checks.MISSING_REVISION_ID, "A .py file in a versions folder defines no revision id.");
        SUMMARY.put(Checks.NON_LITERAL_VALUE, "A revision variable is computed, so the chain cannot be verified statically.");
        SUMMARY.put(Checks.EMPTY_DOWN_REVISION, "down_revision is the empty string: a base for Alembic 1.8.1, a broken reference for later releases.");
        SUMMARY.put(Checks.INVALID_REVISION_ID, "A revision id is not a string or holds characters Alembic forbids.");
        SUMMARY.put(Checks.DUPLICATE_REVISION, "Two files declare the same revision id; Alembic silently runs only one.");
        SUMMARY.put(Checks.MISSING_DOWN_REVISION, "down_revision names a revision that no file declares (a broken reference).");
        SUMMARY.put(Checks.MISSING_DEPENDENCY, "depends_on names a revision or label that does not exist.");
        SUMMARY.put(Checks.DOWN_REVISION_IS_LABEL, "down_revision names a branch label instead of a revision id.");
        SUMMARY.put(Checks.SELF_LOOP, "A revision names itself as its down_revision or dependency.");
        SUMMARY.put(Checks.CYCLE, "down_revision links form a loop.");
        SUMMARY.put(Checks.DEPENDENCY_CYCLE, "depends_on links form a loop, or depend on a descendant (Alembic then loops forever).");
        SUMMARY.put(Checks.MULTIPLE_BASES, "The chain has more than one base (a revision without down_revision).");
        SUMMARY.put(Checks.MULTIPLE_HEADS, "The chain has more than one head; 'alembic upgrade head' fails.");
        SUMMARY.put(Checks.DISCONNECTED_BRANCH, "Some revisions have no path to the chain's main base.");
        SUMMARY.put(Checks.BRANCH_LABEL_CONFLICT, "A branch label is used by two revisions or equals a revision id.");
        SUMMARY.put(Checks.DOCSTRING_MISMATCH, "The docstring's Revision ID:/Revises: lines disagree with the variables.");
        SUMMARY.put(Checks.DUPLICATE_PREFIX, "Two files share a sequence number such as 004_ (never a date stamp from file_template).");
        SUMMARY.put(Checks.MISSING_CONSTITUTIONAL_HASH, "A migration does not carry the constitutional hash.");
        SUMMARY.put(Checks.UNSAFE_PATH, "A path leaves the repository (symlink or version location) and is not read.");
        SUMMARY.put(Checks.INVALID_CONFIG, "The Alembic configuration (ini, pyproject.toml) cannot be used as Alembic reads it, or a chain cannot be resolved.");
        SUMMARY.put(Checks.UNLOADED_FILE, "A migration sits where the chain's Alembic release does not look (a sub-folder without recursion, a compiled-only file).");
        SUMMARY.put(Checks.DUPLICATE_FILE, "The same file is reached through two version locations; Alembic loads it once.");
        SUMMARY.put(Checks.MERGE_CONFLICT, "A migration file changed differently on a branch and on its target since their merge base.");
        SUMMARY.put(Checks.MULTIPLE_HEADS_AFTER_MERGE, "Merging the branch into its target would leave two heads; the next 'alembic upgrade head' fails.");
        SUMMARY.put(Checks.CANDIDATE_COLLISION, "Two open branches add revisions on the same parent; whichever merges second leaves two heads.");
        SUMMARY.put(Checks.UNDEFINED_DOWN_REVISION, "A migration sets revision but no down_revision; Alembic raises AttributeError.");
    }

    /** A one-sentence description of the check, or the name itself for a check this build does not know. */
    public static String summary(String check) {
        return SUMMARY.getOrDefault(check, check);
    }

    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(SUMMARY);
    }
}
