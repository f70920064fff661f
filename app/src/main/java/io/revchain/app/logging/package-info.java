/**
 * How the {@code revchain} process logs: one SLF4J binding (logback), configured in code, text or JSON lines on
 * stderr ({@code REVCHAIN_LOG_FORMAT}), with the libraries' chatter kept off the console.
 */
package io.revchain.app.logging;
