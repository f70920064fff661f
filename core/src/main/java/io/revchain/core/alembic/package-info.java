/**
 * Which Alembic release a chain is held to and what that release does differently: the pin read from a repository's
 * dependency and lock files, {@code [tool.alembic]}, and one predicate per behaviour that changed between releases
 * (docs/ALEMBIC-RELEASES.md). Pure: no I/O beyond the strings it is given.
 */
package io.revchain.core.alembic;
