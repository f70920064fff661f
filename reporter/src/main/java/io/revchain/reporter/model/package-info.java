/**
 * The organisation's picture as the dashboard shows it: one view per repository, open collisions, the aggregate;
 * each branch's status history and fix-branch states ({@link io.revchain.reporter.model.StatusHistory}); the
 * table's filters, severity order and pages ({@link io.revchain.reporter.model.RepoQuery}).
 */
package io.revchain.reporter.model;
