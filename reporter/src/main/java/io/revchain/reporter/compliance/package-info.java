/**
 * Whether the organisation meets its targets: latency and rate windows, compliance measured against the targets.
 */
package io.revchain.reporter.compliance;
