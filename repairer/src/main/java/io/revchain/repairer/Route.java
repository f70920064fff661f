package io.revchain.repairer;

/**
 * What the repairer does with one health report, as {@link ReportRouter} decides it. Each decision says whether
 * the repository's mirror is needed and whether anything may be pushed; carrying it out is {@link ReportHandler}'s.
 */
public sealed interface Route {

    /** The reason of a {@link Skip} for a repository that is not in the organisation's configuration. */
    String NOT_CONFIGURED = "repository not configured";

    /** Nothing is published and nothing is pushed. */
    record Skip(String reason) implements Route {}

    /** The proposal of the report's key is withdrawn (a tombstone); no git work, since nothing may be pushed. */
    record Withdraw() implements Route {}

    /** The proposal is withdrawn and the repairer's fix branches of the report's branch are deleted. */
    record CleanFixes() implements Route {}

    /** The repair is planned at the report's commit and proposed; committed and pushed when {@code push}. */
    record Fix(boolean push) implements Route {}

    /** A candidate's merge preview without a collision: withdrawn, and its rebase branches deleted. */
    record CleanRebases() implements Route {}

    /** A candidate whose merge would leave two heads: its rebase is planned, and pushed when {@code push}. */
    record Rebase(boolean push) implements Route {}
}
