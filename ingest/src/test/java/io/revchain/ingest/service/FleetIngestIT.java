package io.revchain.ingest.service;

import static io.revchain.testkit.GitFixture.migration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revchain.broker.EmbeddedKafka;
import io.revchain.core.config.OrgConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.event.ChangeKind;
import io.revchain.event.CommitScanned;
import io.revchain.event.FileChanged;
import io.revchain.event.MigrationEvent;
import io.revchain.event.RepoUnavailable;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.Backoff;
import io.revchain.ingest.plan.RepositoryDiff;
import io.revchain.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest scaled out on the {@code revchain.repositories} topic: instances of one consumer group share the
 * repositories, never poll one at the same time, take over from an instance that goes away, and follow records
 * added to and removed from the topic without a restart.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FleetIngestIT {

    private static final String V = "migrations/versions/";
    private static final String INI = "[alembic]\nscript_location = migrations\n";
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (Admin a = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics.create(a, Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /** A group of its own per test, so the tests share the broker but not their members. */
    private static Map<String, Object> kafkaProps() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", kafka.bootstrapServers());
        // a static member that goes away is replaced after its session: the smallest the broker allows
        m.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        m.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        return m;
    }

    private IngestService instance(String id, String group, OrgConfig org, PollLog log) {
        IngestSettings s = IngestSettings.defaults()
                .withRemoteTimeout(Duration.ofSeconds(30))
                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO))
                .withEnv(Map.of())
                .withInstanceId(id)
                .withGroupId(group);
        IngestService i =
                IngestService.fleet(org, s, kafkaProps(), tmp.resolve("work-" + id), new SimpleMeterRegistry());
        return i.onPoll(log.listener(id));
    }

    /** Every poll of every instance, on one logical clock: proof that no repository is polled twice at once. */
    static final class PollLog {
        private final AtomicLong clock = new AtomicLong();
        final Map<String, Long> open = new ConcurrentHashMap<>();
        final List<Poll> polls = new CopyOnWriteArrayList<>();

        record Poll(String instance, String repo, long start, long end) {}

        IngestService.PollListener listener(String instance) {
            return new IngestService.PollListener() {
                @Override
                public void started(String repo) {
                    open.put(instance + " " + repo, clock.incrementAndGet());
                }

                @Override
                public void finished(CycleReport.RepoOutcome o) {
                    long start = open.remove(instance + " " + o.repo());
                    polls.add(new Poll(instance, o.repo(), start, clock.incrementAndGet()));
                }
            };
        }

        long count(String repo) {
            return polls.stream().filter(p -> p.repo().equals(repo)).count()
                    + open.keySet().stream().filter(k -> k.endsWith(" " + repo)).count();
        }

        /** Pairs of polls of one repository by two instances whose spans overlap. */
        List<String> overlaps() {
            List<String> out = new ArrayList<>();
            List<Poll> all = new ArrayList<>(polls);
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    Poll a = all.get(i);
                    Poll b = all.get(j);
                    if (a.repo().equals(b.repo())
                            && !a.instance().equals(b.instance())
                            && a.start() < b.end()
                            && b.start() < a.end()) {
                        out.add(a + " / " + b);
                    }
                }
            }
            return out;
        }
    }

    private static GitFixture repo(Path dir, int migrations) throws Exception {
        GitFixture g = GitFixture.create(dir);
        g.write("alembic.ini", INI).write("migrations/env.py", "# env\n");
        for (int m = 1; m <= migrations; m++) {
            g.write(V + String.format("%03d_m.py", m), migration(rev(m), m == 1 ? null : rev(m - 1)));
        }
        g.commit("base");
        g.push("main", false);
        return g;
    }

    private static String rev(int m) {
        return String.format("%03d", m);
    }

    private static OrgConfig org(Map<String, GitFixture> repos) {
        List<RepositorySpec> specs = new ArrayList<>();
        repos.forEach((id, g) -> specs.add(RepositorySpec.of(id, g.remote().toString())));
        return OrgConfig.of(specs).withInterval(Duration.ofSeconds(1));
    }

    @Test
    void twoInstancesShareFortyRepositoriesAndTheSurvivorFinishesWhatTheClosedOneWasScanning() throws Exception {
        // Given 40 repositories with two migrations each, on the repositories topic
        Map<String, GitFixture> repos = new TreeMap<>();
        try (AutoCloseableAll closer = new AutoCloseableAll()) {
            for (int r = 0; r < 40; r++) {
                repos.put("fleet-" + r, closer.add(repo(tmp.resolve("git-" + r), 2)));
            }
            OrgConfig org = org(repos);
            RepositoryDiff synced = RepositoriesTopic.sync(org, kafkaProps(), Duration.ofSeconds(30));
            assertThat(synced.added()).hasSize(40);
            PollLog log = new PollLog();
            String group = "fleet-share";

            // When two instances of one group start
            IngestService a = instance("a", group, org, log);
            IngestService b = closer.add(instance("b", group, org, log));
            try {
                a.start();
                b.start();

                // Then every repository's head is published once the two have settled their partitions
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    Map<String, List<Sent>> events = readAll();
                    for (var e : repos.entrySet()) {
                        assertThat(lastMarker(events.get(e.getKey())))
                                .as(e.getKey())
                                .isEqualTo(e.getValue().remoteTip("main").name());
                    }
                });
                // and the group has split the repositories between them (b may join after a scanned them all)
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !a.ownedRepositories().isEmpty()
                                && !b.ownedRepositories().isEmpty()
                                && a.ownedRepositories().size()
                                                + b.ownedRepositories().size()
                                        == 40);
                assertThat(new TreeSet<>(a.ownedRepositories())).doesNotContainAnyElementsOf(b.ownedRepositories());

                // When every repository gets six more commits, and "a" is closed as soon as it polls one of them
                CountDownLatch aScanning = new CountDownLatch(1);
                AtomicBoolean armed = new AtomicBoolean();
                a.onPoll(new IngestService.PollListener() {
                    final IngestService.PollListener inner = log.listener("a");

                    @Override
                    public void started(String repo) {
                        inner.started(repo);
                        if (armed.get()) {
                            aScanning.countDown();
                        }
                    }

                    @Override
                    public void finished(CycleReport.RepoOutcome o) {
                        inner.finished(o);
                    }
                });
                for (GitFixture g : repos.values()) {
                    for (int m = 3; m <= 8; m++) {
                        g.write(V + String.format("%03d_m.py", m), migration(rev(m), rev(m - 1)));
                        g.commit("add " + m);
                    }
                }
                for (GitFixture g : repos.values()) {
                    g.push("main", false);
                }
                armed.set(true);
                assertThat(aScanning.await(60, TimeUnit.SECONDS)).isTrue();
                a.close();
            } finally {
                a.close();
            }

            // Then "b" takes over a's repositories and every repository ends complete and correct
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                Map<String, List<Sent>> events = readAll();
                for (var e : repos.entrySet()) {
                    assertThat(lastMarker(events.get(e.getKey())))
                            .as(e.getKey())
                            .isEqualTo(e.getValue().remoteTip("main").name());
                }
            });
            assertThat(b.ownedRepositories()).hasSize(40);
            Map<String, List<Sent>> events = readAll();
            for (String id : repos.keySet()) {
                List<Sent> sent = events.get(id);
                // the files the analyzer holds at the last marker are exactly the head's eight migrations
                assertThat(filesAtLastMarker(sent))
                        .as(id)
                        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 8)
                                .mapToObj(m -> V + String.format("%03d_m.py", m))
                                .toList());
                // no commit's events come from two instances: each run of one instance's events ends at a marker
                assertThat(runsEndAtMarkers(sent))
                        .as(id + ": " + describe(sent))
                        .isTrue();
                assertThat(sent).noneMatch(s -> s.event() instanceof RepoUnavailable);
            }
            // both instances published, each event says which, and no repository was ever polled by both at once
            assertThat(repos.keySet().stream()
                            .flatMap(id -> events.get(id).stream())
                            .map(Sent::instance))
                    .contains("a", "b")
                    .allMatch(i -> i.equals("a") || i.equals("b"));
            assertThat(log.overlaps()).isEmpty();
            assertThat(log.polls).extracting(PollLog.Poll::instance).contains("a", "b");
        }
    }

    @Test
    void aRepositoryAddedToTheTopicIsScannedAndATombstonedOneIsNoLongerPolled() throws Exception {
        try (AutoCloseableAll closer = new AutoCloseableAll()) {
            // Given one instance watching "keep" and "drop"
            Map<String, GitFixture> repos = new TreeMap<>();
            repos.put("keep", closer.add(repo(tmp.resolve("keep"), 1)));
            repos.put("drop", closer.add(repo(tmp.resolve("drop"), 1)));
            RepositoriesTopic.sync(org(repos), kafkaProps(), Duration.ofSeconds(30));
            PollLog log = new PollLog();
            IngestService only = closer.add(instance("solo", "fleet-edit", org(repos), log));
            only.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> repos.keySet().stream()
                            .allMatch(id -> lastMarker(readAll().get(id)) != null));

            // When a third repository is added to the topic, with nothing restarted
            repos.put("late", closer.add(repo(tmp.resolve("late"), 2)));
            RepositoryDiff added = RepositoriesTopic.sync(org(repos), kafkaProps(), Duration.ofSeconds(30));
            assertThat(added.added()).containsExactly("late");

            // Then it is scanned
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(lastMarker(readAll().get("late")))
                            .isEqualTo(repos.get("late").remoteTip("main").name()));

            // When "drop" is removed from the file and the sync tombstones it
            GitFixture drop = repos.remove("drop");
            RepositoryDiff removed = RepositoriesTopic.sync(org(repos), kafkaProps(), Duration.ofSeconds(30));
            assertThat(removed.removed()).containsExactly("drop");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !only.ownedRepositories().contains("drop"));
            long dropPolls = log.count("drop");
            RevCommit unseen = drop.commitAndPush("after removal", "main");
            long keepPolls = log.count("keep");

            // Then while "keep" is polled three more times, "drop" is polled no more and its commit is not published
            await().atMost(Duration.ofSeconds(60)).until(() -> log.count("keep") >= keepPolls + 3);
            assertThat(log.count("drop")).isEqualTo(dropPolls);
            assertThat(readAll().get("drop"))
                    .extracting(s -> commitOf(s.event()))
                    .doesNotContain(unseen.name());
            assertThat(only.ownedRepositories()).containsExactlyInAnyOrder("keep", "late");
        }
    }

    /**
     * An instance alone in its group, every head of its repositories committed, that a test freezes: its listener
     * holds what the test chooses, {@link #freezeGroup} holds its group consumer (as a stopped JVM would), and
     * closing lets everything go.
     */
    private final class Lone implements AutoCloseable {
        final Map<String, GitFixture> repos;
        final OrgConfig org;
        final String group;
        final PollLog log = new PollLog();
        final IngestService service;
        final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch releaseGroup = new CountDownLatch(1);
        private final CountDownLatch groupHeld = new CountDownLatch(1);
        private final AtomicBoolean freeze = new AtomicBoolean();

        Lone(AutoCloseableAll closer, String prefix, String id) throws Exception {
            repos = syncedRepos(closer, prefix, 4);
            org = org(repos);
            group = "fleet-" + prefix;
            service = instance(id, group, org, log);
            service.start();
            awaitHeadsCommitted(repos);
        }

        /** From now on {@code hooks} hears the instance (its group consumer's polls are watched for a freeze). */
        void listen(IngestService.PollListener hooks) {
            service.onPoll(new IngestService.PollListener() {
                @Override
                public void publishing(String branchKey) {
                    hooks.publishing(branchKey);
                }

                @Override
                public void committing() {
                    hooks.committing();
                }

                @Override
                public void finished(CycleReport.RepoOutcome o) {
                    hooks.finished(o);
                }

                @Override
                public void groupPolled() {
                    if (freeze.get()) {
                        groupHeld.countDown();
                        awaitQuietly(releaseGroup);
                    }
                }
            });
        }

        /** Returns once the group consumer is held after a poll. */
        void freezeGroup() throws InterruptedException {
            freeze.set(true);
            assertThat(groupHeld.await(30, TimeUnit.SECONDS)).isTrue();
        }

        /** A new commit of {@code repo}'s main: a third migration. */
        RevCommit push(String repo) throws Exception {
            GitFixture g = repos.get(repo);
            g.write(V + "003_m.py", migration(rev(3), rev(2)));
            return g.commitAndPush("a third migration", "main");
        }

        @Override
        public void close() {
            release.countDown();
            releaseGroup.countDown();
            service.close();
        }
    }

    @Test
    void aFrozenInstanceExpelledFromTheGroupCannotMakeItsLatePollVisible() throws Exception {
        // Given "z" alone in its group, every repository's head published
        try (AutoCloseableAll closer = new AutoCloseableAll();
                Lone z = new Lone(closer, "fence", "z")) {
            // When z builds its poll of a new commit of fence-0 and then freezes (poller and group consumer)
            CountDownLatch holding = new CountDownLatch(1);
            List<CycleReport.RepoOutcome> zOutcomes = new CopyOnWriteArrayList<>();
            z.listen(new IngestService.PollListener() {
                @Override
                public void publishing(String branchKey) {
                    if (branchKey.startsWith("fence-0")) {
                        holding.countDown();
                        awaitQuietly(z.release);
                    }
                }

                @Override
                public void finished(CycleReport.RepoOutcome o) {
                    zOutcomes.add(o);
                }
            });
            RevCommit late = z.push("fence-0");
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            z.freezeGroup();
            zOutcomes.clear();

            // and the group expels it (as its session expiring would), and "b" takes its repositories
            expel(z.group, "z");
            IngestService b = closer.add(instance("b", z.group, z.org, z.log));
            b.start();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() ->
                            assertThat(lastMarker(readAll(true).get("fence-0"))).isEqualTo(late.name()));

            // and z comes back and hands its poll to its transaction
            z.release.countDown();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(zOutcomes)
                            .anySatisfy(o -> assertThat(o.repo()).isEqualTo("fence-0")));

            // Then the group coordinator refused z's transaction (z is no member of the group now), z's poll
            // says it published nothing, and a read_committed reader (the analyzer) sees only b's publication of
            // the commit, whatever of z's records reached the broker before the abort
            assertThat(zOutcomes).filteredOn(o -> o.repo().equals("fence-0")).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(CycleReport.Status.FAILED);
                assertThat(o.commits()).isZero();
                assertThat(o.detail()).contains("CommitFailedException", "group metadata mismatch");
            });
            List<Sent> visible = readAll(true).get("fence-0");
            assertThat(visible)
                    .filteredOn(s -> commitOf(s.event()).equals(late.name()))
                    .isNotEmpty()
                    .allMatch(s -> s.instance().equals("b"));
            assertThat(lastMarker(visible)).isEqualTo(late.name());
        }
    }

    @Test
    void aNewOwnerWaitsForTheTransactionItsPredecessorWasCommitting() throws Exception {
        // Given "y" alone in its group, every repository's head published
        try (AutoCloseableAll closer = new AutoCloseableAll();
                Lone y = new Lone(closer, "pending", "y")) {
            // When y's transaction of a new commit has its group offsets accepted, and y freezes before the
            // commit (its group consumer too)
            CountDownLatch committing = new CountDownLatch(1);
            AtomicBoolean armed = new AtomicBoolean(true);
            y.listen(new IngestService.PollListener() {
                @Override
                public void committing() {
                    if (armed.getAndSet(false)) {
                        committing.countDown();
                        awaitQuietly(y.release);
                    }
                }
            });
            RevCommit late = y.push("pending-0");
            assertThat(committing.await(60, TimeUnit.SECONDS)).isTrue();
            y.freezeGroup();

            // and the group expels y and gives its repositories to "b", while y's transaction stays open
            expel(y.group, "y");
            Map<String, Long> bStarted = new ConcurrentHashMap<>();
            IngestService b = closer.add(instance("b", y.group, y.org, y.log).onPoll(new IngestService.PollListener() {
                @Override
                public void started(String repo) {
                    bStarted.putIfAbsent(repo, System.nanoTime());
                }
            }));
            b.start();
            Thread.sleep(4_000);
            long released = System.nanoTime();
            y.release.countDown();

            // Then b polled nothing until y's transaction ended, read the state y committed, and did not
            // publish y's commit again: a read_committed reader sees it once, from y
            await().atMost(Duration.ofSeconds(60)).until(() -> bStarted.containsKey("pending-0"));
            assertThat(bStarted.values())
                    .as("b's polls start after y's transaction was let go")
                    .allMatch(t -> t >= released);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> b.lastPublished("pending-0", "main").equals(java.util.Optional.of(late.name())));
            Thread.sleep(2_000);
            List<Sent> visible = readAll(true).get("pending-0");
            assertThat(visible)
                    .filteredOn(s ->
                            s.event() instanceof CommitScanned m && m.commit().equals(late.name()))
                    .extracting(Sent::instance)
                    .containsExactly("y");
            assertThat(visible).filteredOn(s -> s.instance().equals("b")).isEmpty();
        }
    }

    /** {@code count} repositories of two migrations, {@code prefix-0} and on, written to the repositories topic. */
    private Map<String, GitFixture> syncedRepos(AutoCloseableAll closer, String prefix, int count) throws Exception {
        Map<String, GitFixture> repos = new TreeMap<>();
        for (int r = 0; r < count; r++) {
            repos.put(prefix + "-" + r, closer.add(repo(tmp.resolve(prefix + "-" + r), 2)));
        }
        RepositoriesTopic.sync(org(repos), kafkaProps(), Duration.ofSeconds(30));
        return repos;
    }

    /** Waits until a read_committed reader sees every repository's head marker. */
    private static void awaitHeadsCommitted(Map<String, GitFixture> repos) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, List<Sent>> events = readAll(true);
            for (var e : repos.entrySet()) {
                assertThat(lastMarker(events.get(e.getKey())))
                        .isEqualTo(e.getValue().remoteTip("main").name());
            }
        });
    }

    /** The group expels a static member at once, as its session expiring would. */
    private static void expel(String group, String instanceId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.removeMembersFromConsumerGroup(
                            group, new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(instanceId))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- reading what was published ----

    record Sent(String instance, MigrationEvent event) {}

    private static Map<String, List<Sent>> readAll() {
        return readAll(false);
    }

    /** Every record of the events topic by repository; {@code committed}: as the analyzer reads them. */
    private static Map<String, List<Sent>> readAll(boolean committed) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        Map<String, List<Sent>> out = new HashMap<>();
        List<ConsumerRecord<String, MigrationEvent>> all = new ArrayList<>();
        String topic = Topics.MIGRATION_EVENTS.name();
        try (KafkaConsumer<String, MigrationEvent> c = new KafkaConsumer<>(
                p,
                new StringDeserializer(),
                Topics.MIGRATION_EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(all::add);
            }
        }
        // one repository's records share a partition, so their order is the offset order
        all.sort(Comparator.comparing((ConsumerRecord<String, MigrationEvent> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        for (ConsumerRecord<String, MigrationEvent> r : all) {
            Header h = r.headers().lastHeader(IngestService.INSTANCE_HEADER);
            String instance = h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new Sent(instance, r.value()));
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return out;
    }

    private static String lastMarker(List<Sent> sent) {
        if (sent == null) {
            return null;
        }
        String last = null;
        for (Sent s : sent) {
            if (s.event() instanceof CommitScanned m) {
                last = m.commit();
            }
        }
        return last;
    }

    private static String commitOf(MigrationEvent e) {
        if (e instanceof CommitScanned m) {
            return m.commit();
        }
        if (e instanceof FileChanged f) {
            return f.commit();
        }
        return "";
    }

    /** The analyzer's view: files applied in order, a full scan replacing everything, as of the last marker. */
    private static List<String> filesAtLastMarker(List<Sent> sent) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> atMarker = Map.of();
        Map<String, String> pending = new LinkedHashMap<>();
        for (Sent s : sent) {
            if (s.event() instanceof FileChanged f) {
                pending.put(f.path(), f.change() == ChangeKind.DELETED ? null : f.blob());
                if (f.oldPath() != null) {
                    pending.put(f.oldPath(), null);
                }
            } else if (s.event() instanceof CommitScanned m) {
                if (m.fullScan()) {
                    files.clear();
                }
                pending.forEach((path, blob) -> {
                    if (blob == null) {
                        files.remove(path);
                    } else {
                        files.put(path, blob);
                    }
                });
                pending.clear();
                atMarker = new LinkedHashMap<>(files);
            }
        }
        return new ArrayList<>(atMarker.keySet());
    }

    private static boolean runsEndAtMarkers(List<Sent> sent) {
        for (int i = 0; i + 1 < sent.size(); i++) {
            if (!sent.get(i).instance().equals(sent.get(i + 1).instance())
                    && !(sent.get(i).event() instanceof CommitScanned)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(List<Sent> sent) {
        return sent.stream()
                .map(s -> s.instance() + ":" + s.event().getClass().getSimpleName() + "@"
                        + commitOf(s.event())
                                .substring(0, Math.min(7, commitOf(s.event()).length())))
                .toList();
    }

    /** Closes what it was given, last first. */
    static final class AutoCloseableAll implements AutoCloseable {
        private final List<AutoCloseable> all = new ArrayList<>();

        <T extends AutoCloseable> T add(T c) {
            all.add(c);
            return c;
        }

        @Override
        public void close() throws Exception {
            Collections.reverse(all);
            for (AutoCloseable c : all) {
                c.close();
            }
        }
    }
}
