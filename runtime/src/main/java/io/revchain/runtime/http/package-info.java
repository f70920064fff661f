/**
 * How every HTTP endpoint of the services is served against hostile clients: the JDK's server behind a watchdog that
 * closes slow requests, with a pool that leaves threads for Prometheus.
 */
package io.revchain.runtime.http;
