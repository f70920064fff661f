package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentsConfigTest {

    @Test
    void environmentsAreReadWithTheirCredentialsVariableChainAndVersionTable() throws ConfigException {
        RepoConfig c = RepoConfig.parse(".revchain.yaml", """
                policy: alembic
                environments:
                  prod: {url: "postgresql://deploy@db.internal/app", credentials: PROD_DB_CREDENTIALS, chain: core}
                  staging:
                    url: sqlite:///staging.db
                    version_table: core_version
                    version_table_schema: main
                """);

        assertThat(c.environmentsOrEmpty())
                .containsExactly(
                        new EnvironmentSpec(
                                "prod",
                                "postgresql://deploy@db.internal/app",
                                "PROD_DB_CREDENTIALS",
                                "core",
                                null,
                                null),
                        new EnvironmentSpec("staging", "sqlite:///staging.db", null, null, "core_version", "main"));
        assertThat(RepoConfig.DEFAULTS.environmentsOrEmpty()).isEmpty();
    }

    @Test
    void aPasswordInAnEnvironmentsUrlIsRefusedAtItsLineWithoutQuotingIt() {
        assertThatThrownBy(() -> RepoConfig.parse(
                        ".revchain.yaml", "environments:\n  prod:\n    url: postgresql://deploy:hunter2@db/app\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(".revchain.yaml:3:")
                .hasMessageContaining("environment 'prod': the database URL holds a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void mistakesInAnEnvironmentAreLocated() {
        assertThatThrownBy(() -> RepoConfig.parse(".revchain.yaml", "environments:\n  prod: {chain: core}\n"))
                .hasMessageContaining("environment 'prod' needs a url");
        assertThatThrownBy(() -> RepoConfig.parse(
                        ".revchain.yaml", "environments:\n  prod: {url: 'sqlite:///a.db', credentials: 'u:p'}\n"))
                .hasMessageStartingWith(".revchain.yaml:2:")
                .hasMessageContaining("names an environment variable")
                .hasMessageNotContaining("u:p");
        assertThatThrownBy(() ->
                        RepoConfig.parse(".revchain.yaml", "environments:\n  prod: {url: 'sqlite:///a.db', host: x}\n"))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> RepoConfig.parse(
                        ".revchain.yaml", "environments:\n  prod: {url: 'sqlite:///a.db', version_table: 'a b'}\n"))
                .hasMessageContaining("not a plain SQL identifier");
    }
}
