package io.revchain.ingest.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one poll cycle did.
 *
 * @param repos   one outcome per configured repository, in configuration order
 * @param files   {@code FileChanged} events committed
 * @param commits {@code CommitScanned} markers committed
 * @param took    wall time of the cycle
 */
public record CycleReport(List<RepoOutcome> repos, int files, int commits, Duration took) {

    public CycleReport {
        repos = List.copyOf(repos);
    }

    /** How a repository fared. */
    public enum Status {
        /** fetched and every watched branch published up to its head */
        OK,
        /** could not be reached (a {@code RepoUnavailable} was published) */
        UNAVAILABLE,
        /** fetched, but a branch could not be scanned or published (it is retried next cycle) */
        FAILED,
        /** still waiting for its backoff to end */
        BACKING_OFF
    }

    /**
     * @param repo    repository id
     * @param status  how it fared
     * @param files   {@code FileChanged} events committed for it
     * @param commits markers committed for it
     * @param detail  why it is not OK, else empty
     */
    public record RepoOutcome(String repo, Status status, int files, int commits, String detail) {}

    /** The outcome of {@code repo}, if it was configured. */
    public Optional<RepoOutcome> repo(String repo) {
        return repos.stream().filter(r -> r.repo().equals(repo)).findFirst();
    }
}
