package io.revchain.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.analysis.deploy.AppliedState;
import io.revchain.app.cli.UserError;
import io.revchain.deployments.Timeouts;
import io.revchain.deployments.VersionRead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code status} picks each database's chain, version table and credentials, on a repository with two chains and
 * SQLite files (the table as Alembic lays it out: one {@code version_num} column).
 */
class StatusRunnerTest {
    private static final Timeouts SHORT =
            new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(2));

    @TempDir
    Path repo;

    private static String migration(String id, String down) {
        return "revision = '" + id + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\n\ndef upgrade():\n    pass\n";
    }

    private void database(String file, String table, String... rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + repo.resolve(file));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            for (String r : rows) {
                s.execute("INSERT INTO " + table + " VALUES ('" + r + "')");
            }
        }
    }

    private void twoChains(String environments) throws Exception {
        Files.createDirectories(repo.resolve("core/versions"));
        Files.createDirectories(repo.resolve("audit/versions"));
        Files.writeString(repo.resolve("core/versions/c1.py"), migration("c1", null));
        Files.writeString(repo.resolve("core/versions/c2.py"), migration("c2", "c1"));
        Files.writeString(repo.resolve("audit/versions/a1.py"), migration("a1", null));
        // the audit chain keeps its own version table, said in its env.py
        Files.writeString(
                repo.resolve("audit/env.py"),
                "from alembic import context\ncontext.configure(connection=None, version_table=\"audit_version\")\n");
        Files.writeString(
                repo.resolve(".revchain.yaml"),
                "chains:\n  core: {version_locations: [core/versions]}\n  audit: {version_locations: [audit/versions]}\n"
                        + environments);
    }

    private StatusResult run(Map<String, String> env, StatusRunner.Options o) {
        return new StatusRunner(env::get, p -> id -> Optional.empty()).status(repo, o);
    }

    private static StatusRunner.Options none() {
        return new StatusRunner.Options(List.of(), null, null, null, null, SHORT);
    }

    @Test
    void eachEnvironmentRunsItsChainWithItsVersionTable() throws Exception {
        twoChains("environments:\n"
                + "  core-prod: {url: 'sqlite:///core.db', chain: core}\n"
                + "  audit-prod: {url: 'sqlite:///audit.db', chain: audit}\n"
                + "  unnamed: {url: 'sqlite:///core.db'}\n"
                + "  wrong: {url: 'sqlite:///core.db', chain: billing}\n"
                + "  locked: {url: 'sqlite:///core.db', chain: core, credentials: CORE_DB}\n"
                + "  missing: {url: 'sqlite:///nowhere.db', chain: core}\n");
        database("core.db", "alembic_version", "c1");
        database("audit.db", "audit_version", "a1");

        StatusResult r = run(Map.of(), none());

        List<EnvironmentStatus> e = r.environments();
        assertThat(e)
                .extracting(EnvironmentStatus::name)
                .containsExactly("core-prod", "audit-prod", "unnamed", "wrong", "locked", "missing");
        assertThat(e.get(0).state().kind()).isEqualTo(AppliedState.Kind.BEHIND);
        assertThat(e.get(0).state().pending()).containsExactly("c2");
        assertThat(e.get(1).state().kind()).isEqualTo(AppliedState.Kind.AT_HEAD);
        assertThat(e.get(1).versionTable()).isEqualTo("audit_version");
        assertThat(e.get(1).notes()).contains("version table audit_version from env.py's context.configure(...)");
        assertThat(e.get(2).problem()).isEqualTo(VersionRead.Problem.CONFIGURATION);
        assertThat(e.get(2).message()).contains("2 chains (core, audit)").contains("chain:");
        assertThat(e.get(3).message()).contains("no chain named 'billing'");
        assertThat(e.get(4).message()).contains("CORE_DB is not set");
        assertThat(e.get(5).message()).contains("no SQLite file").contains("never creates one");
        assertThat(repo.resolve("nowhere.db")).doesNotExist();
        assertThat(r.exitCode()).isEqualTo(StatusResult.UNREAD);
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentsAndEnvPy() throws Exception {
        twoChains("");
        database("other.db", "custom_version", "a1");

        StatusResult r = run(
                Map.of(),
                new StatusRunner.Options(
                        List.of("sqlite:///" + repo.resolve("other.db")),
                        null,
                        "audit",
                        "custom_version",
                        null,
                        SHORT));

        assertThat(r.environments()).singleElement().satisfies(e -> {
            assertThat(e.chain()).isEqualTo("audit");
            assertThat(e.versionTable()).isEqualTo("custom_version");
            assertThat(e.state().kind()).isEqualTo(AppliedState.Kind.AT_HEAD);
        });
        assertThat(r.exitCode()).isEqualTo(StatusResult.AT_HEAD);
    }

    @Test
    void usageMistakesAreOneLineErrors() throws Exception {
        twoChains("");

        assertThatThrownBy(() -> run(Map.of(), none()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no database to read");
        assertThatThrownBy(() -> run(
                        Map.of(),
                        new StatusRunner.Options(List.of("sqlite:///x.db"), "deploy:hunter2", null, null, null, SHORT)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("--db-credentials")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> run(
                        Map.of(),
                        new StatusRunner.Options(List.of("sqlite:///x.db"), null, null, "x;drop", null, SHORT)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("not a plain SQL identifier");
    }
}
