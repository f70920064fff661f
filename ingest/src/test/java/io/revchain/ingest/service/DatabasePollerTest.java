package io.revchain.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.parse.EnvPyVersionTable;
import io.revchain.deployments.Timeouts;
import io.revchain.deployments.VersionRead;
import io.revchain.deployments.VersionTableReader;
import io.revchain.event.DeploymentObserved;
import io.revchain.event.Topics;
import io.revchain.ingest.plan.CodeVersionTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasePollerTest {

    private static final String PASSWORD = "Sup3r-S3cret-pw";

    /** Every repository's code read, its env.py configuring no version table. */
    private static final Function<String, Optional<CodeVersionTables>> NOTHING_CONFIGURED =
            repo -> Optional.of(new CodeVersionTables("c0ffee", Map.of()));

    @TempDir
    Path tmp;

    /** A SQLite file with the version table exactly as Alembic 1.8.1 creates and stamps it. */
    static Path stamped(Path file, String... revisions) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                    + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
            for (String r : revisions) {
                s.execute("INSERT INTO alembic_version (version_num) VALUES ('" + r + "')");
            }
        }
        return file;
    }

    private static EnvironmentSpec env(String name, String url, String credentials) {
        return new EnvironmentSpec(name, url, credentials, null, null, null);
    }

    @Test
    void eachEnvironmentBecomesAnObservationWhateverItsDatabaseSays() throws Exception {
        // Given a stamped SQLite file, a missing one, an unset credentials variable and an unreachable server
        Path prod = stamped(tmp.resolve("prod.db"), "ae1027a6acf1");
        RepositorySpec repo = RepositorySpec.of("core", "/srv/core")
                .withEnvironments(List.of(
                        env("prod", "sqlite:///" + prod, null),
                        env("gone", "sqlite:///" + tmp.resolve("gone.db"), null),
                        env("unset", "postgresql://deploy@127.0.0.1:1/core", "NOT_SET_DB"),
                        env("down", "postgresql://deploy@127.0.0.1:1/core", "DOWN_DB")));
        List<DeploymentObserved> sent = new CopyOnWriteArrayList<>();
        DatabasePoller poller = new DatabasePoller(
                () -> List.of(repo),
                NOTHING_CONFIGURED,
                Duration.ofMinutes(5),
                new VersionTableReader(
                        new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)))::read,
                Map.of("DOWN_DB", "deploy:" + PASSWORD)::get,
                tmp,
                sent::add,
                Clock.systemUTC());

        // When every environment is read once, with the log captured
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<DeploymentObserved> read;
        try {
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            read = poller.readAll(List.of(repo));
        } finally {
            System.setErr(stderr);
        }

        // Then each says what its database gave, and nothing carries the password
        assertThat(read).isEqualTo(sent);
        assertThat(read).extracting(DeploymentObserved::environment).containsExactly("prod", "gone", "unset", "down");
        assertThat(read.get(0).applied()).containsExactly("ae1027a6acf1");
        assertThat(read.get(0).source()).isEqualTo(DeploymentObserved.POLL);
        assertThat(read.get(1).problem()).isEqualTo("configuration");
        assertThat(read.get(2).problem()).isEqualTo("configuration");
        assertThat(read.get(2).message()).contains("NOT_SET_DB");
        assertThat(read.get(3).problem()).isEqualTo("unreachable");
        // the log said what went wrong with each, and never the password
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("environment down: unreachable")
                .doesNotContain(PASSWORD);
        for (DeploymentObserved o : read) {
            String json =
                    new String(Topics.DEPLOYMENTS.valueSerde().serializer().serialize("t", o), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aPasswordADriverRepeatsIsScrubbedFromTheObservationAndTheLog() {
        // Given a driver that quotes the password in its message, and one that throws with it
        RepositorySpec repo = RepositorySpec.of("core", "/srv/core")
                .withEnvironments(List.of(
                        env("quoting", "postgresql://deploy@db/core", "DB"),
                        env("throwing", "postgresql://deploy@db2/core", "DB")));
        DatabasePoller.Reader leaky = (url, credentials, table) -> {
            if (url.jdbcUrl().contains("db2")) {
                throw new IllegalStateException("driver bug, password was " + credentials.password());
            }
            return VersionRead.failed(VersionRead.Problem.ERROR, "login with " + credentials.password() + " failed");
        };
        DatabasePoller poller = new DatabasePoller(
                () -> List.of(repo),
                NOTHING_CONFIGURED,
                Duration.ofMinutes(5),
                leaky,
                Map.of("DB", "deploy:" + PASSWORD)::get,
                tmp,
                o -> {},
                Clock.systemUTC());
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<DeploymentObserved> read;
        try {
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            read = poller.readAll(List.of(repo));
        } finally {
            System.setErr(stderr);
        }
        assertThat(read).extracting(DeploymentObserved::problem).containsExactly("error", "error");
        assertThat(read.get(0).message()).isEqualTo("login with *** failed");
        assertThat(read.get(1).message()).contains("password was ***");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("***").doesNotContain(PASSWORD);
    }

    @Test
    void aHangingDatabaseIsReadOnceAtATimeAndHoldsUpNoOther() throws Exception {
        // Given one database that hangs until released and one that answers at once
        RepositorySpec repo = RepositorySpec.of("core", "/srv/core")
                .withEnvironments(
                        List.of(env("slow", "sqlite:///slow.db", null), env("fast", "sqlite:///fast.db", null)));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowAtOnce = new AtomicInteger();
        AtomicInteger slowMost = new AtomicInteger();
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        DatabasePoller.Reader reader = (url, credentials, table) -> {
            String name = url.sqliteFile().getFileName().toString();
            reads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (name.equals("slow.db")) {
                slowMost.accumulateAndGet(slowAtOnce.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    slowAtOnce.decrementAndGet();
                }
                return VersionRead.failed(VersionRead.Problem.TIMEOUT, "statement timeout");
            }
            return VersionRead.ok(List.of("a1"));
        };
        List<DeploymentObserved> sent = new CopyOnWriteArrayList<>();
        try (DatabasePoller poller = new DatabasePoller(
                () -> List.of(repo),
                NOTHING_CONFIGURED,
                Duration.ofMillis(20),
                reader,
                n -> null,
                tmp,
                sent::add,
                Clock.systemUTC())) {
            // When the poller runs on a short interval
            poller.start();

            // Then the fast database is read again and again while the slow one hangs, which is never read twice
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sent.stream()
                                    .filter(o -> o.environment().equals("fast"))
                                    .count()
                            >= 5);
            assertThat(reads.get("slow.db").get()).isEqualTo(1);
            release.countDown();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sent.stream().anyMatch(o -> o.environment().equals("slow")));
            assertThat(slowMost.get()).isEqualTo(1);
            assertThat(sent.stream()
                            .filter(o -> o.environment().equals("slow"))
                            .findFirst()
                            .orElseThrow()
                            .problem())
                    .isEqualTo("timeout");
        }
    }

    @Test
    void aDatabaseIsReadAtTheTableItsChainsEnvPyNamesOnceTheCodeIsRead() throws Exception {
        // Given a database stamped in the table env.py configures, not alembic_version
        Path prod = tmp.resolve("prod.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + prod);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop_version (version_num VARCHAR(32) NOT NULL, "
                    + "CONSTRAINT shop_version_pkc PRIMARY KEY (version_num))");
            s.execute("INSERT INTO shop_version (version_num) VALUES ('002')");
        }
        RepositorySpec repo = RepositorySpec.of("shop", "/srv/shop")
                .withEnvironments(List.of(
                        env("prod", "sqlite:///" + prod, null),
                        new EnvironmentSpec("stated", "sqlite:///" + prod, null, null, "shop_version", "main")));
        Map<String, CodeVersionTables> code = new ConcurrentHashMap<>();
        List<DeploymentObserved> sent = new CopyOnWriteArrayList<>();
        DatabasePoller poller = new DatabasePoller(
                () -> List.of(repo),
                r -> Optional.ofNullable(code.get(r)),
                Duration.ofMillis(200),
                new VersionTableReader(Timeouts.DEFAULT)::read,
                Map.<String, String>of()::get,
                tmp,
                sent::add,
                Clock.systemUTC());

        // When the databases are read before the repository's code was: only what states its table is read
        List<DeploymentObserved> before = poller.readAll(List.of(repo));
        assertThat(before).extracting(DeploymentObserved::environment).containsExactly("stated");
        assertThat(before.get(0).applied()).containsExactly("002");

        // And on the schedule, nothing is read for prod until its code is read
        sent.clear();
        try (poller) {
            poller.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sent.stream().anyMatch(o -> o.environment().equals("stated")));
            assertThat(sent).noneMatch(o -> o.environment().equals("prod"));

            // When the code is read: env.py names shop_version
            code.put(
                    "shop",
                    new CodeVersionTables(
                            "c0ffee", Map.of("alembic", new EnvPyVersionTable("shop_version", null, List.of()))));

            // Then prod is read at the next tick, at env.py's table
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sent.stream().anyMatch(o -> o.environment().equals("prod")));
            DeploymentObserved p = sent.stream()
                    .filter(o -> o.environment().equals("prod"))
                    .findFirst()
                    .orElseThrow();
            assertThat(p.readable()).as(String.valueOf(p.message())).isTrue();
            assertThat(p.applied()).containsExactly("002");
        }
    }
}
