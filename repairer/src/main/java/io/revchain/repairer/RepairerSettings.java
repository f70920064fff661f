package io.revchain.repairer;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the repairer service runs, beyond the organisation's {@code revchain.yaml}.
 *
 * @param remoteTimeout  bound on every fetch and push
 * @param env            where credential variables are read from (the process environment in production)
 * @param botName        committer name of fix commits: how the repairer recognises its own branches
 * @param botEmail       committer email of fix commits
 * @param forgeApi       the GitHub REST API base (GitHub Enterprise: {@code https://host/api/v3})
 * @param forgeRepos     repository id → {@code owner/name} on the forge, for remotes whose url does not say it
 *                       (a GitHub url does)
 * @param groupId        the consumer group on {@code revchain.health}
 * @param pollTimeout    how long one poll of the consumer waits
 */
public record RepairerSettings(
        Duration remoteTimeout,
        Map<String, String> env,
        String botName,
        String botEmail,
        URI forgeApi,
        Map<String, String> forgeRepos,
        String groupId,
        Duration pollTimeout) {

    public RepairerSettings {
        Objects.requireNonNull(remoteTimeout, "remoteTimeout");
        env = Map.copyOf(env);
        Objects.requireNonNull(botName, "botName");
        Objects.requireNonNull(botEmail, "botEmail");
        Objects.requireNonNull(forgeApi, "forgeApi");
        forgeRepos = Map.copyOf(forgeRepos);
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    /** 60 s remote timeout, the process environment, the public GitHub API, group {@code revchain-repairer}. */
    public static RepairerSettings defaults() {
        return new RepairerSettings(
                Duration.ofSeconds(60),
                System.getenv(),
                "revchain",
                "revchain@localhost",
                GitHubPulls.GITHUB_API,
                Map.of(),
                "revchain-repairer",
                Duration.ofMillis(500));
    }

    public RepairerSettings withRemoteTimeout(Duration d) {
        return new RepairerSettings(d, env, botName, botEmail, forgeApi, forgeRepos, groupId, pollTimeout);
    }

    public RepairerSettings withEnv(Map<String, String> e) {
        return new RepairerSettings(remoteTimeout, e, botName, botEmail, forgeApi, forgeRepos, groupId, pollTimeout);
    }

    public RepairerSettings withForge(URI api, Map<String, String> repos) {
        return new RepairerSettings(remoteTimeout, env, botName, botEmail, api, repos, groupId, pollTimeout);
    }

    public RepairerSettings withGroupId(String g) {
        return new RepairerSettings(remoteTimeout, env, botName, botEmail, forgeApi, forgeRepos, g, pollTimeout);
    }

    /** Never prints the environment's values. */
    @Override
    public String toString() {
        return "RepairerSettings[remoteTimeout=" + remoteTimeout + ", env=" + env.size() + " variables, botName="
                + botName + ", botEmail=" + botEmail + ", forgeApi=" + forgeApi + ", forgeRepos=" + forgeRepos
                + ", groupId=" + groupId + ", pollTimeout=" + pollTimeout + "]";
    }
}
