/**
 * The repairer service: turns an unhealthy report into a verified plan and decides what to push (one {@code
 * revchain/fix-…} branch per plan, never over someone else's commit), and what to propose.
 */
package io.revchain.repairer;
