package io.revchain.repairer;

import io.revchain.repair.planning.AppliedEnvironments;

/**
 * The repairer's input about databases: for one repository and one of its chains, what each environment has
 * applied. The planner protects every revision named there, as it protects the hand-written {@code deployed:} list.
 */
@FunctionalInterface
interface AppliedSource {

    /** Nothing known: only {@code deployed:} protects revisions. */
    AppliedSource NONE = (repo, chain, chains) -> AppliedEnvironments.none();

    /**
     * @param repo   the repository id
     * @param chain  the chain's name ({@code ChainSource.name()})
     * @param chains how many chains the repository has at the planned commit
     */
    AppliedEnvironments applied(String repo, String chain, int chains);
}
