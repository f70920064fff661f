package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Strategy;
import io.revchain.git.FixRefs;
import io.revchain.testkit.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing fixes with no broker: a real bare repository is the remote, the repairer's mirror is a bare clone of
 * it, and the forge is a recorder. Pushes land under {@code refs/heads/revchain/} only, and nothing else leaves.
 */
class FixPublisherTest {

    private static final String TOKEN = "ghp_FIXPUBLISHER_do_not_leak_0987654321";

    @TempDir
    Path tmp;

    private GitFixture repo;
    private Git mirror;
    private RevCommit broken;
    private RepositorySpec spec;
    private final List<List<String>> pullCalls = new ArrayList<>();
    private PullRequests forge;
    private FixPublisher publisher;

    @BeforeEach
    void brokenRepositoryItsMirrorAndARecordingForge() throws Exception {
        repo = Checkouts.broken(tmp.resolve("r"));
        broken = repo.git().log().setMaxCount(1).call().iterator().next();
        mirror = Git.cloneRepository()
                .setBare(true)
                .setURI(repo.remote().toUri().toString())
                .setDirectory(tmp.resolve("mirror.git").toFile())
                .call();
        spec = RepositorySpec.of("app", repo.remote().toString())
                .withBranches(List.of("main"))
                .withCredentials("APP_TOKEN")
                .withPush(true)
                .withStrategy(Strategy.MERGE);
        forge = (repository, token, head, base, title, body) -> {
            pullCalls.add(List.of(repository, token, head, base, title, body));
            return new GitHubPulls.Result(
                    pullCalls.size() == 1 ? GitHubPulls.Action.OPENED : GitHubPulls.Action.UNCHANGED,
                    7,
                    "http://forge/pr/7");
        };
        publisher = publisher(forge);
    }

    @AfterEach
    void closeRepositories() {
        mirror.close();
        repo.close();
    }

    private FixPublisher publisher(PullRequests pulls) {
        RepairerSettings settings = RepairerSettings.defaults()
                .withEnv(Map.of("APP_TOKEN", TOKEN))
                .withRemoteTimeout(Duration.ofSeconds(10))
                .withForge(URI.create("http://127.0.0.1:9"), Map.of("app", "acme/app"));
        return new FixPublisher(settings, pulls, new RepairerMetrics(new SimpleMeterRegistry()));
    }

    private RepoPlan plan() throws IOException {
        return new CommitPlanner("cdd01ef066bc6cf2")
                .plan(mirror.getRepository(), broken, spec, tmp.resolve("scratch-" + System.nanoTime()));
    }

    /** Every ref of the remote with its tip. */
    private Map<String, ObjectId> remoteRefs() throws IOException {
        try (Repository r = new FileRepositoryBuilder()
                .setGitDir(repo.remote().toFile())
                .setMustExist(true)
                .build()) {
            Map<String, ObjectId> out = new TreeMap<>();
            for (Ref ref : r.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
                out.put(ref.getName(), ref.getObjectId());
            }
            return out;
        }
    }

