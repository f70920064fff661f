package io.revchain.git;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.config.SshSettings;
import io.revchain.testkit.GitFixture;
import io.revchain.testkit.SilentServer;
import io.revchain.testkit.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's mirror against a real SSH git server in the JVM (Apache MINA sshd + JGit's upload-pack): keys made by
 * the test, a home directory of the test's own ({@code HOME} in the environment map), nothing mocked.
 */
class GitMirrorSshTest {

    /** Every sync is bounded by this; a prompt would wait for it and fail the test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });
    private GitFixture git;
    private SshGitServer server;
    private Path home;
    private KeyPair clientKey;
    private Path clientKeyFile;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        git = GitFixture.create(tmp.resolve("git"));
        server = SshGitServer.start(tmp.resolve("git"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        clientKey = SshGitServer.newKeyPair();
        clientKeyFile = SshGitServer.writePrivateKey(clientKey, tmp.resolve("keys/deploy"), null);
        server.authorize(clientKey.getPublic());
        env = Map.of("HOME", home.toString());
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdownNow();
        server.close();
        git.close();
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + server.port() + "/remote.git";
    }

    private RevCommit firstCommit() throws Exception {
        git.write("v/001.py", migration("001", null));
        RevCommit c = git.commit("one");
        git.push("main", false);
        return c;
    }

    private Path knownHosts(String... lines) throws Exception {
        return Files.writeString(tmp.resolve("known_hosts"), String.join("\n", lines) + "\n");
    }

    @Test
    void mirrorsAnSshRemoteWithTheConfiguredKeyAndKnownHostsThenFetchesNewCommits() throws Exception {
        RevCommit c1 = firstCommit();
        Path kh = knownHosts(server.knownHostsLine("127.0.0.1"));
        RepositorySpec spec =
                RepositorySpec.of("org/app", url()).withSsh(new SshSettings(clientKeyFile.toString(), kh.toString()));

        try (GitMirror m = GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor)) {
            assertThat(m.defaultBranch()).contains("main");
            assertThat(m.head("main")).contains(c1.getId());
        }
        git.write("v/002.py", migration("002", "001"));
        RevCommit c2 = git.commit("two");
        git.push("main", false);
        try (GitMirror m = GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor)) {
            assertThat(m.head("main")).contains(c2.getId());
        }
    }

    @Test
    void anScpLikeUrlUsesHomeFromTheEnvironment() throws Exception {
        // ~/.ssh of the environment's HOME: its config (an alias with the port), default identity and known_hosts
        RevCommit c1 = firstCommit();
        SshGitServer.writePrivateKey(clientKey, home.resolve(".ssh/id_ecdsa"), null);
        Files.writeString(
                home.resolve(".ssh/config"), "Host gitserver\n  HostName 127.0.0.1\n  Port " + server.port() + "\n");
        Files.writeString(
                home.resolve(".ssh/known_hosts"),
                server.knownHostsLine("gitserver") + "\n" + server.knownHostsLine("127.0.0.1") + "\n");
        RepositorySpec spec = RepositorySpec.of("org/app", "git@gitserver:remote.git");

        try (GitMirror m = GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor)) {
            assertThat(m.head("main")).contains(c1.getId());
        }
    }

    @Test
    void anUnknownHostIsRefusedWithTheLineToAddAndNeverWrittenDown() throws Exception {
        firstCommit();
        Path kh = knownHosts("# nothing known yet");
        RepositorySpec spec =
                RepositorySpec.of("org/app", url()).withSsh(new SshSettings(clientKeyFile.toString(), kh.toString()));

        assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("repository 'org/app'")
                .hasMessageContaining("unknown ssh host [127.0.0.1]:" + server.port())
                .hasMessageContaining("add this line to " + kh + ": " + server.knownHostsLine("127.0.0.1"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readString(kh)).isEqualTo("# nothing known yet\n");
        assertNoMirror();
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        firstCommit();
        KeyPair other = SshGitServer.newKeyPair();
        Path kh = knownHosts("[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(other.getPublic()));
        RepositorySpec spec =
                RepositorySpec.of("org/app", url()).withSsh(new SshSettings(clientKeyFile.toString(), kh.toString()));

        assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("repository 'org/app'")
                .hasMessageContaining("host key of [127.0.0.1]:" + server.port() + " changed")
                .hasMessageContaining(server.knownHostsLine("127.0.0.1"));
        assertNoMirror();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedWithoutAskingForAPassword() throws Exception {
        firstCommit();
        Path stranger = SshGitServer.writePrivateKey(SshGitServer.newKeyPair(), tmp.resolve("keys/stranger"), null);
        Path kh = knownHosts(server.knownHostsLine("127.0.0.1"));
        RepositorySpec spec =
                RepositorySpec.of("org/app", url()).withSsh(new SshSettings(stranger.toString(), kh.toString()));

        assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("repository 'org/app'")
                .hasMessageContaining("refused the key " + stranger)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertNoMirror();
    }

    @Test
    void aPassphraseProtectedKeyIsAnErrorNotAPrompt() throws Exception {
        firstCommit();
        Path locked = SshGitServer.writePrivateKey(clientKey, tmp.resolve("keys/locked"), "secret words");
        Path kh = knownHosts(server.knownHostsLine("127.0.0.1"));
        RepositorySpec spec =
                RepositorySpec.of("org/app", url()).withSsh(new SshSettings(locked.toString(), kh.toString()));

        assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("repository 'org/app'")
                .hasMessageContaining("passphrase")
                .hasMessageContaining("never prompts");
        assertNoMirror();
    }

    @Test
    void aMissingConfiguredKeyIsNamedBeforeAnyConnection() {
        RepositorySpec spec = RepositorySpec.of("org/app", url())
                .withSsh(new SshSettings(tmp.resolve("keys/none").toString(), null));
        assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), TIMEOUT, env, executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("repository 'org/app'")
                .hasMessageContaining(tmp.resolve("keys/none").toString());
    }

    @Test
    void anSshServerThatNeverAnswersCostsAtMostTheTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            RepositorySpec spec = RepositorySpec.of("hang", "ssh://git@127.0.0.1:" + silent.port() + "/x.git")
                    .withSsh(new SshSettings(clientKeyFile.toString(), null));

            long start = System.nanoTime();
            assertThatThrownBy(() -> GitMirror.sync(spec, tmp.resolve("work"), Duration.ofSeconds(2), env, executor))
                    .isInstanceOf(GitUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    private void assertNoMirror() throws Exception {
        Path work = tmp.resolve("work");
        if (Files.isDirectory(work)) {
            try (var s = Files.list(work)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }
}
