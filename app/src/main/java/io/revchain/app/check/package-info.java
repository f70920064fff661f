/**
 * What {@code revchain check} reports for a working copy: every chain checked under its policy and Alembic release,
 * and {@code --against} (the merge into another ref).
 */
package io.revchain.app.check;
