/**
 * What merging a candidate branch into its target would leave, three-way at file level from the merge base, before
 * anyone merges it.
 */
package io.revchain.analysis.merge;
