/**
 * The {@code revchain} command line: {@link io.revchain.app.Main} decides the exit status (0 healthy, 1 findings, 2
 * anything else) and that a failure is one line on stderr.
 */
package io.revchain.app;
