/**
 * Whether a chain is healthy: the revision graph, Alembic's own build and walk of it replayed step by step (with the
 * exception Alembic would raise), and every check turned into findings. Pure: no Kafka, no I/O.
 */
package io.revchain.analysis;
