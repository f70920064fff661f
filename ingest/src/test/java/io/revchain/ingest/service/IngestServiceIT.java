package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.ChainSpec;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.IngestState;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.Topics;
import io.revchain.git.ScriptCache;
import io.revchain.ingest.plan.Backoff;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest against a real embedded broker and real git repositories made with JGit: the exact event sequence of
 * additions, modifications, deletions, renames, a merge and a force-push; resumption after a restart; the parse
 * cache; an unreachable repository next to a good one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestServiceIT {

    private static final String V = "migrations/versions/";
    private static final String INI = "[alembic]\nscript_location = migrations\n";
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private Map<String, Object> kafkaProps() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    private IngestService service(OrgConfig config, Path workDir, SimpleMeterRegistry registry) {
        IngestSettings s = IngestSettings.defaults()
                .withRemoteTimeout(Duration.ofSeconds(20))
                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                .withEnv(Map.of());
        return new IngestService(config, s, kafkaProps(), workDir, registry);
    }

    private static GitFixture initialRepo(Path dir) throws Exception {
        GitFixture g = GitFixture.create(dir);
        g.write("alembic.ini", INI)
                .write("migrations/env.py", "# env\n")
                .write("README.md", "x\n")
                .write(V + "001_base.py", migration("001", null))
                .write(V + "002_users.py", migration("002", "001"));
        return g;
    }

    @Test
    void publishesEveryChangeInCommitOrderThenRescansAfterAForcePush() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (GitFixture g = initialRepo(tmp.resolve("git"));
                IngestService ingest = service(
                        OrgConfig.of(List.of(RepositorySpec.of("seq", g.remote().toString()))),
                        tmp.resolve("work"),
                        registry)) {
            // Given a first commit with two migrations
            RevCommit c1 = g.commit("base");
            g.push("main", false);

            // When ingest sees the repository for the first time
            CycleReport first = ingest.pollOnce();

            // Then it publishes a full scan of the head
            assertThat(first.repo("seq").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
            List<MigrationEvent> events = readAll("seq");
            assertThat(describe(events))
                    .containsExactly(
                            "ADDED " + V + "001_base.py @" + c1.name(),
                            "ADDED " + V + "002_users.py @" + c1.name(),
                            "SCANNED " + c1.name() + " files=2 full");
            FileChanged added = (FileChanged) events.get(0);
            assertThat(added.blob()).isEqualTo(g.blob(c1, V + "001_base.py"));
            assertThat(added.script().revisionId()).isEqualTo("001");
            // the body fingerprint the analyzer compares with what an environment applied
            assertThat(added.body()).hasSize(64);
            assertThat(added.committedAt()).isEqualTo(Instant.ofEpochSecond(c1.getCommitTime()));
            assertThat(added.branch()).isEqualTo("main");
            assertThat(ingest.cache().misses()).isEqualTo(2);

            // Given: modify, add, an unrelated commit, delete + rename, then a side branch merged with a merge commit
            g.write(V + "002_users.py", migration("002", "001") + "# index\n").write("README.md", "y\n");
            RevCommit c2 = g.commit("modify 002");
            g.write(V + "003_orders.py", migration("003", "002"));
            RevCommit c3 = g.commit("add 003");
            g.write("README.md", "z\n");
            g.commit("docs only");
            g.delete(V + "001_base.py").move(V + "003_orders.py", V + "003_orders_renamed.py");
            RevCommit c5 = g.commit("delete 001, rename 003");
            g.checkout("feature", true);
            g.write(V + "004_feature.py", migration("004", "003"));
            g.commit("feature: add 004");
            g.checkout("main", false);
            g.write(V + "005_main.py", migration("005", "003"));
            RevCommit c6 = g.commit("add 005");
            RevCommit merge = g.merge("feature", "merge feature");
            g.push("main", false);

            // When ingest polls again
            CycleReport second = ingest.pollOnce();

            // Then each commit of main's first-parent chain is published in order, only its migration changes
            List<MigrationEvent> after =
                    readAll("seq").subList(3, readAll("seq").size());
            assertThat(describe(after))
                    .containsExactly(
                            "MODIFIED " + V + "002_users.py @" + c2.name(),
                            "SCANNED " + c2.name() + " files=1 delta",
                            "ADDED " + V + "003_orders.py @" + c3.name(),
                            "SCANNED " + c3.name() + " files=1 delta",
                            "DELETED " + V + "001_base.py @" + c5.name(),
                            "RENAMED " + V + "003_orders.py -> " + V + "003_orders_renamed.py @" + c5.name(),
                            "SCANNED " + c5.name() + " files=2 delta",
                            "ADDED " + V + "005_main.py @" + c6.name(),
                            "SCANNED " + c6.name() + " files=1 delta",
                            "ADDED " + V + "004_feature.py @" + merge.name(),
                            "SCANNED " + merge.name() + " files=1 delta");
            assertThat(second.files()).isEqualTo(6);
            assertThat(second.commits()).isEqualTo(5);
            // the renamed file keeps its blob: same content, new name, parsed under the new path
            FileChanged renamed = (FileChanged) after.get(5);
            assertThat(renamed.blob()).isEqualTo(g.blob(c3, V + "003_orders.py"));
            assertThat(renamed.script().path()).isEqualTo(V + "003_orders_renamed.py");
            assertThat(ingest.lastPublished("seq", "main")).contains(merge.name());

            // Given a force-push that drops everything after c2 and adds 006
            g.resetHard(c2);
            g.write(V + "006_hotfix.py", migration("006", "002"));
            RevCommit hotfix = g.commit("hotfix");
            g.push("main", true);
            long hitsBefore = ingest.cache().hits();
            long missesBefore = ingest.cache().misses();

            // When ingest polls
            ingest.pollOnce();

            // Then the head is re-scanned in full, marked as such, and unchanged blobs come from the cache
            List<MigrationEvent> all = readAll("seq");
            assertThat(describe(all.subList(14, all.size())))
                    .containsExactly(
                            "ADDED " + V + "001_base.py @" + hotfix.name(),
                            "ADDED " + V + "002_users.py @" + hotfix.name(),
                            "ADDED " + V + "006_hotfix.py @" + hotfix.name(),
                            "SCANNED " + hotfix.name() + " files=3 full");
            assertThat(ingest.cache().hits() - hitsBefore).isEqualTo(2);
            assertThat(ingest.cache().misses() - missesBefore).isEqualTo(1);
            assertThat(registry.get(ScriptCache.METER)
                            .tag("result", "hit")
                            .functionCounter()
                            .count())
                    .isEqualTo(ingest.cache().hits());
            assertThat(registry.get(ScriptCache.METER)
                            .tag("result", "miss")
                            .functionCounter()
                            .count())
                    .isEqualTo(ingest.cache().misses());

            // When nothing changed, then a poll sends nothing
            CycleReport idle = ingest.pollOnce();
            assertThat(idle.files()).isZero();
            assertThat(readAll("seq")).hasSize(all.size());
            // And the last state record names the head
            assertThat(readState()).containsEntry("seq@main", hotfix.name());
        }
    }

    @Test
    void aRestartedServiceResumesWithNothingResentAndNothingMissed() throws Exception {
        try (GitFixture g = initialRepo(tmp.resolve("git"))) {
            OrgConfig config =
                    OrgConfig.of(List.of(RepositorySpec.of("resume", g.remote().toString())));
            RevCommit c1 = g.commit("base");
            g.push("main", false);
            String firstInstance;
            try (IngestService first = service(config, tmp.resolve("work1"), new SimpleMeterRegistry())) {
                first.pollOnce();
                firstInstance = first.instance();
            }

            // Given two commits pushed while ingest was down
            g.write(V + "003_a.py", migration("003", "002"));
            RevCommit c2 = g.commit("add 003");
            g.write(V + "003_a.py", migration("003", "002") + "# v2\n");
            RevCommit c3 = g.commit("modify 003");
            g.push("main", false);

            // When a new service starts with an empty work directory (its memory is the state topic)
            String secondInstance;
            try (IngestService second = service(config, tmp.resolve("work2"), new SimpleMeterRegistry())) {
                assertThat(second.lastPublished("resume", "main")).contains(c1.name());
                second.pollOnce();
                secondInstance = second.instance();
            }
            try (IngestService third = service(config, tmp.resolve("work2"), new SimpleMeterRegistry())) {
                assertThat(third.pollOnce().files()).isZero();
                // without REVCHAIN_INSTANCE_ID, a run in the same work directory is the same instance: one
                // transactional id on the broker for both runs, not one per run
                assertThat(third.instance()).isEqualTo(secondInstance).isNotEqualTo(firstInstance);
            }
            try (org.apache.kafka.clients.admin.Admin admin =
                    org.apache.kafka.clients.admin.Admin.create(kafkaProps())) {
                assertThat(admin.listTransactions().all().get())
                        .extracting(org.apache.kafka.clients.admin.TransactionListing::transactionalId)
                        .contains("revchain-ingest-" + secondInstance, "revchain-ingest-" + firstInstance)
                        .filteredOn(id -> id.equals("revchain-ingest-" + secondInstance))
                        .hasSize(1);
            }

            // Then every commit appears exactly once, in order
            assertThat(describe(readAll("resume")))
                    .containsExactly(
                            "ADDED " + V + "001_base.py @" + c1.name(),
                            "ADDED " + V + "002_users.py @" + c1.name(),
                            "SCANNED " + c1.name() + " files=2 full",
                            "ADDED " + V + "003_a.py @" + c2.name(),
                            "SCANNED " + c2.name() + " files=1 delta",
                            "MODIFIED " + V + "003_a.py @" + c3.name(),
                            "SCANNED " + c3.name() + " files=1 delta");
        }
    }

    @Test
    void anUnreachableRepositoryIsReportedAndDoesNotStopTheOthers() throws Exception {
        try (GitFixture g = initialRepo(tmp.resolve("git"))) {
            RevCommit c1 = g.commit("base");
            g.push("main", false);
            OrgConfig config = OrgConfig.of(List.of(
                    RepositorySpec.of("gone", tmp.resolve("no-such-repo.git").toString()),
                    RepositorySpec.of("fine", g.remote().toString())));
            try (IngestService ingest = service(config, tmp.resolve("work"), new SimpleMeterRegistry())) {
                // When both are polled twice
                CycleReport first = ingest.pollOnce();
                ingest.pollOnce();

                // Then the bad one is reported on every attempt, and the good one is published
                assertThat(first.repo("gone").orElseThrow().status()).isEqualTo(CycleReport.Status.UNAVAILABLE);
                assertThat(first.repo("fine").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
                List<MigrationEvent> gone = readAll("gone");
                assertThat(gone).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(RepoUnavailable.class));
                assertThat(gone)
                        .extracting(e -> ((RepoUnavailable) e).attempt())
                        .containsExactly(1, 2);
                assertThat(((RepoUnavailable) gone.get(0)).reason()).isNotBlank();
                assertThat(describe(readAll("fine")))
                        .containsExactly(
                                "ADDED " + V + "001_base.py @" + c1.name(),
                                "ADDED " + V + "002_users.py @" + c1.name(),
                                "SCANNED " + c1.name() + " files=2 full");
            }
        }
    }

    @Test
    void aCommitThatMovesTheVersionFoldersIsScannedInFull() throws Exception {
        try (GitFixture g = initialRepo(tmp.resolve("git"));
                IngestService ingest = service(
                        OrgConfig.of(
                                List.of(RepositorySpec.of("moved", g.remote().toString()))),
                        tmp.resolve("work"),
                        new SimpleMeterRegistry())) {
            g.write("db/versions/010_other.py", migration("010", null));
            g.commit("base");
            g.push("main", false);
            ingest.pollOnce();

            // Given the ini now points at another folder
            g.write("alembic.ini", INI + "version_locations = db/versions\n");
            RevCommit moved = g.commit("move versions");
            g.push("main", false);
            ingest.pollOnce();

            // Then that commit is a full scan of the new location
            List<MigrationEvent> all = readAll("moved");
            assertThat(describe(all.subList(3, all.size())))
                    .containsExactly(
                            "ADDED db/versions/010_other.py @" + moved.name(),
                            "SCANNED " + moved.name() + " files=1 full");
        }
    }

    @Test
    void candidatesArePublishedLikeBranchesWithTheirTargetMergeBaseAndBaseFiles() throws Exception {
        try (GitFixture g = initialRepo(tmp.resolve("git"));
                IngestService ingest = service(
                        OrgConfig.of(
                                List.of(RepositorySpec.of("cand", g.remote().toString())
                                        .withBranches(List.of("main"))
                                        .withCandidates(List.of("feature/*", "refs/pull/*/head"), null))),
                        tmp.resolve("work"),
                        new SimpleMeterRegistry())) {
            // Given main at 001→002, feature/x adding 003, a pull request adding 004, a docs branch, and a branch
            // no pattern matches
            RevCommit base = g.commit("base");
            g.push("main", false);
            g.checkout("feature/x", true);
            g.write(V + "003_x.py", migration("003", "002"));
            RevCommit x = g.commit("x");
            g.push("feature/x", false);
            g.checkout("main", false);
            g.checkout("pr", true);
            g.write(V + "004_pr.py", migration("004", "002"));
            RevCommit pr = g.commit("pr");
            g.pushAs("pr", "refs/pull/7/head");
            g.checkout("main", false);
            g.checkout("release/1", true);
            g.write(V + "005_r.py", migration("005", "002"));
            g.commit("release");
            g.push("release/1", false);
            // and main moves on after the candidates forked
            g.checkout("main", false);
            g.write(V + "006_main.py", migration("006", "002"));
            RevCommit main2 = g.commit("main moves");
            g.push("main", false);

            // When ingest polls
            CycleReport report = ingest.pollOnce();

            // Then main is a plain branch, each candidate's marker names main, the merge base and its files
            assertThat(report.repo("cand").orElseThrow().status()).isEqualTo(CycleReport.Status.OK);
            List<CommitScanned> markers = readAll("cand").stream()
                    .filter(e -> e instanceof CommitScanned)
                    .map(e -> (CommitScanned) e)
                    .toList();
            assertThat(markers)
                    .extracting(CommitScanned::branch)
                    .containsExactly("main", "feature/x", "refs/pull/7/head");
            assertThat(markers.get(0).isCandidate()).isFalse();
            assertThat(markers.get(0).commit()).isEqualTo(main2.name());
            Map<String, String> baseFiles = Map.of(
                    V + "001_base.py",
                    g.blob(base, V + "001_base.py"),
                    V + "002_users.py",
                    g.blob(base, V + "002_users.py"));
            for (CommitScanned m : markers.subList(1, 3)) {
                assertThat(m.target()).isEqualTo("main");
                assertThat(m.mergeBase()).isEqualTo(base.name());
                assertThat(m.baseFiles()).isEqualTo(baseFiles);
            }
            assertThat(markers.get(1).commit()).isEqualTo(x.name());
            assertThat(markers.get(2).commit()).isEqualTo(pr.name());
            // the candidates' files are published like a branch's
            assertThat(readAll("cand").stream()
                            .filter(e ->
                                    e instanceof FileChanged f && f.branch().equals("refs/pull/7/head"))
                            .map(e -> ((FileChanged) e).path()))
                    .containsExactly(V + "001_base.py", V + "002_users.py", V + "004_pr.py");
        }
    }

    @Test
    void eachFileNamesItsChainEachMarkerTheChainsAndARenamedSectionIsScannedInFull() throws Exception {
        try (GitFixture g = GitFixture.create(tmp.resolve("git"));
                IngestService ingest = service(
                        OrgConfig.of(
                                List.of(RepositorySpec.of("chains", g.remote().toString()))),
                        tmp.resolve("work"),
                        new SimpleMeterRegistry())) {
            // Given one alembic.ini with two sections, each a chain of its own (alembic -n core / -n tenant)
            String ini = "[core]\nscript_location = db/core\n\n[tenant]\nscript_location = db/tenant\n"
                    + "file_template = %%(rev)s\n";
            g.write("alembic.ini", ini)
                    .write("requirements.txt", "alembic==1.13.2\n")
                    .write("db/core/versions/c1_core.py", migration("c1", null))
                    .write("db/tenant/versions/t1_tenant.py", migration("t1", null));
            RevCommit c1 = g.commit("two chains");
            g.push("main", false);
            ingest.pollOnce();

            // Then each file names its chain, and the marker names both with their rules
            List<MigrationEvent> first = readAll("chains");
            assertThat(describe(first))
                    .containsExactly(
                            "ADDED db/core/versions/c1_core.py @" + c1.name(),
                            "ADDED db/tenant/versions/t1_tenant.py @" + c1.name(),
                            "SCANNED " + c1.name() + " files=2 full");
            assertThat(first.subList(0, 2))
                    .extracting(e -> ((FileChanged) e).chain())
                    .containsExactly("core", "tenant");
            assertThat(((CommitScanned) first.get(2)).chains())
                    .containsExactly(
                            new ChainSpec("core", null, "1.13.2"), new ChainSpec("tenant", "%(rev)s", "1.13.2"));

            // When a commit adds to one chain, then one section is renamed
            g.write("db/tenant/versions/t2_more.py", migration("t2", "t1"));
            RevCommit c2 = g.commit("add t2");
            g.write("alembic.ini", ini.replace("[tenant]", "[tenants]"));
            RevCommit c3 = g.commit("rename tenant");
            g.push("main", false);
            ingest.pollOnce();

            // Then the addition is a delta in its chain, and the rename a full scan under the new name
            List<MigrationEvent> after =
                    readAll("chains").subList(3, readAll("chains").size());
            assertThat(describe(after))
                    .containsExactly(
                            "ADDED db/tenant/versions/t2_more.py @" + c2.name(),
                            "SCANNED " + c2.name() + " files=1 delta",
                            "ADDED db/core/versions/c1_core.py @" + c3.name(),
                            "ADDED db/tenant/versions/t1_tenant.py @" + c3.name(),
                            "ADDED db/tenant/versions/t2_more.py @" + c3.name(),
                            "SCANNED " + c3.name() + " files=3 full");
            assertThat(((FileChanged) after.get(0)).chain()).isEqualTo("tenant");
            assertThat(after.subList(2, 5))
                    .extracting(e -> ((FileChanged) e).chain())
                    .containsExactly("core", "tenants", "tenants");
            assertThat(((CommitScanned) after.get(5)).chains())
                    .extracting(ChainSpec::name)
                    .containsExactly("core", "tenants");
        }
    }

    /** Every event of {@code repo} on the topic, in order, read to the current end. */
    private static List<MigrationEvent> readAll(String repo) {
        List<MigrationEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, MigrationEvent> r : read(
                Topics.MIGRATION_EVENTS.name(),
                Topics.MIGRATION_EVENTS.valueSerde().deserializer())) {
            if (repo.equals(r.key())) {
                out.add(r.value());
            }
        }
        return out;
    }

    private static Map<String, String> readState() {
        Map<String, String> out = new HashMap<>();
        for (ConsumerRecord<String, IngestState> r : read(
                Topics.INGEST_STATE.name(), Topics.INGEST_STATE.valueSerde().deserializer())) {
            out.put(r.key(), r.value().commit());
        }
        return out;
    }

    private static <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> d) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), d)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 20_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        // one repository's records share a partition, so their order is the offset order
        out.sort(Comparator.comparing((ConsumerRecord<String, V> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    private static List<String> describe(List<MigrationEvent> events) {
        return events.stream().map(IngestServiceIT::describe).toList();
    }

    private static String describe(MigrationEvent e) {
        if (e instanceof FileChanged f) {
            return f.change() + " " + (f.oldPath() == null ? "" : f.oldPath() + " -> ") + f.path() + " @" + f.commit();
        }
        if (e instanceof CommitScanned m) {
            return "SCANNED " + m.commit() + " files=" + m.files() + (m.fullScan() ? " full" : " delta");
        }
        return "UNAVAILABLE " + ((RepoUnavailable) e).reason();
    }
}
