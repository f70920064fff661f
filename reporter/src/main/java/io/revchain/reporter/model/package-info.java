/**
 * The organisation's picture as the dashboard shows it: one view per repository, open collisions, the aggregate.
 */
package io.revchain.reporter.model;
