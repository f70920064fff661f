/**
 * How the services run in one process: the platform (the embedded broker or a cluster), the pipeline of the four
 * services, the metrics server and the work-directory lock.
 */
package io.revchain.app.service;
