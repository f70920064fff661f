/**
 * The analyzer service: a Kafka Streams topology that keeps each branch's scripts in state stores and reports a
 * chain's health at commit boundaries, dead-lettering records it cannot read.
 */
package io.revchain.analyzer.stream;
