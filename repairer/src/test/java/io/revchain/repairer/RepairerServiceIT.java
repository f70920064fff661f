package io.revchain.repairer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.analysis.merge.MergePreviewer;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.event.FixClosure;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import io.revchain.event.Topics;
import io.revchain.git.FixRefs;
import io.revchain.git.GitMergeSides;
import io.revchain.repair.planning.FileChange;
import io.revchain.testkit.GitFixture;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repairer on a real embedded broker, against repositories and bare remotes made with JGit: one fix branch
 * per plan that passes the check, nothing new on a re-run, a new plan replacing the old branch, the branch deleted
 * and the proposal tombstoned once the repository is fixed upstream, a branch edited by someone else left alone,
 * refs outside {@code refs/heads/revchain/} refused, and pull requests against a recording HTTP server.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RepairerServiceIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(admin, 1, (short) 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private Map<String, Object> props() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    private RepairerService service(RepositorySpec spec, RepairerSettings settings) {
        return new RepairerService(
                OrgConfig.of(List.of(spec)), settings, props(), tmp.resolve("work"), new SimpleMeterRegistry());
    }

    private static RepairerSettings settings() {
        return RepairerSettings.defaults().withEnv(Map.of()).withRemoteTimeout(Duration.ofSeconds(20));
    }

    private static RepositorySpec pushing(String id, GitFixture repo) {
        return RepositorySpec.of(id, repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(true)
                .withStrategy(Strategy.MERGE);
    }

    @Test
    void oneFixBranchPassesTheCheckARerunAddsNothingANewPlanReplacesItAndAnUpstreamFixDeletesIt() throws Exception {
        // Given a broken repository that allows pushes
        GitFixture repo = Checkouts.broken(tmp.resolve("a"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        HealthReport report = Checkouts.report(repo, "app-a", broken);
        assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);

        try (RepairerService svc = service(pushing("app-a", repo), settings())) {
            // When the repairer handles its report
            RepairerService.Outcome first = svc.handle(report);

            // Then exactly one fix branch exists on the remote, named after the plan
            assertThat(first.kind()).isEqualTo(RepairerService.Kind.PROPOSED);
            FixProposal p = first.proposal();
            assertThat(p.verified()).isTrue();
            assertThat(p.actions()).isNotEmpty();
            assertThat(p.fixBranch()).matches("revchain/fix-main-[0-9a-f]{12}");
            Map<String, ObjectId> branches = Checkouts.fixBranches(repo);
            assertThat(branches).containsOnlyKeys(p.fixBranch());
            assertThat(repo.remoteTip("main")).isEqualTo(broken.getId());

            // and a checkout of it passes the check, and its one commit lists every action with its reason
            try (Git fix = repo.cloneBranch(tmp.resolve("checkout1"), p.fixBranch())) {
                List<Finding> after =
                        Checkouts.check(fix.getRepository().getWorkTree().toPath(), Policy.alembic());
                assertThat(after.stream().filter(Finding::isError).toList()).isEmpty();
                RevCommit tip = fix.log().setMaxCount(1).call().iterator().next();
                assertThat(tip.getParents()).containsExactly(broken);
                assertThat(p.actions())
                        .allSatisfy(a -> assertThat(tip.getFullMessage()).contains(a.reason()));
            }

            // and the proposal is on the topic under repo@branch
            assertThat(lastValue("app-a@main")).contains(p);

            // When the same report is handled again
            RepairerService.Outcome again = svc.handle(report);

            // Then nothing new is pushed: same branch, same tip
            assertThat(again.created()).isEmpty();
            assertThat(again.deleted()).isEmpty();
            assertThat(again.proposal().fixBranch()).isEqualTo(p.fixBranch());
            assertThat(Checkouts.fixBranches(repo)).isEqualTo(branches);

            // When the repository changes so that the plan changes
            repo.write(Checkouts.V + "004_items.py", Checkouts.migration("004", "0003"));
            RevCommit worse = repo.commitAndPush("another typo", "main");
            RepairerService.Outcome replaced = svc.handle(Checkouts.report(repo, "app-a", worse));

            // Then the new plan's branch replaces the old one
            assertThat(replaced.proposal().fixBranch()).isNotEqualTo(p.fixBranch());
            assertThat(replaced.created()).containsExactly(replaced.proposal().fixBranch());
            assertThat(replaced.deleted()).containsExactly(p.fixBranch());
            assertThat(Checkouts.fixBranches(repo))
                    .containsOnlyKeys(replaced.proposal().fixBranch());

            // When the repository is fixed upstream
            repo.write(Checkouts.V + "003_orders.py", Checkouts.migration("003", "002"))
                    .write(Checkouts.V + "004_items.py", Checkouts.migration("004", "003"));
            RevCommit fixed = repo.commitAndPush("fix the chain", "main");
            HealthReport healthy = Checkouts.report(repo, "app-a", fixed);
            assertThat(healthy.status()).isEqualTo(HealthStatus.HEALTHY);
            RepairerService.Outcome clean = svc.handle(healthy);

            // Then its fix branches are deleted and the proposal is tombstoned
            assertThat(clean.kind()).isEqualTo(RepairerService.Kind.TOMBSTONED);
            assertThat(clean.deleted()).containsExactly(replaced.proposal().fixBranch());
            assertThat(Checkouts.fixBranches(repo)).isEmpty();
            assertThat(lastValue("app-a@main")).isEmpty();
            assertThat(repo.remoteTip("main")).isEqualTo(fixed.getId());
            // and the tombstone's header says main's history carries none of the fix plans: fixed some other way
            Header closed = lastRecord("app-a@main").orElseThrow().headers().lastHeader(FixClosure.HEADER);
            assertThat(closed).isNotNull();
            assertThat(FixClosure.fromBytes(closed.value())).isEqualTo(new FixClosure(fixed.name(), List.of()));
        }
    }

    @Test
    void aFixBranchSomeoneElsePushedToIsLeftAloneAndReported() throws Exception {
        // Given a fix branch the repairer pushed, on which someone else then pushed a commit
        GitFixture repo = Checkouts.broken(tmp.resolve("b"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RepairerService svc = service(pushing("app-b", repo), settings())) {
            String branch = svc.handle(Checkouts.report(repo, "app-b", broken))
                    .proposal()
                    .fixBranch();
            ObjectId edited;
            try (Git other = repo.cloneBranch(tmp.resolve("someone"), branch)) {
                Files.writeString(other.getRepository().getWorkTree().toPath().resolve("NOTE.md"), "reviewed\n");
                other.add().addFilepattern("NOTE.md").call();
                PersonIdent alice = new PersonIdent("Alice", "alice@example.org");
                edited = other.commit()
                        .setMessage("note")
                        .setSign(false)
                        .setAuthor(alice)
                        .setCommitter(alice)
                        .call();
                other.push()
                        .setRemote("origin")
                        .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
                        .call();
            }

            // When the plan changes, and later the repository becomes healthy
            repo.write(Checkouts.V + "004_items.py", Checkouts.migration("004", "0003"));
            RevCommit worse = repo.commitAndPush("another typo", "main");
            RepairerService.Outcome changed = withStderr(log, () -> svc.handle(Checkouts.report(repo, "app-b", worse)));

            // Then the edited branch keeps its tip, is named in the proposal and in a log line
            assertThat(changed.foreign()).containsExactly(branch);
            assertThat(changed.deleted()).isEmpty();
            assertThat(changed.proposal().notes()).anyMatch(n -> n.contains(branch) && n.contains("left alone"));
            assertThat(log.toString(StandardCharsets.UTF_8)).contains(branch, "left alone");
            assertThat(Checkouts.fixBranches(repo))
                    .containsEntry(branch, edited)
                    .containsKey(changed.proposal().fixBranch())
                    .hasSize(2);

            repo.write(Checkouts.V + "003_orders.py", Checkouts.migration("003", "002"))
                    .write(Checkouts.V + "004_items.py", Checkouts.migration("004", "003"));
            RevCommit fixed = repo.commitAndPush("fix", "main");
            RepairerService.Outcome clean = svc.handle(Checkouts.report(repo, "app-b", fixed));
            assertThat(clean.deleted()).containsExactly(changed.proposal().fixBranch());
            assertThat(clean.foreign()).containsExactly(branch);
            assertThat(Checkouts.fixBranches(repo)).containsOnly(Map.entry(branch, edited));
        }
    }

    @Test
    void onlyRefsUnderRevchainAreEverPushed() throws Exception {
        // Given the repairer's view of a repository
        GitFixture repo = Checkouts.broken(tmp.resolve("c"));
        ObjectId main = repo.remoteTip("main");
        try (Repository local = new FileRepositoryBuilder()
                .setGitDir(repo.work().resolve(".git").toFile())
                .setMustExist(true)
                .build()) {
            local.getConfig().setString("remote", "origin", "url", repo.remote().toString());
            FixBranches branches =
                    new FixBranches(local, "revchain", "revchain@localhost", null, Duration.ofSeconds(10));
            RevCommit c = repo.git().log().setMaxCount(1).call().iterator().next();
            ObjectId commit = branches.commit(
                    c,
                    List.of(new FileChange(
                            null, Checkouts.V + "005_x.py", null, "x = 1\n".getBytes(StandardCharsets.UTF_8))),
                    List.of("migrations/versions"),
                    "msg",
                    Instant.now());

            // When it is asked to push anything outside refs/heads/revchain/, even in a batch with a valid ref
            for (String ref : List.of(
                    "refs/heads/main",
                    "refs/tags/v1",
                    "refs/heads/revchain",
                    "refs/heads/revchainx/a",
                    "refs/heads/revchain/../main",
                    "refs/meta/config",
                    "main",
                    "HEAD")) {
                List<FixBranches.RefChange> batch = List.of(
                        new FixBranches.RefChange("refs/heads/revchain/fix-main-000000000000", commit, null),
                        new FixBranches.RefChange(ref, commit, null));
                // Then the whole batch is refused
                assertThatThrownBy(() -> branches.push(batch)).as(ref).isInstanceOf(FixRefs.RefusedRefException.class);
            }
            // and nothing reached the remote
            assertThat(repo.remoteTip("main")).isEqualTo(main);
            assertThat(Checkouts.fixBranches(repo)).isEmpty();

            // and a file outside the version folders is never committed
            assertThatThrownBy(() -> branches.commit(
                            c,
                            List.of(new FileChange(null, "setup.py", null, new byte[0])),
                            List.of("migrations/versions"),
                            "m",
                            Instant.now()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("setup.py");

            // while a revchain/ ref goes through
            assertThat(branches.push(List.of(
                            new FixBranches.RefChange("refs/heads/revchain/fix-main-000000000000", commit, null))))
                    .allMatch(FixBranches.Pushed::ok);
            assertThat(Checkouts.fixBranches(repo)).containsOnlyKeys("revchain/fix-main-000000000000");
        }
    }

    @Test
    void opensThenKeepsAPullRequestAndNeverLeaksTheToken() throws Exception {
        // Given a forge that records what it receives and keeps the pull requests it opened
        String token = "ghp_TESTTOKEN_do_not_leak_1234567890";
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        List<String> auths = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> opened = Collections.synchronizedMap(new HashMap<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body);
            auths.add(ex.getRequestHeaders().getFirst("Authorization"));
            String answer;
            int status = 200;
            if (ex.getRequestMethod().equals("POST")) {
                var json = new ObjectMapper().readTree(body);
                opened.put(
                        "pr",
                        "[{\"number\":7,\"html_url\":\"http://forge/pr/7\",\"title\":"
                                + json.get("title").toString() + ",\"body\":"
                                + json.get("body").toString() + "}]");
                answer = "{\"number\":7,\"html_url\":\"http://forge/pr/7\"}";
                status = 201;
            } else {
                answer = opened.getOrDefault("pr", "[]");
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            GitFixture repo = Checkouts.broken(tmp.resolve("d"));
            RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
            RepositorySpec spec = RepositorySpec.of("app-d", repo.remote().toString())
                    .withBranches(List.of("main"))
                    .withCredentials("APP_D_TOKEN")
                    .withPush(true)
                    .withStrategy(Strategy.MERGE);
            RepairerSettings s = settings()
                    .withEnv(Map.of("APP_D_TOKEN", token))
                    .withForge(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                            Map.of("app-d", "acme/app"));
            try (RepairerService svc = service(spec, s)) {
                // When the repairer handles the report twice
                RepairerService.Outcome first =
                        withStderr(log, () -> svc.handle(Checkouts.report(repo, "app-d", broken)));
                RepairerService.Outcome second =
                        withStderr(log, () -> svc.handle(Checkouts.report(repo, "app-d", broken)));

                // Then one pull request is opened for the fix branch into main, with the plan as its body
                assertThat(first.pull().action()).isEqualTo(GitHubPulls.Action.OPENED);
                assertThat(first.pull().number()).isEqualTo(7);
                String branch = first.proposal().fixBranch();
                assertThat(requests.get(0))
                        .startsWith("GET /repos/acme/app/pulls?state=open&head=acme%3A" + branch.replace("/", "%2F"));
                assertThat(requests.get(1))
                        .startsWith("POST /repos/acme/app/pulls ")
                        .contains(
                                "\"head\":\"" + branch + "\"",
                                "\"base\":\"main\"",
                                "```diff",
                                first.proposal().actions().get(0).reason());
                // and the second run finds it unchanged and sends nothing but a lookup
                assertThat(second.pull().action()).isEqualTo(GitHubPulls.Action.UNCHANGED);
                assertThat(requests).hasSize(3);
                assertThat(requests.get(2)).startsWith("GET ");
                assertThat(auths).containsOnly("Bearer " + token);

                // and the token is nowhere in the proposal, on the topic or in the log
                String json = new String(
                        Topics.FIX_PROPOSALS
                                .valueSerde()
                                .serializer()
                                .serialize(Topics.FIX_PROPOSALS.name(), second.proposal()),
                        StandardCharsets.UTF_8);
                assertThat(json).doesNotContain(token);
                assertThat(log.toString(StandardCharsets.UTF_8))
                        .contains("pull request #7")
                        .doesNotContain(token);
                assertThat(s.toString()).doesNotContain(token);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theConsumerLoopTurnsAReportOnTheTopicIntoAProposal() throws Exception {
        // Given a running service and a broken repository that may not be pushed to
        GitFixture repo = Checkouts.broken(tmp.resolve("e"));
        RevCommit broken = repo.git().log().setMaxCount(1).call().iterator().next();
        RepositorySpec spec = RepositorySpec.of("app-e", repo.remote().toString());
        try (RepairerService svc = service(spec, settings().withGroupId("repairer-it-e"))) {
            svc.start();
            // When its report arrives on revchain.health
            HealthReport report = Checkouts.report(repo, "app-e", broken);
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    Topics.HEALTH.keySerde().serializer(),
                    Topics.HEALTH.valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(Topics.HEALTH.name(), report.key(), report))
                        .get();
            }
            // Then a verified proposal appears under repo@branch, with no branch pushed
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(lastValue("app-e@main")).hasValueSatisfying(p -> {
                        assertThat(p.commit()).isEqualTo(broken.name());
                        assertThat(p.verified()).isTrue();
                        assertThat(p.fixBranch()).isNull();
                        assertThat(p.diff()).contains("+++ b/");
                    }));
            assertThat(Checkouts.fixBranches(repo)).isEmpty();
        }
    }

    @Test
    void aCollidingCandidateGetsOneRebaseBranchWhoseMergeHasOneHeadAndLosesItOnceHealthy() throws Exception {
        // Given two feature branches each adding a revision on main's head, and main having merged feature-x
        GitFixture repo = collidingFeatures(tmp.resolve("f"));
        RevCommit main = repo.git().getRepository().parseCommit(repo.remoteTip("main"));
        RevCommit y = repo.git().getRepository().parseCommit(repo.remoteTip("feature-y"));
        HealthReport report = preview(repo, "app-f", "feature-y", y, main);
        assertThat(report.findings()).extracting(Finding::check).contains("multiple-heads-after-merge");

        try (RepairerService svc = service(pushing("app-f", repo), settings())) {
            // When the repairer handles feature-y's merge-preview report
            RepairerService.Outcome first = svc.handle(report);

            // Then one verified rebase proposal for feature-y, pushed as its rebase branch on feature-y's commit
            assertThat(first.kind()).isEqualTo(RepairerService.Kind.PROPOSED);
            FixProposal p = first.proposal();
            assertThat(p.branch()).isEqualTo("feature-y");
            assertThat(p.commit()).isEqualTo(y.name());
            assertThat(p.strategy()).isEqualTo("rebase");
            assertThat(p.verified()).as(p.notes().toString() + p.diff()).isTrue();
            assertThat(p.fixBranch()).matches("revchain/rebase-feature-y-[0-9a-f]{8}");
            assertThat(p.diff()).contains("-down_revision = '002'", "+down_revision = '003x'");
            assertThat(first.created()).containsExactly(p.fixBranch());
            assertThat(Checkouts.fixBranches(repo)).containsOnlyKeys(p.fixBranch());
            assertThat(lastValue("app-f@feature-y")).contains(p);
            assertThat(repo.remoteTip("feature-y")).isEqualTo(y.getId());

            // and main merged with that branch passes the analysis and real Alembic with one head
            try (Git checkout = repo.cloneBranch(tmp.resolve("merged-f"), "main")) {
                RevCommit tip = checkout.getRepository()
                        .parseCommit(checkout.getRepository().resolve("origin/" + p.fixBranch()));
                assertThat(tip.getParents()).containsExactly(y);
                assertThat(checkout.merge()
                                .include(tip)
                                .setCommit(true)
                                .setMessage("merge feature-y")
                                .call()
                                .getMergeStatus()
                                .isSuccessful())
                        .isTrue();
                Path root = checkout.getRepository().getWorkTree().toPath();
                assertThat(Checkouts.check(root, Policy.alembic())).isEmpty();
                assertThat(alembicHeads(root)).containsExactly("003y (head)");
            }

            // When the same report is handled again
            RepairerService.Outcome again = svc.handle(report);
            // Then nothing new is committed or pushed
            assertThat(again.created()).isEmpty();
            assertThat(again.deleted()).isEmpty();
            assertThat(again.proposal().fixBranch()).isEqualTo(p.fixBranch());
            assertThat(Checkouts.fixBranches(repo)).containsOnlyKeys(p.fixBranch());

            // When main moves on (another revision on 003x), so that the rebase changes
            repo.git().checkout().setName("main").call();
            repo.git().pull().setRemote("origin").setRemoteBranchName("main").call();
            repo.write(Checkouts.V + "004_audit.py", Checkouts.migration("004", "003x"));
            RevCommit moved = repo.commitAndPush("audit", "main");
            RepairerService.Outcome replaced = svc.handle(preview(repo, "app-f", "feature-y", y, moved));

            // Then the new rebase branch replaces the old one
            String now = replaced.proposal().fixBranch();
            assertThat(now).matches("revchain/rebase-feature-y-[0-9a-f]{8}").isNotEqualTo(p.fixBranch());
            assertThat(replaced.proposal().diff()).contains("+down_revision = '004'");
            assertThat(replaced.created()).containsExactly(now);
            assertThat(replaced.deleted()).containsExactly(p.fixBranch());
            assertThat(Checkouts.fixBranches(repo)).containsOnlyKeys(now);

            // When feature-y is rebased by its developer, so its preview is healthy
            repo.git()
                    .checkout()
                    .setName("feature-y")
                    .setCreateBranch(true)
                    .setStartPoint(moved)
                    .call();
            repo.write(Checkouts.V + "bf22_items.py", Checkouts.migration("003y", "004"));
            RevCommit rebased = repo.commitAndPush("feature y, rebased", "feature-y");
            HealthReport healthy = preview(repo, "app-f", "feature-y", rebased, moved);
            assertThat(healthy.findings()).isEmpty();
            RepairerService.Outcome clean = svc.handle(healthy);

            // Then its rebase branch is deleted and the proposal tombstoned
            assertThat(clean.kind()).isEqualTo(RepairerService.Kind.TOMBSTONED);
            assertThat(clean.deleted()).containsExactly(now);
            assertThat(Checkouts.fixBranches(repo)).isEmpty();
            assertThat(lastValue("app-f@feature-y")).isEmpty();
        }
    }

    @Tag("oracle")
    @Test
    void aDeployedCandidateRevisionIsNeverRewrittenAMergeRevisionIsProposedInstead() throws Exception {
        // Given feature-y's new revision is known to be deployed
        GitFixture repo = collidingFeatures(tmp.resolve("g"));
        RevCommit main = repo.git().getRepository().parseCommit(repo.remoteTip("main"));
        RevCommit y = repo.git().getRepository().parseCommit(repo.remoteTip("feature-y"));
        RepositorySpec spec = RepositorySpec.of("app-g", repo.remote().toString())
                .withBranches(List.of("main"))
                .withPush(true)
                .withStrategy(Strategy.MERGE)
                .withDeployed(List.of("003y"));
        try (RepairerService svc = service(spec, settings())) {
            // When its merge-preview report is handled
            RepairerService.Outcome o = svc.handle(preview(repo, "app-g", "feature-y", y, main));

            // Then no rebase branch: a verified merge revision joining both heads is proposed, with the reason
            FixProposal p = o.proposal();
            assertThat(p.strategy()).isEqualTo("merge");
            assertThat(p.verified()).isTrue();
            assertThat(p.fixBranch()).isNull();
            assertThat(p.actions()).isNotEmpty();
            assertThat(p.diff()).contains("003x", "003y").doesNotContain("-down_revision");
            assertThat(p.notes())
                    .anyMatch(n -> n.contains("'003y' is deployed"))
                    .anyMatch(n -> n.contains("once main is merged into feature-y"));
            assertThat(Checkouts.fixBranches(repo)).isEmpty();
            assertThat(lastValue("app-g@feature-y")).contains(p);
        }
    }

    /** main at 001 <- 002; feature-x and feature-y each add 003x / 003y on 002; main fast-forwarded to feature-x. */
    private static GitFixture collidingFeatures(Path dir) throws Exception {
        GitFixture r = GitFixture.create(dir);
        r.write("alembic.ini", Checkouts.INI)
                .write("migrations/env.py", "# env\n")
                .write(Checkouts.V + "001_base.py", Checkouts.migration("001", null))
                .write(Checkouts.V + "002_users.py", Checkouts.migration("002", "001"));
        RevCommit base = r.commitAndPush("base", "main");
        r.git()
                .checkout()
                .setName("feature-x")
                .setCreateBranch(true)
                .setStartPoint(base)
                .call();
        r.write(Checkouts.V + "ae10_orders.py", Checkouts.migration("003x", "002"));
        r.commitAndPush("feature x", "feature-x");
        r.git()
                .push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                .call();
        r.git()
                .checkout()
                .setName("feature-y")
                .setCreateBranch(true)
                .setStartPoint(base)
                .call();
        r.write(Checkouts.V + "bf22_items.py", Checkouts.migration("003y", "002"));
        r.commitAndPush("feature y", "feature-y");
        r.git().checkout().setName("feature-x").call();
        r.git().branchDelete().setBranchNames("feature-y").setForce(true).call();
        return r;
    }

    /** What the analyzer reports for merging {@code candidate} at {@code c} into main at {@code t}. */
    private static HealthReport preview(GitFixture repo, String id, String candidate, RevCommit c, RevCommit t)
            throws Exception {
        Repository r = repo.git().getRepository();
        var sides = GitMergeSides.read(
                        r,
                        "main",
                        t,
                        candidate,
                        c,
                        List.of(),
                        null,
                        new MigrationParser(Policy.alembic().marker()))
                .orElseThrow();
        var mp = MergePreviewer.preview(sides.target(), sides.candidate(), sides.base(), Policy.alembic());
        return new HealthReport(
                        id,
                        candidate,
                        c.name(),
                        mp.analysis().revisions(),
                        mp.analysis().heads(),
                        mp.analysis().bases(),
                        mp.findings(),
                        HealthStatus.of(mp.findings()),
                        Instant.now(),
                        Instant.now(),
                        Instant.now())
                .asMergePreview("main", c.name(), t.name());
    }

    /** Real Alembic 1.8.1's {@code heads} on a checkout: one line per head. */
    private static List<String> alembicHeads(Path root) throws Exception {
        Process proc = new ProcessBuilder("/usr/bin/python3", "-m", "alembic", "-c", "alembic.ini", "heads")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The latest value under {@code key} on the proposals topic: empty for a tombstone (and absent key). */
    private Optional<FixProposal> lastValue(String key) {
        return lastRecord(key).map(ConsumerRecord::value);
    }

    /** The last record of {@code key} on the proposals topic, tombstone or not. */
    private Optional<ConsumerRecord<String, FixProposal>> lastRecord(String key) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, FixProposal> consumer = new KafkaConsumer<>(
                c,
                Topics.FIX_PROPOSALS.keySerde().deserializer(),
                Topics.FIX_PROPOSALS.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.FIX_PROPOSALS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            ConsumerRecord<String, FixProposal> last = null;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, FixProposal> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        last = r;
                    }
                }
            }
            return Optional.ofNullable(last);
        }
    }

    private interface Action<T> {
        T run() throws Exception;
    }

    /** Runs {@code action} with the standard error stream (where slf4j-simple logs) also copied to {@code sink}. */
    private static <T> T withStderr(ByteArrayOutputStream sink, Action<T> action) throws Exception {
        PrintStream old = System.err;
        PrintStream tee = new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        sink.write(b);
                        old.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        sink.write(b, off, len);
                        old.write(b, off, len);
                    }
                },
                true,
                StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            return action.run();
        } finally {
            System.setErr(old);
        }
    }
}
