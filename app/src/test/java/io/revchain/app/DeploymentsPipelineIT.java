package io.revchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revchain.app.service.Pipeline;
import io.revchain.core.config.OrgConfig;
import io.revchain.event.EnvironmentHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, part 4, end to end on the embedded broker: ingest reads real SQLite version tables (stamped as Alembic
 * stamps them) and a database that is down, the analyzer joins them with the chain, and the reporter shows each
 * environment's state in its rows, its JSON API and {@code /metrics}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeploymentsPipelineIT {

    private static void stamp(Path file, String revision) throws Exception {
        stamp(file, "alembic_version", revision);
    }

    /** A SQLite file stamped as Alembic stamps it, in {@code table}. */
    private static void stamp(Path file, String table, String revision) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (version_num VARCHAR(32) NOT NULL, " + "CONSTRAINT " + table
                    + "_pkc PRIMARY KEY (version_num))");
            s.execute("INSERT INTO " + table + " (version_num) VALUES ('" + revision + "')");
        }
    }

    /** A repository at {@code src} with 001 → 002 under {@code migrations/}, its env.py being {@code envPy}. */
    private static void repository(Path src, String envPy) throws Exception {
        try (Git git =
                Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(src.resolve("migrations/versions"));
            Files.writeString(src.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
            Files.writeString(src.resolve("migrations/env.py"), envPy);
            Files.writeString(
                    src.resolve("migrations/versions/001_base.py"), "revision = '001'\ndown_revision = None\n");
            Files.writeString(
                    src.resolve("migrations/versions/002_next.py"), "revision = '002'\ndown_revision = '001'\n");
            git.add().addFilepattern(".").call();
            PersonIdent dev = new PersonIdent("Dev", "dev@example.org");
            git.commit()
                    .setMessage("two")
                    .setAuthor(dev)
                    .setCommitter(dev)
                    .setSign(false)
                    .call();
        }
    }

    @Test
    void eachEnvironmentsStateReachesTheDashboardAndTheMetrics(@TempDir Path dir) throws Exception {
        // Given a repository with 001 → 002, prod stamped at 002, staging at 001, and qa on a server that is down
        Path src = dir.resolve("src");
        repository(src, "#\n");
        Path prod = dir.resolve("prod.db");
        Path staging = dir.resolve("staging.db");
        stamp(prod, "002");
        stamp(staging, "001");
        OrgConfig config = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: shop
                    url: '%s'
                    policy: alembic
                    environments:
                      prod: {url: "sqlite:///%s"}
                      staging: {url: "sqlite:///%s"}
                      qa: {url: "postgresql://deploy@127.0.0.1:1/shop"}
                """.formatted(src, prod, staging));
        try (LocalPipeline local = LocalPipeline.start(config, dir)) {
            Pipeline pipeline = local.pipeline();
            // When ingest polls the repository and its databases
            pipeline.ingest().pollOnce();
            pipeline.ingest().pollDatabasesOnce();

            // Then the branch's row has the three environments: at head, one behind, unreadable
            local.awaitRow("shop", row -> {
                assertThat(row.environments()).isNotNull();
                assertThat(row.environments())
                        .extracting(EnvironmentHealth::name)
                        .containsExactly("prod", "qa", "staging");
                assertThat(row.environments().get(0).verdict()).isEqualTo(EnvironmentHealth.AT_HEAD);
                assertThat(row.environments().get(1).verdict()).isEqualTo(EnvironmentHealth.UNREADABLE);
                assertThat(row.environments().get(1).problem()).isEqualTo("unreachable");
                assertThat(row.environments().get(2).pending()).containsExactly("002");
            });

            // and the JSON API and /metrics say the same
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + pipeline.reporter().port();
            String repos = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/repos"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(repos).contains("\"environments\"").contains("\"verdict\":\"behind\"");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(metrics)
                        .contains("revchain_environment_state{branch=\"main\",env=\"staging\",repo=\"shop\","
                                + "state=\"behind\"} 1.0")
                        .contains("revchain_environment_behind_revisions{branch=\"main\",env=\"staging\","
                                + "repo=\"shop\"} 1.0");
            });

            // When staging is upgraded and read again, it is at head
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + staging);
                    Statement s = c.createStatement()) {
                s.execute("UPDATE alembic_version SET version_num='002'");
            }
            pipeline.ingest().pollDatabasesOnce();
            local.awaitRow(
                    "shop",
                    row -> assertThat(row.environments().get(2).verdict()).isEqualTo(EnvironmentHealth.AT_HEAD));
        }
    }

    @Test
    void aDatabaseIsReadAtTheVersionTableItsChainsEnvPyConfigures(@TempDir Path dir) throws Exception {
        // Given a repository whose env.py keeps its revisions in shop_version, and prod stamped there at 002,
        // with an environment that states no table
        Path src = dir.resolve("src");
        repository(src, """
                    from alembic import context

                    def run_migrations_online():
                        with engine.connect() as connection:
                            context.configure(connection=connection, target_metadata=None,
                                              version_table="shop_version")
                            with context.begin_transaction():
                                context.run_migrations()
                    """);
        Path prod = dir.resolve("prod.db");
        stamp(prod, "shop_version", "002");
        OrgConfig config = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: shop
                    url: '%s'
                    policy: alembic
                    environments:
                      prod: {url: "sqlite:///%s"}
                """.formatted(src, prod));
        try (LocalPipeline local = LocalPipeline.start(config, dir)) {
            Pipeline pipeline = local.pipeline();
            // When ingest polls the repository and its database
            pipeline.ingest().pollOnce();
            pipeline.ingest().pollDatabasesOnce();

            // Then prod is read at shop_version, as Alembic reads it: at head
            local.awaitRow(
                    "shop",
                    row -> assertThat(row.environments())
                            .singleElement()
                            .satisfies(e -> assertThat(e.verdict())
                                    .as(String.valueOf(e.problem()))
                                    .isEqualTo(EnvironmentHealth.AT_HEAD)));
        }
    }
}
