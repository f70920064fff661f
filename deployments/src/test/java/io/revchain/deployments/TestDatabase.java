package io.revchain.deployments;

import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of the test's own on this machine's real servers (PostgreSQL on 127.0.0.1:5432, MariaDB on
 * 127.0.0.1:3306, as {@code .ci/run} starts them) or a SQLite file; dropped on close.
 */
final class TestDatabase implements AutoCloseable {
    static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/";

    final Dialect dialect;
    final String name;
    final String sqlalchemyUrl;
    final Path sqliteFile;

    private TestDatabase(Dialect dialect, String name, String sqlalchemyUrl, Path sqliteFile) {
        this.dialect = dialect;
        this.name = name;
        this.sqlalchemyUrl = sqlalchemyUrl;
        this.sqliteFile = sqliteFile;
    }

    static TestDatabase create(Dialect dialect, Path dir) throws SQLException {
        String name =
                "revchain_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        switch (dialect) {
            case POSTGRESQL -> {
                try (Connection c = admin(Dialect.POSTGRESQL);
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                return new TestDatabase(dialect, name, "postgresql+psycopg2://postgres@127.0.0.1:5432/" + name, null);
            }
            case MARIADB -> {
                try (Connection c = admin(Dialect.MARIADB);
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                return new TestDatabase(dialect, name, "mysql+pymysql://root@127.0.0.1:3306/" + name, null);
            }
            default -> {
                Path file = dir.resolve(name + ".db").toAbsolutePath();
                return new TestDatabase(dialect, name, "sqlite:///" + file, file);
            }
        }
    }

    /** An administrator's connection to the server (not to the test's database). */
    static Connection admin(Dialect dialect) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", dialect == Dialect.POSTGRESQL ? "postgres" : "root");
        try {
            return DriverManager.getConnection(dialect == Dialect.POSTGRESQL ? PG_ADMIN : MARIADB_ADMIN, p);
        } catch (SQLException e) {
            // the servers are the machine's own: say how to start one rather than fail on a bare "refused"
            throw new SQLException(
                    (dialect == Dialect.POSTGRESQL
                                    ? "PostgreSQL is not answering on 127.0.0.1:5432 (start it: pg_ctlcluster "
                                            + "--skip-systemctl-redirect $(ls /etc/postgresql) main start; .ci/run does)"
                                    : "MariaDB is not answering on 127.0.0.1:3306 (start it: start-stop-daemon "
                                            + "--start --oknodo --background --exec /usr/sbin/mariadbd; .ci/run does)")
                            + ": " + e.getMessage(),
                    e.getSQLState(),
                    e);
        }
    }

    /** An administrator's connection to the test's own database. */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", dialect == Dialect.POSTGRESQL ? "postgres" : "root");
        return switch (dialect) {
            case POSTGRESQL -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, p);
            case MARIADB -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + name, p);
            case SQLITE -> DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
        };
    }

    /** What revchain is given: the same SQLAlchemy URL Alembic used, translated. */
    DatabaseUrl url() {
        return DatabaseUrl.parse(sqlalchemyUrl, Path.of("."));
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        switch (dialect) {
            case POSTGRESQL -> {
                try (Connection c = admin(dialect);
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
            case MARIADB -> {
                try (Connection c = admin(dialect);
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
            }
            case SQLITE -> Files.deleteIfExists(sqliteFile);
        }
    }
}
