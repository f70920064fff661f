package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.app.cli.StatusCommand;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.GitFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code revchain status} end to end on a git checkout and real databases, each stamped by real Alembic 1.8.1 through
 * the checkout's own env.py (whose literal {@code version_table} revchain must find): a SQLite file behind, a
 * PostgreSQL database at head, a MariaDB database read with credentials from a variable and stamped at a revision
 * whose file a later commit deleted, and a server that is down. Exit codes, text, JSON, the deleted file named from
 * history, and the password nowhere in what revchain printed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatusCommandIT {
    private static final String TABLE = "rc_version";

    @TempDir
    Path dir;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String pgDb = "revchain_status_it_" + suffix;
    private final String mariaDb = "revchain_status_it_" + suffix;
    private final String mariaUser = "revchain_status_" + suffix;
    private final String password =
            "Secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
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
            for (String host : List.of("%", "localhost")) {
                s.execute("CREATE USER '" + mariaUser + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT SELECT ON " + mariaDb + ".* TO '" + mariaUser + "'@'" + host + "'");
            }
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
            for (String host : List.of("%", "localhost")) {
                s.execute("DROP USER IF EXISTS '" + mariaUser + "'@'" + host + "'");
            }
        }
    }

    private static String migration(String id, String down) {
        return "\"\"\"step " + id + "\n\nRevision ID: " + id + "\nRevises: " + (down == null ? "" : down)
                + "\n\"\"\"\nrevision = '" + id + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\n"
                + "def downgrade():\n    pass\n";
    }

    private void stamp(String sqlalchemyUrl, String revision) throws Exception {
        AlembicOracle.Run r = AlembicOracle.run(AlembicOracle.Invocation.of(
                        "-m", "alembic", "-c", git.work().resolve("alembic.ini").toString(), "stamp", revision)
                .in(git.work())
                .with("RC_URL", sqlalchemyUrl));
        assertThat(r.exit()).as("alembic stamp %s: %s", revision, r.err()).isZero();
    }

    private Cli status(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof StatusCommand s) {
                    s.environment(Map.of(
                            "RC_MARIA", mariaUser + ":" + password,
                            "RC_WRONG", mariaUser + ":" + password + "-wrong")::get);
                }
                return made;
            }
        };
        List<String> all = new ArrayList<>(List.of("status"));
        all.addAll(List.of(args));
        // what the drivers or the logging might print on the process's own streams is kept too, and checked
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        int code;
        try (PrintStream both = new PrintStream(process, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            code = Main.execute(
                    new PrintWriter(out),
                    new PrintWriter(err),
                    () -> new CommandLine(new Main(), factory),
                    all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Cli(code, out.toString(), err + process.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyEnvironmentGetsItsOwnStatusAndTheWorstDecidesTheExit() throws Exception {
        git = GitFixture.create(dir.resolve("repo"));
        git.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
                .write("migrations/env.py", """
                        import os
                        from alembic import context
                        from sqlalchemy import create_engine

                        engine = create_engine(os.environ["RC_URL"])
                        with engine.connect() as connection:
                            context.configure(connection=connection, target_metadata=None, version_table="rc_version")
                            with context.begin_transaction():
                                context.run_migrations()
                        """)
                .write("migrations/versions/a1_step.py", migration("a1", null))
                .write("migrations/versions/b2_step.py", migration("b2", "a1"))
                .write("migrations/versions/c3_step.py", migration("c3", "b2"))
                .write("migrations/versions/d4_step.py", migration("d4", "c3"))
                .write("migrations/versions/x5_hotfix.py", migration("x5", "d4"));
        git.commit("five migrations");
        Path work = git.work();
        String sqlite = "sqlite:///" + work.resolve("staging.db");
        String pg = "postgresql+psycopg2://postgres@127.0.0.1:5432/" + pgDb;
        String maria = "mysql+pymysql://root@127.0.0.1:3306/" + mariaDb;
        stamp(sqlite, "b2");
        stamp(pg, "x5");
        stamp(maria, "x5");
        // the hotfix is withdrawn from the code; PostgreSQL is moved back to d4, MariaDB is left standing on x5
        stamp(pg, "d4");
        git.delete("migrations/versions/x5_hotfix.py");
        git.commit("withdraw the hotfix");
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        Files.writeString(
                work.resolve(".revchain.yaml"),
                "environments:\n"
                        + "  staging: {url: \"sqlite:///staging.db\"}\n"
                        + "  prod: {url: \"postgresql://postgres@127.0.0.1:5432/" + pgDb + "\"}\n"
                        + "  eu: {url: \"mariadb://127.0.0.1:3306/" + mariaDb + "\", credentials: RC_MARIA}\n"
                        + "  legacy: {url: \"jdbc:postgresql://127.0.0.1:" + down + "/app\"}\n");

        Cli text = status(work.toString(), "--connect-timeout", "2");
        Cli json = status(work.toString(), "--format", "json", "--connect-timeout", "2");

        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertThat(text.out())
                .contains("staging  BEHIND BY 2")
                .contains("pending  [c3, d4]")
                .contains("prod  AT HEAD")
                .contains("eu  UNKNOWN REVISION")
                .contains("Can't locate revision identified by 'x5'")
                .contains("declared by migrations/versions/x5_hotfix.py")
                .contains("legacy  UNREACHABLE")
                .contains("table rc_version")
                .contains("4 databases: 1 at head, 1 behind, 1 broken, 1 not read");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("exit").asInt()).isEqualTo(1);
        JsonNode envs = report.get("environments");
        assertThat(envs.get(0).get("state").asText()).isEqualTo("behind");
        assertThat(envs.get(0).get("pending").toString()).isEqualTo("[\"c3\",\"d4\"]");
        assertThat(envs.get(1).get("verdict").asText()).isEqualTo("at-head");
        assertThat(envs.get(2).get("state").asText()).isEqualTo("unknown-revision");
        assertThat(envs.get(2).get("retired").get(0).get("file").asText())
                .isEqualTo("migrations/versions/x5_hotfix.py");
        assertThat(envs.get(3).get("state").asText()).isEqualTo("unreachable");

        // --db instead of the environments: behind only is 3, at head only is 0
        Cli behind = status(work.toString(), "--db", sqlite, "--db", pg);
        Cli head = status(work.toString(), "--db", pg, "--format", "sarif");
        assertThat(behind.exit()).as(behind.out() + behind.err()).isEqualTo(3);
        assertThat(head.exit()).as(head.out() + head.err()).isZero();
        assertThat(new ObjectMapper().readTree(head.out()).at("/runs/0/results").size())
                .isZero();

        // a wrong password: access denied for that database, and the password still nowhere
        Cli denied =
                status(work.toString(), "--db", "mariadb://127.0.0.1:3306/" + mariaDb, "--db-credentials", "RC_WRONG");
        assertThat(denied.exit()).isEqualTo(2);
        assertThat(denied.out()).contains("ACCESS DENIED").contains("Access denied for user");

        for (Cli c : List.of(text, json, behind, head, denied)) {
            assertThat(c.out() + c.err()).doesNotContain(password);
        }
    }

    @Test
    void aPasswordInADbUrlIsRefusedBeforeAnythingConnects() {
        Cli c = status(dir.toString(), "--db", "postgresql://deploy:" + password + "@127.0.0.1/app");

        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("holds a password").contains("--db-credentials");
        assertThat(c.out() + c.err()).doesNotContain(password);
    }
}
