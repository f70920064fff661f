/**
 * Interactive queries over the analyzer's stores, answered by the instance that owns the key (forwarded otherwise).
 */
package io.revchain.analyzer.serve;
