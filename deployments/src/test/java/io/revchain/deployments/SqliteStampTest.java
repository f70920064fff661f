package io.revchain.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.VersionTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStampTest {

    @TempDir
    Path tmp;

    @Test
    void aStampedFileReadsBackItsRowsAndAnExistingFileIsNeverTouched() throws Exception {
        Path db = tmp.resolve("prod.db");
        SqliteStamp.create(db, List.of("b1c2d3e4f5a6", "c2d3e4f5a6b7"));
        VersionRead read = new VersionTableReader(Timeouts.DEFAULT)
                .read(DatabaseUrl.parse("sqlite:///" + db, tmp), null, VersionTable.DEFAULT);
        assertThat(read.rows()).containsExactlyInAnyOrder("b1c2d3e4f5a6", "c2d3e4f5a6b7");
        byte[] before = Files.readAllBytes(db);
        assertThatThrownBy(() -> SqliteStamp.create(db, List.of("x"))).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    /** The table is the one Alembic 1.8.1 creates on SQLite, statement for statement. */
    @Test
    @Tag("oracle")
    void theTableIsTheOneAlembicCreates() throws Exception {
        Path ours = tmp.resolve("ours.db");
        Path theirs = tmp.resolve("alembic.db");
        SqliteStamp.create(ours, List.of());
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import sqlalchemy as sa\n"
                                + "from alembic.runtime.migration import MigrationContext\n"
                                + "e = sa.create_engine('sqlite:///" + theirs + "')\n"
                                + "with e.begin() as c:\n"
                                + "    MigrationContext.configure(c)._ensure_version_table()\n")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(ddl(ours)).isEqualTo(ddl(theirs));
    }

    private static String ddl(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'alembic_version'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1)
                    .replaceAll("\\s+", " ")
                    .replace("( ", "(")
                    .replace(" )", ")")
                    .replace(", ", ",");
        }
    }
}
