package io.revchain.repairer;

import java.io.IOException;

/** A forge that keeps one open pull request per fix branch: {@link GitHubPulls}, or a recorder in a unit test. */
@FunctionalInterface
interface PullRequests {

    /**
     * Makes sure an open pull request from {@code head} into {@code base} carries {@code title} and {@code body}.
     *
     * @param repository {@code owner/name}
     * @throws IOException when the forge refuses or does not answer (the message never holds the token)
     */
    GitHubPulls.Result ensure(String repository, String token, String head, String base, String title, String body)
            throws IOException;
}
