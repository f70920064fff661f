/**
 * The same answer as a full analysis after each commit, reached by the cheapest path that provably equals it: one
 * incremental chain per branch and chain.
 */
package io.revchain.analysis.incremental;
