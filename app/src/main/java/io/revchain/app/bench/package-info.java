/**
 * {@code revchain bench}: reproducible measurements (the pipeline, {@code check} against Alembic, the parser, the
 * embedded broker) printed as Markdown for BENCHMARKS.md. Speed lives here, never in a timed test.
 */
package io.revchain.app.bench;
