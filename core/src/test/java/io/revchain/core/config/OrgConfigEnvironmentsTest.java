package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgConfigEnvironmentsTest {

    @Test
    void aRepositorysEnvironmentsAndTheDatabaseIntervalAreRead() throws ConfigException {
        // Given a repository with two environments, one per chain, and a database interval
        OrgConfig c = OrgConfig.parse("revchain.yaml", """
                database_interval: 30
                repositories:
                  - id: core
                    url: /srv/git/core
                    environments:
                      prod: {url: "postgresql://deploy@db.internal/core", credentials: PROD_DB, chain: core}
                      staging:
                        url: "sqlite:////var/lib/core/staging.db"
                        version_table: alembic_version_core
                        version_table_schema: main
                  - id: tools
                    url: /srv/git/tools
                """);
        // Then each environment is kept with its settings, and a repository without any has none
        assertThat(c.databaseInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.repositories().get(0).environments())
                .containsExactly(
                        new EnvironmentSpec(
                                "prod", "postgresql://deploy@db.internal/core", "PROD_DB", "core", null, null),
                        new EnvironmentSpec(
                                "staging",
                                "sqlite:////var/lib/core/staging.db",
                                null,
                                null,
                                "alembic_version_core",
                                "main"));
        assertThat(c.repositories().get(1).environments()).isEmpty();
        assertThat(OrgConfig.parse("r.yaml", "repositories: []\n").databaseInterval())
                .isEqualTo(OrgConfig.DEFAULT_DATABASE_INTERVAL);
        // and the with… methods keep them
        RepositorySpec core = c.repositories().get(0);
        assertThat(core.withBranches(List.of("main")).withPush(true).environments())
                .isEqualTo(core.environments());
    }

    @Test
    void aPasswordInAnEnvironmentUrlIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", """
                        repositories:
                          - id: core
                            url: /srv/git/core
                            environments:
                              prod: {url: "postgresql://deploy:hunter2secret@db/core"}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:5:")
                .hasMessageNotContaining("hunter2secret");
    }

    @Test
    void badEnvironmentsAreRefusedNamingTheFileAndLine() {
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", """
                        repositories:
                          - id: core
                            url: /srv/git/core
                            environments:
                              "prod eu": {url: "sqlite:///x.db"}
                        """))
                .hasMessageStartingWith("org.yaml:4:")
                .hasMessageContaining("environment 'prod eu'");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", """
                        repositories:
                          - id: core
                            url: /srv/git/core
                            environments:
                              prod: {url: "sqlite:///x.db", credentials: "user:pw"}
                        """))
                .hasMessageStartingWith("org.yaml:5:")
                .hasMessageContaining("environment variable");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "database_interval: 0\n"))
                .hasMessageStartingWith("org.yaml:1:")
                .hasMessageContaining("at least 1 second");
    }
}
