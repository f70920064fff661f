package io.revchain.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.database.Credentials;
import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.Dialect;
import io.revchain.core.database.VersionTable;
import io.revchain.testkit.SilentServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database that is down, silent, slow (a lock held by another session), never stamped, or that refuses the user:
 * each read ends within its timeouts with a problem saying which, and no password in any message.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VersionTableFailuresIT {
    private static final Timeouts SHORT =
            new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(1));
    private final VersionTableReader reader = new VersionTableReader(SHORT);

    @TempDir
    Path dir;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aServerThatIsDownIsUnreachable(Dialect dialect) throws Exception {
        String scheme = dialect == Dialect.POSTGRESQL ? "postgresql" : "mariadb";
        DatabaseUrl url = DatabaseUrl.parse(scheme + "://root@127.0.0.1:" + closedPort() + "/app", dir);

        VersionRead r = reader.read(url, null, VersionTable.DEFAULT);

        assertThat(r.problem()).isEqualTo(VersionRead.Problem.UNREACHABLE);
        assertThat(r.message()).isNotBlank().doesNotContain("\n");
    }

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aServerThatNeverAnswersEndsWithinTheTimeouts(Dialect dialect) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            String scheme = dialect == Dialect.POSTGRESQL ? "postgresql" : "mariadb";
            DatabaseUrl url = DatabaseUrl.parse(scheme + "://root@127.0.0.1:" + silent.port() + "/app", dir);

            VersionRead r = reader.read(url, null, VersionTable.DEFAULT);

            assertThat(r.problem()).isIn(VersionRead.Problem.UNREACHABLE, VersionRead.Problem.TIMEOUT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aTableLockedByAnotherSessionIsAStatementTimeout(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            new AlembicProject(dir.resolve("p"), db.sqlalchemyUrl, null, null)
                    .add("a1")
                    .ok("stamp", "a1");
            try (Connection locker = db.connect();
                    Statement s = locker.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    locker.setAutoCommit(false);
                    s.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE");
                } else {
                    s.execute("LOCK TABLES alembic_version WRITE");
                }

                VersionRead r = reader.read(db.url(), null, VersionTable.DEFAULT);

                assertThat(r.problem()).isEqualTo(VersionRead.Problem.TIMEOUT);
                assertThat(r.message()).startsWith("timed out reading alembic_version");
                if (dialect == Dialect.POSTGRESQL) {
                    locker.rollback();
                } else {
                    s.execute("UNLOCK TABLES");
                }
            }
            // the lock gone, the same read works: the timeout left nothing behind
            assertThat(reader.read(db.url(), null, VersionTable.DEFAULT).rows()).containsExactly("a1");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aDatabaseNeverStampedHasNoVersionTable(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            if (dialect == Dialect.SQLITE) {
                db.execute("CREATE TABLE other (x INTEGER)");
            }

            VersionRead r = reader.read(db.url(), null, VersionTable.DEFAULT);

            assertThat(r.problem()).isEqualTo(VersionRead.Problem.NO_VERSION_TABLE);
            assertThat(r.message()).startsWith("no version table alembic_version");
        }
    }

    @Test
    void aPostgresRoleWithoutTheRightToReadIsAccessDenied() throws Exception {
        String role =
                "revchain_it_ro_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL, dir)) {
            new AlembicProject(dir.resolve("p"), db.sqlalchemyUrl, null, null)
                    .add("a1")
                    .ok("stamp", "a1");
            db.execute("CREATE ROLE " + role + " LOGIN");
            try {
                DatabaseUrl url = DatabaseUrl.parse("postgresql://" + role + "@127.0.0.1/" + db.name, dir);

                VersionRead r = reader.read(url, null, VersionTable.DEFAULT);

                assertThat(r.problem()).isEqualTo(VersionRead.Problem.ACCESS_DENIED);
                assertThat(r.message()).contains("permission denied");
            } finally {
                db.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void aMariadbUserRefusedNeverSeesItsPasswordInTheMessage() throws Exception {
        String user =
                "revchain_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        String password = "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (TestDatabase db = TestDatabase.create(Dialect.MARIADB, dir)) {
            new AlembicProject(dir.resolve("p"), db.sqlalchemyUrl, null, null)
                    .add("a1")
                    .ok("stamp", "a1");
            db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            db.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'");
            try {
                DatabaseUrl url = DatabaseUrl.parse("mysql+pymysql://127.0.0.1/" + db.name, dir);
                Credentials right = Credentials.fromEnvironment("DB", Map.of("DB", user + ":" + password)::get);
                Credentials wrong = Credentials.fromEnvironment("DB", Map.of("DB", user + ":" + password + "x")::get);

                VersionRead noGrant = reader.read(url, right, VersionTable.DEFAULT);
                VersionRead badPassword = reader.read(url, wrong, VersionTable.DEFAULT);

                assertThat(noGrant.problem()).isEqualTo(VersionRead.Problem.ACCESS_DENIED);
                assertThat(badPassword.problem()).isEqualTo(VersionRead.Problem.ACCESS_DENIED);
                assertThat(noGrant.toString() + badPassword).doesNotContain(password);

                // granted the read, the same credentials read the rows
                try (Connection c = TestDatabase.admin(Dialect.MARIADB);
                        Statement s = c.createStatement()) {
                    s.execute("GRANT SELECT ON " + db.name + ".* TO '" + user + "'@'%'");
                    s.execute("GRANT SELECT ON " + db.name + ".* TO '" + user + "'@'localhost'");
                }
                assertThat(reader.read(url, right, VersionTable.DEFAULT).rows()).containsExactly("a1");
            } finally {
                db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                db.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
    }

    @Test
    void aSqliteFileIsReadWithoutBeingWrittenAndAMissingOneIsNeverCreated() throws Exception {
        try (TestDatabase db = TestDatabase.create(Dialect.SQLITE, dir)) {
            new AlembicProject(dir.resolve("p"), db.sqlalchemyUrl, null, null)
                    .add("a1")
                    .ok("stamp", "a1");
            byte[] before = Files.readAllBytes(db.sqliteFile);
            long modified = Files.getLastModifiedTime(db.sqliteFile).toMillis();

            assertThat(reader.read(db.url(), null, VersionTable.DEFAULT).rows()).containsExactly("a1");

            assertThat(Files.readAllBytes(db.sqliteFile)).isEqualTo(before);
            assertThat(Files.getLastModifiedTime(db.sqliteFile).toMillis()).isEqualTo(modified);
            assertThat(Files.list(dir)
                            .filter(p -> p.toString().endsWith("-journal")
                                    || p.toString().endsWith("-wal")))
                    .isEmpty();
        }
        Path missing = dir.resolve("missing.db");
        VersionRead r = reader.read(DatabaseUrl.parse("sqlite:///" + missing, dir), null, VersionTable.DEFAULT);
        assertThat(r.problem()).isEqualTo(VersionRead.Problem.CONFIGURATION);
        assertThat(missing).doesNotExist();
    }
}
