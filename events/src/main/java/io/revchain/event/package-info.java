/**
 * The wire between the services: event records with their schema versions, the one Jackson configuration that writes
 * and reads them, the topic registry pairing each topic with its serdes, and the keys records are partitioned by.
 */
package io.revchain.event;
