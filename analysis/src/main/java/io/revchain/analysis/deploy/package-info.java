/**
 * What the revisions a database has applied mean against the code: at head, behind by which revisions (in upgrade
 * order), on a revision the code no longer has, several heads the code has merged, or a branch the code dropped.
 * Pure: the rows come from an adapter ({@code deployments}), the history of retired files from {@code git}.
 */
package io.revchain.analysis.deploy;
