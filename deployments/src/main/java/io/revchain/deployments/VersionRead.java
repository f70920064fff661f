package io.revchain.deployments;

import java.util.List;
import java.util.Objects;

/**
 * What reading one database's version table gave: its rows, or why there are none to read.
 *
 * @param rows    the {@code version_num} values, in the order read; empty when {@code problem} is set
 * @param problem why the table could not be read, {@code null} when it was
 * @param message one line for the reader (a driver's message, its password removed), {@code null} when read
 */
public record VersionRead(List<String> rows, Problem problem, String message) {

    public VersionRead {
        rows = List.copyOf(rows);
        if ((problem == null) != (message == null)) {
            throw new IllegalArgumentException("a problem comes with its message");
        }
    }

    /** Why a version table could not be read. */
    public enum Problem {
        /** No connection: refused, no such host, the connect timeout. */
        UNREACHABLE("unreachable"),
        /** Connected, but the statement or the socket timed out. */
        TIMEOUT("timeout"),
        /** The database, schema or table is not there (never stamped, or the wrong version_table). */
        NO_VERSION_TABLE("no-version-table"),
        /** The server refused the login or the read. */
        ACCESS_DENIED("access-denied"),
        /** Settings that cannot work (a credentials variable not set, a missing SQLite file, a bad URL). */
        CONFIGURATION("configuration"),
        /** Anything else the driver said. */
        ERROR("error");

        private final String wireName;

        Problem(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static VersionRead ok(List<String> rows) {
        return new VersionRead(rows, null, null);
    }

    public static VersionRead failed(Problem problem, String message) {
        Objects.requireNonNull(problem, "problem");
        return new VersionRead(List.of(), problem, Objects.requireNonNull(message, "message"));
    }

    public boolean ok() {
        return problem == null;
    }
}
