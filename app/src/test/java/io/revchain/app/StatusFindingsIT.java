package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revchain.testkit.AlembicOracle;
import io.revchain.testkit.GitFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only applied state reveals, through {@code revchain status} on a git checkout and real databases stamped by
 * real Alembic 1.8.1: a migration edited after a database applied it (SQLite), and a database stranded on a
 * revision whose file was deleted (MariaDB), each a finding of its check in text, JSON and SARIF.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatusFindingsIT {

    @TempDir
    Path dir;

    private final String mariaDb = "revchain_findings_it_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private GitFixture git;
    private boolean maria;

    private static Connection mariaAdmin() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "root");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", p);
    }

    @AfterEach
    void drop() throws Exception {
        if (git != null) {
            git.close();
        }
        if (maria) {
            try (Connection c = mariaAdmin();
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + mariaDb);
            }
        }
    }

    private Path repo() throws Exception {
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
                .write("migrations/versions/b2_step.py", GitFixture.migration("b2", "a1"));
        return git.work();
    }

    private void stamp(String url, String revision) throws Exception {
        AlembicOracle.Run r = AlembicOracle.run(AlembicOracle.Invocation.of(
                        "-m", "alembic", "-c", git.work().resolve("alembic.ini").toString(), "stamp", revision)
                .in(git.work())
                .with("RC_URL", url));
        assertThat(r.exit()).as("alembic stamp %s: %s", revision, r.err()).isZero();
    }

    @Test
    void aMigrationEditedAfterADatabaseAppliedItIsFlagged() throws Exception {
        Path work = repo();
        git.commit("two migrations");
        String sqlite = "sqlite:///" + work.resolve("prod.db");
        stamp(sqlite, "b2");
        // only a comment changes in a1: not an edit of what runs
        git.write(
                "migrations/versions/a1_step.py",
                GitFixture.migration("a1", null).replace("def upgrade():", "# reviewed\ndef upgrade():"));
        git.commit("a comment");
        Cli clean = Cli.run("status", work.toString(), "--db", sqlite, "--format", "json");
        assertThat(new ObjectMapper()
                        .readTree(clean.out())
                        .at("/environments/0/findings")
                        .size())
                .as(clean.out())
                .isZero();
        // b2's upgrade() now creates a table prod never gets
        git.write(
                "migrations/versions/b2_step.py",
                GitFixture.migration("b2", "a1")
                        .replace("def upgrade():\n    pass", "def upgrade():\n    op.create_table('audit')"));
        git.commit("edit an applied migration");

        Cli text = Cli.run("status", work.toString(), "--db", sqlite);
        Cli json = Cli.run("status", work.toString(), "--db", sqlite, "--format", "json");
        Cli sarif = Cli.run("status", work.toString(), "--db", sqlite, "--format", "sarif");

        assertThat(text.out()).contains("AT HEAD").contains("finding  [applied-migration-edited] 'b2'");
        JsonNode f = new ObjectMapper().readTree(json.out()).at("/environments/0/findings/0");
        assertThat(f.get("check").asText()).isEqualTo("applied-migration-edited");
        assertThat(f.get("file").asText()).isEqualTo("migrations/versions/b2_step.py");
        JsonNode result = new ObjectMapper().readTree(sarif.out()).at("/runs/0/results/0");
        assertThat(result.get("ruleId").asText()).isEqualTo("applied-migration-edited");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asText())
                .isEqualTo("migrations/versions/b2_step.py");
    }

    @Test
    void aDatabaseOnADeletedFileGetsThePlaceholderThatKeepsItUpgradable() throws Exception {
        Path work = repo();
        git.write("migrations/versions/c3_squashed.py", GitFixture.migration("c3", "b2"));
        git.commit("three migrations");
        try (Connection c = mariaAdmin();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + mariaDb);
        }
        maria = true;
        stamp("mysql+pymysql://root@127.0.0.1:3306/" + mariaDb, "c3");
        git.delete("migrations/versions/c3_squashed.py");
        git.commit("squash c3 away");

        Cli json = Cli.run(
                "status", work.toString(), "--db", "mariadb://root@127.0.0.1:3306/" + mariaDb, "--format", "json");

        assertThat(json.exit()).isEqualTo(1);
        JsonNode f = new ObjectMapper().readTree(json.out()).at("/environments/0/findings/0");
        assertThat(f.get("check").asText()).isEqualTo("stranded-environment");
        assertThat(f.get("file").asText()).isEqualTo("migrations/versions/c3_squashed.py");
        assertThat(f.get("message").asText()).contains("placeholder with revision = 'c3' and down_revision = 'b2'");
    }
}
