/**
 * What ingest publishes for a commit and when: which refs to scan, how a tree change becomes file events and a commit
 * marker, and how long to back off after a failure.
 */
package io.revchain.ingest.plan;
