/**
 * Which chains a commit's tree holds and how a commit changed them: the chain layout resolved over a git tree, and
 * the file changes between two commits classified per chain.
 */
package io.revchain.git.layout;
