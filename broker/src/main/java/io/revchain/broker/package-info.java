/**
 * A real Kafka broker or cluster in this JVM (KRaft, from Kafka's own jars, no Docker), for {@code demo}, {@code run}
 * without a cluster, and the integration tests.
 */
package io.revchain.broker;
