package io.revchain.git;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.config.RepositorySpec;
import io.revchain.testkit.GitFixture;
import io.revchain.testkit.SilentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {

    @TempDir
    Path tmp;

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aRemoteThatNeverAnswersCostsAtMostTheTimeout() throws Exception {
        // Given an HTTP "remote" that accepts connections and never says a word
        try (SilentServer silent = new SilentServer()) {
            RepositorySpec spec = RepositorySpec.of("hang", "http://127.0.0.1:" + silent.port() + "/x.git");

            // When it is cloned with a 2 s timeout
            long start = System.nanoTime();
            assertThatThrownBy(() -> GitMirror.sync(spec, tmp, Duration.ofSeconds(2), Map.of(), executor))
                    .isInstanceOf(GitUnavailableException.class);

            // Then the attempt gives up in bounded time and leaves no half clone behind
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            try (var s = Files.list(tmp)) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("hang"))
                                .toList())
                        .isEmpty();
            }
        }
    }

    @Test
    void aMissingCredentialsVariableIsNamedAndTheSecretNeverRead() {
        RepositorySpec spec =
                RepositorySpec.of("priv", "https://git.example.org/x.git").withCredentials("GIT_TOKEN_PRIV");
        assertThatThrownBy(() -> GitMirror.sync(spec, tmp, Duration.ofSeconds(2), Map.of(), executor))
                .isInstanceOf(GitUnavailableException.class)
                .hasMessageContaining("GIT_TOKEN_PRIV")
                .hasMessageContaining("not set");
    }

    @Test
    void clonesThenFetchesAndFollowsAForcePush() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("git"))) {
            g.write("v/001.py", migration("001", null));
            var c1 = g.commit("one");
            g.push("main", false);
            RepositorySpec spec = RepositorySpec.of("r", g.remote().toString());
            try (GitMirror m = GitMirror.sync(spec, tmp.resolve("work"), Duration.ofSeconds(10), Map.of(), executor)) {
                assertThat(m.defaultBranch()).contains("main");
                assertThat(m.head("main")).contains(c1.getId());
                assertThat(m.head("nope")).isEmpty();
            }
            g.write("v/002.py", migration("002", "001"));
            g.commit("two");
            g.resetHard(c1);
            g.write("v/003.py", migration("003", "001"));
            var c3 = g.commit("three");
            g.push("main", true);
            try (GitMirror m = GitMirror.sync(spec, tmp.resolve("work"), Duration.ofSeconds(10), Map.of(), executor)) {
                assertThat(m.head("main")).contains(c3.getId());
            }
        }
    }

    @Test
    void aFirstCloneTakesOnlyTheHeadsAndLaterFetchesBuildOnIt() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("git"))) {
            // Given a remote with three commits
            g.write("v/001.py", migration("001", null));
            var c1 = g.commit("one");
            g.write("v/002.py", migration("002", "001"));
            var c2 = g.commit("two");
            g.push("main", false);
            RepositorySpec spec = RepositorySpec.of("r", g.remote().toString());
            GitMirror.Options headsOnly = new GitMirror.Options(true, false);

            // When it is cloned heads-only
            try (GitMirror m =
                    GitMirror.sync(spec, tmp.resolve("work"), Duration.ofSeconds(10), Map.of(), executor, headsOnly)) {
                // Then the head is there, its parent is not
                assertThat(m.head("main")).contains(c2.getId());
                assertThat(m.repository().getObjectDatabase().has(c2.getId())).isTrue();
                assertThat(m.repository().getObjectDatabase().has(c1.getId())).isFalse();
            }

            // And a later commit is fetched on top of the shallow boundary, its parent readable for a diff
            g.write("v/003.py", migration("003", "002"));
            var c3 = g.commit("three");
            g.push("main", false);
            try (GitMirror m = GitMirror.sync(
                            spec, tmp.resolve("work"), Duration.ofSeconds(10), Map.of(), executor, headsOnly);
                    RepoScanner s = new RepoScanner(m.repository())) {
                assertThat(m.head("main")).contains(c3.getId());
                var chain = s.newCommits(c2.name(), c3.getId()).orElseThrow();
                assertThat(chain).extracting(c -> c.getId()).containsExactly(c3.getId());
                assertThat(s.diff(s.commit(c2.getId()), chain.get(0)))
                        .extracting(t -> t.newPath())
                        .containsExactly("v/003.py");
            }
        }
    }

    @Test
    void aLocalRepositoryIsReadInPlaceAndFollowsItsForcePushes() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("git"))) {
            g.write("v/001.py", migration("001", null));
            var c1 = g.commit("one");
            g.push("main", false);
            RepositorySpec spec = RepositorySpec.of("r", g.remote().toString());
            GitMirror.Options inPlace = new GitMirror.Options(true, true);
            Path work = tmp.resolve("work");

            // When a local remote is synced in place
            try (GitMirror m = GitMirror.sync(spec, work, Duration.ofSeconds(10), Map.of(), executor, inPlace)) {
                // Then its refs are the remote's own, and nothing was copied into the work directory
                assertThat(m.head("main")).contains(c1.getId());
                assertThat(m.defaultBranch()).contains("main");
                assertThat(m.repository().getDirectory().toPath().toRealPath())
                        .isEqualTo(g.remote().toRealPath());
            }
            assertThat(Files.exists(work)).isFalse();

            // And a force-push is seen as it is
            g.write("v/002.py", migration("002", "001"));
            g.commit("two");
            g.resetHard(c1);
            g.write("v/003.py", migration("003", "001"));
            var c3 = g.commit("three");
            g.push("main", true);
            try (GitMirror m = GitMirror.sync(spec, work, Duration.ofSeconds(10), Map.of(), executor, inPlace)) {
                assertThat(m.head("main")).contains(c3.getId());
            }

            // And a local path that is no repository falls back to a clone, which says what is wrong
            RepositorySpec missing =
                    RepositorySpec.of("gone", tmp.resolve("nothing-here").toString());
            assertThatThrownBy(() -> GitMirror.sync(missing, work, Duration.ofSeconds(10), Map.of(), executor, inPlace))
                    .isInstanceOf(GitUnavailableException.class);
        }
    }
}
