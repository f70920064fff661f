package io.revchain.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.core.database.Dialect;
import io.revchain.core.database.VersionTable;
import io.revchain.testkit.AlembicOracle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each state of a version table, stamped by real Alembic 1.8.1 into a real PostgreSQL, MariaDB or SQLite database of
 * the test's own, read by revchain and classified; where the state says whether {@code alembic upgrade head} works,
 * real Alembic is then asked to run it on the same database.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AlembicStatesIT {
    private final VersionTableReader reader = new VersionTableReader(Timeouts.DEFAULT);

    @TempDir
    Path dir;

    private AppliedState status(TestDatabase db, AlembicProject p, VersionTable table) throws Exception {
        VersionRead read = reader.read(db.url(), null, table);
        assertThat(read.ok()).as("read: %s", read.message()).isTrue();
        return new DeploymentClassifier(p.graph()).classify(read.rows());
    }

    private static AlembicProject linear(Path root, TestDatabase db, String table, String schema) throws Exception {
        return new AlembicProject(root, db.sqlalchemyUrl, table, schema)
                .add("a1")
                .add("b2", "a1")
                .add("c3", "b2")
                .add("d4", "c3");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void atHeadBehindAndEmptyAreWhatAlembicStamped(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            AlembicProject p = linear(dir.resolve("p"), db, null, null);

            p.ok("stamp", "b2");
            AppliedState behind = status(db, p, VersionTable.DEFAULT);
            assertThat(behind.kind()).isEqualTo(AppliedState.Kind.BEHIND);
            assertThat(behind.rows()).containsExactly("b2");
            assertThat(behind.pending()).containsExactly("c3", "d4");

            p.ok("upgrade", "head");
            AppliedState head = status(db, p, VersionTable.DEFAULT);
            assertThat(head.kind()).isEqualTo(AppliedState.Kind.AT_HEAD);
            assertThat(head.rows()).containsExactly("d4");

            p.ok("stamp", "base");
            AppliedState empty = status(db, p, VersionTable.DEFAULT);
            assertThat(empty.kind()).isEqualTo(AppliedState.Kind.EMPTY);
            assertThat(empty.pending()).containsExactly("a1", "b2", "c3", "d4");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStampedRevisionWhoseFileIsGoneIsCantLocateForRevchainAndAlembic(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            AlembicProject p = linear(dir.resolve("p"), db, null, null);
            p.ok("stamp", "d4");
            p.delete("d4");

            AppliedState s = status(db, p, VersionTable.DEFAULT);

            assertThat(s.kind()).isEqualTo(AppliedState.Kind.UNKNOWN_REVISION);
            assertThat(s.unknown()).containsExactly("d4");
            AlembicOracle.Run upgrade = p.alembic("upgrade", "head");
            assertThat(upgrade.exit()).isNotZero();
            assertThat(upgrade.out() + upgrade.err()).contains("Can't locate revision identified by 'd4'");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoStampedHeadsTheCodeMergedAreMergedHeadsAndAlembicUpgradesThem(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            AlembicProject p = new AlembicProject(dir.resolve("p"), db.sqlalchemyUrl, null, null)
                    .add("a1")
                    .add("b2", "a1")
                    .add("c3", "a1");
            p.ok("stamp", "b2", "c3");
            p.add("m4", "b2", "c3");

            AppliedState s = status(db, p, VersionTable.DEFAULT);

            assertThat(s.kind()).isEqualTo(AppliedState.Kind.MERGED_HEADS);
            assertThat(s.rows()).containsExactlyInAnyOrder("b2", "c3");
            assertThat(s.pending()).containsExactly("m4");
            // the verdict "behind, upgradable" is what real Alembic does with it
            p.ok("upgrade", "head");
            assertThat(status(db, p, VersionTable.DEFAULT).kind()).isEqualTo(AppliedState.Kind.AT_HEAD);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBranchTheCodeDroppedIsBrokenForRevchainAndAlembic(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            AlembicProject p = linear(dir.resolve("p"), db, null, null).add("f9", "b2");
            p.ok("stamp", "d4", "f9");
            p.delete("f9");

            AppliedState s = status(db, p, VersionTable.DEFAULT);

            assertThat(s.kind()).isEqualTo(AppliedState.Kind.DROPPED_BRANCH);
            assertThat(s.unknown()).containsExactly("f9");
            assertThat(s.verdict()).isEqualTo(AppliedState.Verdict.BROKEN);
            AlembicOracle.Run upgrade = p.alembic("upgrade", "head");
            assertThat(upgrade.exit()).isNotZero();
            assertThat(upgrade.out() + upgrade.err()).contains("Can't locate revision identified by 'f9'");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRowBelowAnotherIsBrokenForRevchainAndAlembic(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            AlembicProject p = linear(dir.resolve("p"), db, null, null);
            p.ok("stamp", "c3");
            // a hand edit Alembic never makes: b2 left beside c3
            db.execute("INSERT INTO alembic_version (version_num) VALUES ('b2')");

            AppliedState s = status(db, p, VersionTable.DEFAULT);

            assertThat(s.kind()).isEqualTo(AppliedState.Kind.OVERLAPPING_ROWS);
            AlembicOracle.Run upgrade = p.alembic("upgrade", "head");
            assertThat(upgrade.exit()).isNotZero();
            assertThat(upgrade.out() + upgrade.err())
                    .contains("Requested revision c3 overlaps with other requested revisions b2");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Dialect.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aConfiguredVersionTableInItsOwnSchemaIsRead(Dialect dialect) throws Exception {
        try (TestDatabase db = TestDatabase.create(dialect, dir)) {
            String schema;
            if (dialect == Dialect.POSTGRESQL) {
                schema = "deploy";
                db.execute("CREATE SCHEMA deploy");
            } else {
                // a MariaDB schema is a database: the test database itself, named explicitly
                schema = db.name;
            }
            AlembicProject p = linear(dir.resolve("p"), db, "core_version", schema);
            p.ok("stamp", "c3");
            VersionTable table = new VersionTable(schema, "core_version");

            AppliedState s = status(db, p, table);

            assertThat(s.kind()).isEqualTo(AppliedState.Kind.BEHIND);
            assertThat(s.pending()).containsExactly("d4");
            // the default table is not there: said as such, not as an error
            VersionRead missing = reader.read(db.url(), null, VersionTable.DEFAULT);
            assertThat(missing.problem()).isEqualTo(VersionRead.Problem.NO_VERSION_TABLE);
            // the layout revchain reads is the one Alembic wrote: one column version_num, 32 characters
            assertThat(columns(db, schema, "core_version")).containsExactly("version_num:32");
        }
    }

    private static List<String> columns(TestDatabase db, String schema, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name, character_maximum_length FROM "
                        + "information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = '"
                        + table + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1).toLowerCase(Locale.ROOT) + ":" + rs.getInt(2));
            }
        }
        return out;
    }
}
