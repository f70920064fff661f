package io.revchain.core.database;

/** The databases whose version table revchain reads, each through one JDBC driver. */
public enum Dialect {
    /** PostgreSQL, through pgjdbc. */
    POSTGRESQL("postgresql"),
    /** MariaDB and MySQL, through MariaDB Connector/J. */
    MARIADB("mariadb"),
    /** SQLite files, through xerial sqlite-jdbc. */
    SQLITE("sqlite");

    private final String wireName;

    Dialect(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** An identifier quoted as this database quotes it (case kept, as SQLAlchemy created it). */
    String quote(String identifier) {
        return this == MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }
}
