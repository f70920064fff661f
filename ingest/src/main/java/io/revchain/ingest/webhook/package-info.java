/**
 * Push webhooks, pure: whether a forge's request is signed with the repository's secret, which configured
 * repository and branch it names, whether it is a replay, and what ingest answers and publishes.
 */
package io.revchain.ingest.webhook;
