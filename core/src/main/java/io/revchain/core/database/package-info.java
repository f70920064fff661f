/**
 * Which database a URL names and how to read its version table: SQLAlchemy and JDBC URLs translated to one JDBC
 * form ({@link DatabaseUrl}), a password in a URL refused, the version table's name and schema checked and quoted
 * ({@link VersionTable}). Pure: nothing here connects; the {@code deployments} module does.
 */
package io.revchain.core.database;
