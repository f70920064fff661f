/**
 * A stand-alone load generator for the ingest service against a running cluster (a {@code main}, not part of the
 * product's commands).
 */
package io.revchain.ingest.bench;
