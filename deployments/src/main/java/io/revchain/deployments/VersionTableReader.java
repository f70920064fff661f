package io.revchain.deployments;

import io.revchain.core.database.Credentials;
import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.Dialect;
import io.revchain.core.database.VersionTable;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads the rows of one database's Alembic version table. Read-only by construction: the connection is made
 * read-only ({@code setReadOnly(true)}; a SQLite file is opened with SQLite's read-only flag), the one statement is
 * {@link VersionTable#select}, and nothing is ever written or created. Each read has its own connection, closed
 * after it; connect, socket and statement timeouts bound it. Whatever happens, {@link #read} returns a
 * {@link VersionRead}: a failure is classified ({@link VersionRead.Problem}) with the driver's first line, the
 * password removed from it.
 */
public final class VersionTableReader {
    /** More rows than any version table has; a table this long is not Alembic's. */
    static final int MAX_ROWS = 10_000;

    private final Timeouts timeouts;

    public VersionTableReader(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    /**
     * The rows of {@code table} in the database {@code url} names.
     *
     * @param credentials the user and password, or {@code null} to connect as the URL says
     */
    public VersionRead read(DatabaseUrl url, Credentials credentials, VersionTable table) {
        if (url.dialect() == Dialect.SQLITE && !Files.isRegularFile(url.sqliteFile())) {
            return VersionRead.failed(
                    VersionRead.Problem.CONFIGURATION,
                    "no SQLite file " + url.sqliteFile() + " (revchain never creates one)");
        }
        Properties props = properties(url, credentials);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props)) {
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Timeouts.seconds(timeouts.statement()));
                s.setMaxRows(MAX_ROWS);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(table.select(url.dialect()))) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                return VersionRead.ok(rows);
            }
        } catch (SQLException e) {
            return classify(url, table, e, credentials);
        } catch (RuntimeException e) {
            // a driver's own bug or a refused option: still this database's problem only
            return VersionRead.failed(VersionRead.Problem.ERROR, line(e, credentials));
        }
    }

    private Properties properties(DatabaseUrl url, Credentials credentials) {
        Properties p = new Properties();
        String user = credentials != null ? credentials.user() : url.user();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (credentials != null) {
            p.setProperty("password", credentials.password());
        }
        int connect = Timeouts.seconds(timeouts.connect());
        int socket = Timeouts.seconds(timeouts.socket());
        switch (url.dialect()) {
            case POSTGRESQL -> {
                p.setProperty("connectTimeout", Integer.toString(connect));
                p.setProperty("loginTimeout", Integer.toString(connect));
                p.setProperty("socketTimeout", Integer.toString(socket));
                p.setProperty("readOnly", "true");
                p.setProperty("ApplicationName", "revchain status");
            }
            case MARIADB -> {
                p.setProperty("connectTimeout", Long.toString(timeouts.connect().toMillis()));
                p.setProperty("socketTimeout", Long.toString(timeouts.socket().toMillis()));
            }
            case SQLITE -> {
                // SQLITE_OPEN_READONLY: the file is never written, and a missing one is never created
                p.setProperty("open_mode", "1");
                p.setProperty("busy_timeout", Long.toString(timeouts.statement().toMillis()));
            }
        }
        return p;
    }

    /** What a failed read means, from the SQL state and the driver's codes (messages are only read for SQLite). */
    static VersionRead classify(DatabaseUrl url, VersionTable table, SQLException e, Credentials credentials) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String message = line(e, credentials);
        String lower = message.toLowerCase(Locale.ROOT);
        if (e instanceof SQLTimeoutException
                || state.equals("57014")
                || state.equals("70100")
                || code == 1969
                || hasCause(e, SocketTimeoutException.class) && !state.startsWith("08001")) {
            return VersionRead.failed(
                    VersionRead.Problem.TIMEOUT, "timed out reading " + table.label() + ": " + message);
        }
        if (state.startsWith("28")
                || state.equals("42501")
                || code == 1045
                || code == 1044
                || code == 1142
                || code == 1143) {
            return VersionRead.failed(VersionRead.Problem.ACCESS_DENIED, message);
        }
        if (state.equals("42P01")
                || state.equals("3F000")
                || state.equals("3D000")
                || state.equals("42S02")
                || code == 1146
                || code == 1049
                || url.dialect() == Dialect.SQLITE && lower.contains("no such table")) {
            return VersionRead.failed(
                    VersionRead.Problem.NO_VERSION_TABLE,
                    "no version table " + table.label() + " (never stamped, or another version_table or schema): "
                            + message);
        }
        if (state.startsWith("08")
                || hasCause(e, ConnectException.class)
                || hasCause(e, UnknownHostException.class)
                || hasCause(e, SocketTimeoutException.class)) {
            return VersionRead.failed(VersionRead.Problem.UNREACHABLE, message);
        }
        if (url.dialect() == Dialect.SQLITE && (lower.contains("not a database") || lower.contains("unable to open"))) {
            return VersionRead.failed(VersionRead.Problem.CONFIGURATION, message);
        }
        return VersionRead.failed(VersionRead.Problem.ERROR, message);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The driver's first line, without the password, at most 300 characters; never a stack trace. */
    static String line(Throwable e, Credentials credentials) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (credentials != null) {
            m = credentials.scrub(m);
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.strip();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
