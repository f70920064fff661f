package io.revchain.analyzer.stream;

import java.time.Instant;

/**
 * One value of the applied-bodies store: a revision's {@code upgrade()}/{@code downgrade()} fingerprint as the
 * branch's files held it when an environment first reported the revision applied.
 *
 * @param fingerprint the body fingerprint then, {@code null} when the file's event carried none
 * @param commit      the branch's commit at that moment
 * @param observedAt  the observation that first reported it applied
 */
public record AppliedBody(String fingerprint, String commit, Instant observedAt) {}
