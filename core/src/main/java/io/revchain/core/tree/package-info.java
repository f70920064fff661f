/**
 * How a repository's files are reached, on disk or in memory (a git tree is an adapter elsewhere): one rule for
 * opening every file (no link out of the root, a size cap) and where a dotted Python name lives.
 */
package io.revchain.core.tree;
