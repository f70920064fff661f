/**
 * The one place revchain talks to a database: {@link VersionTableReader} reads Alembic's version table through
 * JDBC, read-only (a read-only connection, one {@code SELECT}, never a write or DDL), bounded by connect, socket and
 * statement timeouts, and turns every failure into a {@link VersionRead} that says what went wrong without a
 * password in it. An adapter: it depends on {@code core} only.
 */
package io.revchain.deployments;
