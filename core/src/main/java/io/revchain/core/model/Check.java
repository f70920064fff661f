package io.revchain.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every check revchain runs: its stable kebab-case name on the wire (JSON, SARIF, text, {@code .revchain.yaml}),
 * what its findings are about ({@link Scope}), the severity it always gives where it gives only one, and the
 * one-line description shown by {@code revchain checks}, SARIF rules and the dashboard.
 *
 * <p>It decides two things the analysis and the repair ask of a check: whether its findings relate several files
 * ({@link #relatesFiles()}: capped per chain, recomputed over the whole chain by incremental analysis) and whether
 * a finding describes the chain's shape rather than one file ({@link #describesChainShape()}: in a repair, any
 * one finding of it stands for all of them).
 */
public enum Check {
    UNPARSEABLE_FILE(
            "unparseable-file", Scope.FILE, Severity.ERROR, false, "A migration file cannot be read as Python source."),
    MISSING_REVISION_ID(
            "missing-revision-id",
            Scope.FILE,
            Severity.ERROR,
            false,
            "A .py file in a versions folder defines no revision id."),
    NON_LITERAL_VALUE(
            "non-literal-value",
            Scope.FILE,
            null,
            false,
            "A revision variable is computed, so the chain cannot be verified statically."),
    EMPTY_DOWN_REVISION(
            "empty-down-revision",
            Scope.FILE,
            null,
            false,
            "down_revision is the empty string: a base for Alembic 1.8.1, a broken reference for later releases."),
    INVALID_REVISION_ID(
            "invalid-revision-id",
            Scope.FILE,
            Severity.ERROR,
            false,
            "A revision id is not a string or holds characters Alembic forbids."),
    DUPLICATE_REVISION(
            "duplicate-revision",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "Two files declare the same revision id; Alembic silently runs only one."),
    MISSING_DOWN_REVISION(
            "missing-down-revision",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "down_revision names a revision that no file declares (a broken reference)."),
    MISSING_DEPENDENCY(
            "missing-dependency",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "depends_on names a revision or label that does not exist."),
    DOWN_REVISION_IS_LABEL(
            "down-revision-is-label",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "down_revision names a branch label instead of a revision id."),
    SELF_LOOP(
            "self-loop",
            Scope.FILE,
            Severity.ERROR,
            false,
            "A revision names itself as its down_revision or dependency."),
    CYCLE("cycle", Scope.CHAIN, Severity.ERROR, true, "down_revision links form a loop."),
    DEPENDENCY_CYCLE(
            "dependency-cycle",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "depends_on links form a loop, or depend on a descendant (Alembic then loops forever)."),
    MULTIPLE_BASES(
            "multiple-bases",
            Scope.CHAIN,
            Severity.WARNING,
            true,
            "The chain has more than one base (a revision without down_revision)."),
    MULTIPLE_HEADS(
            "multiple-heads",
            Scope.CHAIN,
            Severity.WARNING,
            true,
            "The chain has more than one head; 'alembic upgrade head' fails."),
    DISCONNECTED_BRANCH(
            "disconnected-branch",
            Scope.CHAIN,
            Severity.WARNING,
            true,
            "Some revisions have no path to the chain's main base."),
    BRANCH_LABEL_CONFLICT(
            "branch-label-conflict",
            Scope.CHAIN,
            Severity.ERROR,
            false,
            "A branch label is used by two revisions or equals a revision id."),
    DOCSTRING_MISMATCH(
            "docstring-mismatch",
            Scope.FILE,
            Severity.WARNING,
            false,
            "The docstring's Revision ID:/Revises: lines disagree with the variables."),
    DUPLICATE_PREFIX(
            "duplicate-prefix",
            Scope.CHAIN,
            Severity.WARNING,
            false,
            "Two files share a sequence number such as 004_ (never a date stamp from file_template)."),
    MISSING_CONSTITUTIONAL_HASH(
            "missing-constitutional-hash",
            Scope.FILE,
            Severity.ERROR,
            false,
            "A migration does not carry the constitutional hash."),
    UNSAFE_PATH(
            "unsafe-path",
            Scope.REPOSITORY,
            Severity.ERROR,
            false,
            "A path leaves the repository (symlink or version location) and is not read."),
    /** The file sets {@code revision} but no {@code down_revision} (Alembic: AttributeError on every command). */
    UNDEFINED_DOWN_REVISION(
            "undefined-down-revision",
            Scope.FILE,
            Severity.ERROR,
            false,
            "A migration sets revision but no down_revision; Alembic raises AttributeError."),
    /** An {@code alembic.ini} that Alembic cannot use as written (missing key, bad interpolation, bad separator). */
    INVALID_CONFIG(
            "invalid-config",
            Scope.REPOSITORY,
            null,
            false,
            "The Alembic configuration (ini, pyproject.toml) cannot be used as Alembic reads it, or a chain cannot be resolved."),
    /** A migration file that Alembic 1.8.1 will not load (in a sub-folder, compiled-only, a directory). */
    UNLOADED_FILE(
            "unloaded-file",
            Scope.REPOSITORY,
            null,
            false,
            "A migration sits where the chain's Alembic release does not look (a sub-folder without recursion, a compiled-only file)."),
    /** The same real file is reached through two version locations (Alembic warns and loads it once). */
    DUPLICATE_FILE(
            "duplicate-file",
            Scope.REPOSITORY,
            Severity.WARNING,
            false,
            "The same file is reached through two version locations; Alembic loads it once."),
    /** A migration file changed on both the candidate branch and its target since their merge base. */
    MERGE_CONFLICT(
            "merge-conflict",
            Scope.MERGE,
            Severity.ERROR,
            false,
            "A migration file changed differently on a branch and on its target since their merge base."),
    /** Merging the candidate branch into its target would leave more heads than either side has. */
    MULTIPLE_HEADS_AFTER_MERGE(
            "multiple-heads-after-merge",
            Scope.MERGE,
            Severity.ERROR,
            false,
            "Merging the branch into its target would leave two heads; the next 'alembic upgrade head' fails."),
    /** Two open candidate branches add revisions that, once both are merged, leave two heads. */
    CANDIDATE_COLLISION(
            "candidate-collision",
            Scope.MERGE,
            Severity.WARNING,
            false,
            "Two open branches add revisions on the same parent; whichever merges second leaves two heads."),
    /** A {@code # revchain: ignore[...]} comment that suppresses nothing, or cannot be read. */
    UNUSED_SUPPRESSION(
            "unused-suppression",
            Scope.FILE,
            Severity.WARNING,
            false,
            "A '# revchain: ignore[...]' comment suppresses no finding, names an unknown check, or cannot be read."),
    /** The head file written by {@code revchain lock} names other heads than the chain has. */
    STALE_HEAD_LOCK(
            "stale-head-lock",
            Scope.REPOSITORY,
            Severity.ERROR,
            false,
            "The head file written by 'revchain lock' does not name the chain's current heads."),
    /** An id typed as a placeholder or a pattern ({@code a1b2c3d4e5f6}), not generated: it collides across repositories. */
    PLACEHOLDER_REVISION_ID(
            "placeholder-revision-id",
            Scope.FILE,
            Severity.INFO,
            false,
            "A revision id is a placeholder or a low-entropy pattern (a1b2c3d4e5f6, 000000000000) instead of a generated id."),
    /** Hand-numbered ids ({@code 0007}) in a chain whose other ids are generated. */
    HAND_TYPED_REVISION_ID(
            "hand-typed-revision-id",
            Scope.CHAIN,
            Severity.INFO,
            false,
            "A chain of mostly generated ids also holds hand-numbered ones (0001, 0002), which two branches number alike."),
    /** The file's name opens with another revision id than the one the file declares. */
    FILE_NAME_MISMATCH(
            "file-name-mismatch",
            Scope.FILE,
            Severity.WARNING,
            false,
            "The file name opens with a revision id other than the one the file declares."),
    /** A migration's {@code upgrade()} or {@code downgrade()} changed after an environment applied it. */
    APPLIED_MIGRATION_EDITED(
            "applied-migration-edited",
            Scope.DEPLOYMENT,
            Severity.ERROR,
            false,
            "A migration's upgrade() or downgrade() changed after a database applied it; that database never runs "
                    + "the new body."),
    /** A database stands on a revision the code no longer declares (a deleted or squashed file). */
    STRANDED_ENVIRONMENT(
            "stranded-environment",
            Scope.DEPLOYMENT,
            Severity.ERROR,
            false,
            "A database stands on a revision no file declares any more; every 'alembic upgrade' there fails until a "
                    + "placeholder or 'alembic stamp' keeps it upgradable.");

    /** What a check's findings are about. */
    public enum Scope {
        /** One file alone: the same finding whatever the other files say. */
        FILE,
        /** Several files of one chain: references, labels, loops, heads and bases, shared prefixes. */
        CHAIN,
        /** The repository's layout and configuration: ini files, version locations, paths. */
        REPOSITORY,
        /** A branch merged into its target, or two open branches together. */
        MERGE,
        /** What a database has applied against the code ({@code revchain status}). */
        DEPLOYMENT
    }

    private static final Map<String, Check> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Check::wire, Function.identity()));
    private static final List<String> WIRE_NAMES =
            Arrays.stream(values()).map(Check::wire).toList();

    private final String wire;
    private final Scope scope;
    private final Severity severity;
    private final boolean chainShape;
    private final String description;

    Check(String wire, Scope scope, Severity severity, boolean chainShape, String description) {
        this.wire = wire;
        this.scope = scope;
        this.severity = severity;
        this.chainShape = chainShape;
        this.description = description;
    }

    /** The stable kebab-case name, as findings, reports and configuration files spell it. */
    public String wire() {
        return wire;
    }

    public Scope scope() {
        return scope;
    }

    /** The one severity this check gives under the {@code alembic} policy; empty where it depends on the finding. */
    public Optional<Severity> severity() {
        return Optional.ofNullable(severity);
    }

    public String description() {
        return description;
    }

    /** Its findings depend on more than one file: capped per chain, and never a single file's own finding. */
    public boolean relatesFiles() {
        return scope == Scope.CHAIN;
    }

    /**
     * A finding of it describes the chain's shape (heads, bases, connectedness, a loop), not one file: in a repair
     * any one of its findings stands for all of them.
     */
    public boolean describesChainShape() {
        return chainShape;
    }

    /** The check named {@code wire}, or empty for a name this build does not know. */
    public static Optional<Check> of(String wire) {
        return Optional.ofNullable(wire == null ? null : BY_WIRE.get(wire));
    }

    /** The description of the check named {@code wire}, or the name itself for a check this build does not know. */
    public static String describe(String wire) {
        return of(wire).map(Check::description).orElse(wire);
    }

    /** Every wire name, in declaration order. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }

    /** The wire name, so a check reads the same in a message as on the wire. */
    @Override
    public String toString() {
        return wire;
    }
}
