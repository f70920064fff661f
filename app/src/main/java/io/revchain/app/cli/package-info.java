/**
 * The picocli commands and their options; each command is a thin adapter over the pure modules or the services.
 */
package io.revchain.app.cli;
