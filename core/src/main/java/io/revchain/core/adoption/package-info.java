/**
 * Adopting revchain on a repository that already has findings: which findings are the same from one run to the next
 * ({@link io.revchain.core.adoption.Fingerprint}), which are recorded in a baseline and so not reported again
 * ({@link io.revchain.core.adoption.Baseline}), which a {@code # revchain: ignore[...]} comment suppresses and which
 * such comments suppress nothing ({@link io.revchain.core.adoption.Suppressions}), and whether the head file written by
 * {@code revchain lock} is stale ({@link io.revchain.core.adoption.HeadLock}). Plain decisions over text and findings;
 * reading and writing the files is the caller's.
 */
package io.revchain.core.adoption;
