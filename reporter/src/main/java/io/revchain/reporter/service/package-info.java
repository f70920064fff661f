/**
 * The reporter service: consumes the reports and proposals, serves the dashboard, its JSON API and {@code /metrics},
 * and publishes compliance snapshots.
 */
package io.revchain.reporter.service;
