package io.revchain.core.database;

import java.util.regex.Pattern;

/**
 * Where Alembic keeps what a database has applied: {@code version_table} in {@code version_table_schema} (none: the
 * connection's default schema). Names are checked to be plain SQL identifiers, so the one statement revchain sends
 * ({@link #select}) can never be anything but a read of that table.
 *
 * @param schema the schema, {@code null} for the connection's default
 * @param name   the table, {@code alembic_version} unless configured
 */
public record VersionTable(String schema, String name) {
    // first: DEFAULT below is checked with it
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    public static final String DEFAULT_NAME = "alembic_version";
    public static final VersionTable DEFAULT = new VersionTable(null, DEFAULT_NAME);

    public VersionTable {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("version table name " + shown(name)
                    + " is not a plain SQL identifier (letters, digits, _ and $, at most 63)");
        }
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("version table schema " + shown(schema)
                    + " is not a plain SQL identifier (letters, digits, _ and $, at most 63)");
        }
    }

    /** This table with the given settings over it ({@code null} keeps the current one). */
    public VersionTable with(String schema, String name) {
        return new VersionTable(schema != null ? schema : this.schema, name != null ? name : this.name);
    }

    /** The one statement revchain sends: a read of the revision column, nothing else. */
    public String select(Dialect dialect) {
        String table = (schema == null ? "" : dialect.quote(schema) + ".") + dialect.quote(name);
        return "SELECT version_num FROM " + table;
    }

    /** The table as messages name it. */
    public String label() {
        return schema == null ? name : schema + "." + name;
    }

    private static String shown(String s) {
        if (s == null) {
            return "(none)";
        }
        String cut = s.length() > 70 ? s.substring(0, 70) + "…" : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