    @Test
    void aPushablePlanLandsOnItsRevchainBranchAloneAndGetsItsPullRequest() throws Exception {
        // Given a verified plan for main
        RepoPlan plan = plan();
        assertThat(plan.pushable()).isTrue();
        Map<String, ObjectId> before = remoteRefs();
        FixBranches branches = publisher.branches(mirror.getRepository(), spec);

        // When it is published
        FixPublisher.Published p = publisher.fix("app@main", spec, "main", plan, branches);

        // Then one branch is created on the remote, under revchain/, on top of the broken commit; nothing else moved
        String name = FixRefs.fixBranch("main", plan.hash());
        assertThat(p.branch()).isEqualTo(name);
        assertThat(p.created()).containsExactly(name);
        assertThat(p.deleted()).isEmpty();
        assertThat(p.foreign()).isEmpty();
        Map<String, ObjectId> after = remoteRefs();
        assertThat(after)
                .containsAllEntriesOf(before)
                .hasSize(before.size() + 1)
                .containsKey(Constants.R_HEADS + name);
        try (Repository r =
                new FileRepositoryBuilder().setGitDir(repo.remote().toFile()).build()) {
            RevCommit tip = r.parseCommit(after.get(Constants.R_HEADS + name));
            assertThat(tip.getParents()).containsExactly(broken);
            assertThat(tip.getFooterLines(FixBranches.TRAILER)).containsExactly(plan.hash());
            assertThat(tip.getFullMessage()).isEqualTo(FixTexts.message("main", plan));
        }

        // and the forge was asked once for a pull request from it into main, with the texts of FixTexts
        assertThat(p.pull().action()).isEqualTo(GitHubPulls.Action.OPENED);
        assertThat(pullCalls)
                .containsExactly(List.of(
                        "acme/app", TOKEN, name, "main", FixTexts.pullTitle("main"), FixTexts.pullBody("main", plan)));
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void theSamePlanPushesNothingTwiceAndCleaningDeletesOnlyOurBranches() throws Exception {
        RepoPlan plan = plan();
        FixBranches branches = publisher.branches(mirror.getRepository(), spec);
        String name = publisher.fix("app@main", spec, "main", plan, branches).branch();
        mirror.fetch().setRemote("origin").call();
        Map<String, ObjectId> once = remoteRefs();

        // When the same plan is published again
        FixPublisher.Published again = publisher.fix("app@main", spec, "main", plan, branches);

        // Then no commit and no push: the branch still holds the plan
        assertThat(again.created()).isEmpty();
        assertThat(again.branch()).isEqualTo(name);
        assertThat(remoteRefs()).isEqualTo(once);

        // When the branch became healthy
        FixPublisher.Published clean = publisher.clean("app@main", branches, branches.existing("main"));

        // Then our branch goes and main stays
        assertThat(clean.deleted()).containsExactly(name);
        assertThat(remoteRefs()).containsOnlyKeys(Constants.R_HEADS + "main");
    }

    @Test
    void aRefNameOutsideRevchainIsRefusedAndNothingLeaves() throws Exception {
        // Given a plan, and a watched branch whose fix branch name would climb out of refs/heads/revchain/
        RepoPlan plan = plan();
        FixBranches branches = publisher.branches(mirror.getRepository(), spec);
        Map<String, ObjectId> before = remoteRefs();

        // When it is published, Then the push is refused before anything is sent
        assertThatThrownBy(() -> publisher.fix("app@x", spec, "../../main", plan, branches))
                .isInstanceOf(FixRefs.RefusedRefException.class);
        // and a batch holding one refused ref among valid ones is refused whole
        ObjectId commit = branches.commit(broken, plan.changes(), plan.versionLocations(), "m", Instant.EPOCH);
        for (String ref : List.of("refs/heads/main", "refs/tags/v1", "refs/heads/revchainx/a", "HEAD")) {
            assertThatThrownBy(() -> branches.push(List.of(
                            new FixBranches.RefChange("refs/heads/revchain/fix-main-000000000000", commit, null),
                            new FixBranches.RefChange(ref, commit, null))))
                    .as(ref)
                    .isInstanceOf(FixRefs.RefusedRefException.class);
        }
        assertThat(remoteRefs()).isEqualTo(before);
        assertThat(pullCalls).isEmpty();
    }

    @Test
    void aPlanThatCannotBePushedMovesNothingAndSaysWhy() throws Exception {
        // Given a plan that changes nothing (an empty repository plan is never pushable)
        RepoPlan nothing = new RepoPlan(broken.name(), plan().strategy(), "alembic", List.of(), List.of(), List.of());
        FixBranches branches = publisher.branches(mirror.getRepository(), spec);
        Map<String, ObjectId> before = remoteRefs();

        FixPublisher.Published p = publisher.fix("app@main", spec, "main", nothing, branches);

        assertThat(p.branch()).isNull();
        assertThat(p.created()).isEmpty();
        assertThat(p.notes()).containsExactly("nothing was pushed: the plan is not verified");
        assertThat(remoteRefs()).isEqualTo(before);
        assertThat(pullCalls).isEmpty();
    }

    @Test
    void aForgeThatRefusesBecomesANoteWithoutTheToken() throws Exception {
        FixPublisher refused = publisher((repository, token, head, base, title, body) -> {
            throw new IOException("POST /repos/acme/app/pulls answered 401: bad credentials");
        });
        RepoPlan plan = plan();
        FixPublisher.Published p =
                refused.fix("app@main", spec, "main", plan, refused.branches(mirror.getRepository(), spec));

        // Then the branch is pushed all the same, and the refusal is a note
        assertThat(p.created()).containsExactly(FixRefs.fixBranch("main", plan.hash()));
        assertThat(p.pull()).isNull();
        assertThat(p.notes())
                .singleElement()
                .asString()
                .startsWith("pull request not opened: ")
                .contains("401")
                .doesNotContain(TOKEN);
    }
}
