/**
 * What Python (and so Alembic) would see in a migration file, without running it: a tokenizer following Python's
 * lexical rules, an {@code ast.literal_eval} equivalent, the docstring reader and module constants resolved from the
 * repository's own source. Iterative and linear in the input.
 */
package io.revchain.core.parse;
