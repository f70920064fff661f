/**
 * {@code revchain status}: which databases to read (the {@code --db} URLs or {@code .revchain.yaml}'s environments),
 * which chain and version table each one runs, and what each one's rows mean ({@link StatusRunner}); the result
 * ({@link StatusResult}) and its exit code. Only here and in {@code deployments} does the CLI touch a database.
 */
package io.revchain.app.status;
