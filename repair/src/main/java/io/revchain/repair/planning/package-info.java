/**
 * How a broken chain is repaired: the merge and linearize strategies, rebase plans for candidates, the files they
 * write in the folder's own style, verified by re-checking the result before anything is proposed; {@code PlanWriter}
 * writes a plan atomically and only inside a version folder.
 */
package io.revchain.repair.planning;
