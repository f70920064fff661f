/**
 * The resident server of the short commands: one warm JVM per working directory that the launcher hands a command
 * line to, who may ask it (a token in a file only its user reads), what it answers and when it stops.
 */
package io.revchain.app.server;
