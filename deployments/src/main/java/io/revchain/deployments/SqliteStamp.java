package io.revchain.deployments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates a new SQLite file holding an Alembic version table stamped with given rows, exactly as Alembic 1.8.1 creates
 * it on SQLite ({@code alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY
 * (version_num))}): the demo's environments. The one writer of this module, and it only ever writes a file it
 * creates: an existing file is refused, so no real database is ever touched ({@link VersionTableReader} stays
 * read-only).
 */
public final class SqliteStamp {
    private SqliteStamp() {}

    /** Alembic 1.8.1's {@code CREATE TABLE} for the default version table on SQLite. */
    static final String CREATE = "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))";

    /**
     * Creates {@code file} with the version table holding {@code revisions} (none: an empty table, a database never
     * upgraded).
     *
     * @throws IOException when the file exists already or cannot be written
     */
    public static void create(Path file, List<String> revisions) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists: a stamp only creates a new file");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(CREATE);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO alembic_version (version_num) VALUES (?)")) {
                for (String r : revisions) {
                    insert.setString(1, r);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }
}
