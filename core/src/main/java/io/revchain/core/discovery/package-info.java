/**
 * Which chains a repository runs and which files belong to each, decided statically the way Alembic would find them
 * ({@code alembic.ini} sections, {@code pyproject.toml}, package resources, sub-folders), over a {@link
 * io.revchain.core.tree.SourceTree}; nothing is imported or executed.
 */
package io.revchain.core.discovery;
