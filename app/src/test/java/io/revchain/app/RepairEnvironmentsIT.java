package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.GitFixture;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revchain repair} with environments, end to end on a git checkout and real databases stamped by real Alembic
 * 1.8.1 (SQLite file, PostgreSQL, MariaDB): one test per rule. The code forks after a1 (b2 and c3 both on a1), so
 * linearize must re-point one of them; which one, or whether a merge revision is needed instead, depends on what the
 * databases applied. After {@code --write}, real Alembic upgrades the database the plan was made for.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RepairEnvironmentsIT {

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String pgDb = "revchain_repair_it_" + suffix;
    private final String mariaDb = "revchain_repair_it_" + suffix;
    private GitFixture git;

    private static Connection pgAdmin() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", p);
    }

    private static Connection mariaAdmin() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "root");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", p);
    }

    @BeforeEach
    void databases() throws Exception {
        try (Connection c = pgAdmin();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + pgDb);
        }
        try (Connection c = mariaAdmin();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + mariaDb);
        }
    }

    @AfterEach
    void drop() throws Exception {
        if (git != null) {
            git.close();
        }
        try (Connection c = pgAdmin();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + pgDb + " WITH (FORCE)");
        }
        try (Connection c = mariaAdmin();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + mariaDb);
        }
    }

    /** a1, then b2 and c3 both on a1 (and x5 on a1, when asked). */
    private Path fork(boolean withX5) throws Exception {
        git = GitFixture.create(dir.resolve("repo"));
        git.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                .write("migrations/env.py", """
                        import os
                        from alembic import context
                        from sqlalchemy import create_engine

                        engine = create_engine(os.environ["RC_URL"])
                        with engine.connect() as connection:
                            context.configure(connection=connection, target_metadata=None)
                            with context.begin_transaction():
                                context.run_migrations()
                        """)
                .write("migrations/versions/a1_step.py", GitFixture.migration("a1", null))
                .write("migrations/versions/b2_step.py", GitFixture.migration("b2", "a1"))
                .write("migrations/versions/c3_step.py", GitFixture.migration("c3", "a1"));
        if (withX5) {
            git.write("migrations/versions/x5_hotfix.py", GitFixture.migration("x5", "a1"));
        }
        git.commit("a fork");
        return git.work();
    }

    private AlembicOracle.Run alembic(String sqlalchemyUrl, String... args) throws Exception {
        String[] cmd = new String[args.length + 4];
        cmd[0] = "-m";
        cmd[1] = "alembic";
        cmd[2] = "-c";
        cmd[3] = git.work().resolve("alembic.ini").toString();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return AlembicOracle.run(AlembicOracle.Invocation.of(cmd).in(git.work()).with("RC_URL", sqlalchemyUrl));
    }

    private void stamp(String sqlalchemyUrl, String revision) throws Exception {
        AlembicOracle.Run r = alembic(sqlalchemyUrl, "stamp", revision);
        assertThat(r.exit()).as("alembic stamp %s: %s", revision, r.err()).isZero();
    }

    private static Cli repair(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "repair";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
    }

    @Test
    void anAppliedRevisionIsNeverRePointedAndTheUpgradeRunsWhatTheTextSays() throws Exception {
        Path work = fork(false);
        String sqlite = "sqlite:///" + work.resolve("staging.db");
        stamp(sqlite, "c3");
        Files.writeString(
                work.resolve(".revchain.yaml"), "environments:\n  staging: {url: \"sqlite:///staging.db\"}\n");

        Cli blind = repair(work.toString(), "--strategy", "linearize", "--no-environments", "--format", "text");
        Cli text = repair(work.toString(), "--strategy", "linearize", "--format", "text");

        // without the environment c3 is re-pointed; with it, b2 is chained after c3
        assertThat(blind.out()).contains("set-down-revision migrations/versions/c3_step.py");
        assertThat(text.exit()).as(text.out() + text.err()).isZero();
        assertThat(text.out())
                .doesNotContain("set-down-revision migrations/versions/c3_step.py")
                .contains("set-down-revision migrations/versions/b2_step.py")
                .contains("environment staging: behind -> behind [c3]: next upgrade runs")
                .contains("b2  migrations/versions/b2_step.py  (written by this plan)");

        Cli write = repair(work.toString(), "--strategy", "linearize", "--write");
        assertThat(write.exit()).as(write.err()).isZero();
        assertThat(write.err()).contains("environment staging");
        AlembicOracle.Run up = alembic(sqlite, "upgrade", "head");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(alembic(sqlite, "current").out()).contains("b2 (head)");
    }

    @Test
    void twoDatabasesOnTwoBranchesGetAMergeRevision() throws Exception {
        Path work = fork(false);
        String pg = "postgresql://postgres@127.0.0.1:5432/" + pgDb;
        String maria = "mysql+pymysql://root@127.0.0.1:3306/" + mariaDb;
        stamp(pg, "b2");
        stamp(maria, "c3");

        Cli json = repair(
                work.toString(),
                "--strategy",
                "linearize",
                "--format",
                "json",
                "--db",
                pg,
                "--db",
                "mariadb://root@127.0.0.1:3306/" + mariaDb);

        assertThat(json.exit()).as(json.out() + json.err()).isZero();
        JsonNode chain = new ObjectMapper().readTree(json.out()).at("/chains/0");
        assertThat(chain.get("actions").toString())
                .contains("add-merge-revision")
                .doesNotContain("set-down-revision");
        JsonNode envs = chain.get("environments");
        assertThat(envs.size()).isEqualTo(2);
        assertThat(envs.get(0).get("rows").toString()).isEqualTo("[\"b2\"]");
        assertThat(envs.get(0).get("nextUpgradeRuns").get(0).get("revision").asText())
                .isEqualTo("c3");
        assertThat(envs.get(1).get("nextUpgradeRuns").get(0).get("revision").asText())
                .isEqualTo("b2");
        assertThat(chain.get("refused").asBoolean()).isFalse();

        Cli write = repair(work.toString(), "--strategy", "linearize", "--write", "--db", pg, "--db", maria);
        assertThat(write.exit()).as(write.err()).isZero();
        for (String url : new String[] {"postgresql+psycopg2://postgres@127.0.0.1:5432/" + pgDb, maria}) {
            AlembicOracle.Run up = alembic(url, "upgrade", "head");
            assertThat(up.exit()).as(url + ": " + up.err()).isZero();
        }
    }

    @Test
    void aDatabaseOnADeletedRevisionGetsAPlaceholderFromGitHistory() throws Exception {
        Path work = fork(true);
        String pg = "postgresql+psycopg2://postgres@127.0.0.1:5432/" + pgDb;
        stamp(pg, "x5");
        git.delete("migrations/versions/x5_hotfix.py");
        git.commit("withdraw the hotfix");
        AlembicOracle.Run stuck = alembic(pg, "upgrade", "heads");
        assertThat(stuck.exit()).as(stuck.out() + stuck.err()).isNotZero();
        assertThat(stuck.out() + stuck.err()).contains("Can't locate revision identified by 'x5'");

        Cli json = repair(work.toString(), "--format", "json", "--db", pg);

        assertThat(json.exit()).as(json.out() + json.err()).isZero();
        JsonNode chain = new ObjectMapper().readTree(json.out()).at("/chains/0");
        assertThat(chain.get("actions").toString())
                .contains("create-placeholder")
                .contains("\"revision\":\"x5\"");
        assertThat(chain.at("/environments/0/before").asText()).isEqualTo("dropped-branch");
        assertThat(chain.at("/environments/0/upgradable").asBoolean()).isTrue();

        assertThat(repair(work.toString(), "--write", "--db", pg).exit()).isZero();
        AlembicOracle.Run up = alembic(pg, "upgrade", "head");
        assertThat(up.exit()).as(up.err()).isZero();
    }

    @Test
    void anUnreadableDatabaseRefusesThePlanUnlessIgnoredKnowingly() throws Exception {
        Path work = fork(false);
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + down + "/app";

        Cli refused =
                repair(work.toString(), "--strategy", "linearize", "--write", "--connect-timeout", "2", "--db", url);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("is refused and was not written").contains("could not be read");
        assertThat(Files.readString(work.resolve("migrations/versions/c3_step.py")))
                .isEqualTo(GitFixture.migration("c3", "a1"));

        Cli ignored = repair(
                work.toString(),
                "--strategy",
                "linearize",
                "--write",
                "--ignore-unreadable",
                "--connect-timeout",
                "2",
                "--db",
                url);
        assertThat(ignored.exit()).as(ignored.err()).isZero();
        assertThat(ignored.err()).contains("warning").contains("planned without it");
        assertThat(Files.readString(work.resolve("migrations/versions/c3_step.py")))
                .isNotEqualTo(GitFixture.migration("c3", "a1"));
    }
}
