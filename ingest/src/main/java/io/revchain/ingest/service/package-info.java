/**
 * The ingest service: polls the repositories, publishes each commit's events then its marker, resumes from the stored
 * ingest state, and turns a file too large for a record into a finding.
 */
package io.revchain.ingest.service;
