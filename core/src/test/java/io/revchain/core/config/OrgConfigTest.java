package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgConfigTest {

    @Test
    void readsEveryRepositorySetting() throws ConfigException {
        OrgConfig c = OrgConfig.parse("revchain.yaml", """
                interval: 15
                repositories:
                  - id: acgs2/core
                    url: https://git.example.org/acgs2/core.git
                    branches: [main, release]
                    paths: [services/api/alembic.ini, db/versions]
                    credentials: GIT_TOKEN_CORE
                    push: true
                    strategy: merge
                    deployed: ["0030"]
                    policy: acgs2
                  - id: tools
                    url: /srv/git/tools
                """);
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.marker()).isEqualTo(Policy.CONSTITUTIONAL_HASH);
        assertThat(c.repositories())
                .containsExactly(
                        RepositorySpec.of("acgs2/core", "https://git.example.org/acgs2/core.git")
                                .withBranches(List.of("main", "release"))
                                .withPaths(List.of("services/api/alembic.ini", "db/versions"))
                                .withCredentials("GIT_TOKEN_CORE")
                                .withPush(true)
                                .withStrategy(Strategy.MERGE)
                                .withDeployed(List.of("0030"))
                                .withPolicy(Policy.Kind.ACGS2),
                        RepositorySpec.of("tools", "/srv/git/tools"));
    }

    @Test
    void candidatesAndTheirTargetAreRead() throws ConfigException {
        OrgConfig c = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: shop
                    url: /srv/git/shop
                    branches: [main, release]
                    candidates: ["feature/*", "refs/pull/*/head"]
                  - id: tools
                    url: /srv/git/tools
                    candidates: ["topic/*"]
                    target: develop
                """);
        assertThat(c.repositories().get(0).candidates().patterns()).containsExactly("feature/*", "refs/pull/*/head");
        assertThat(c.repositories().get(0).candidates().target()).isNull();
        assertThat(c.repositories().get(0).candidates().wantsPullRefs()).isTrue();
        assertThat(c.repositories().get(1).candidates().target()).isEqualTo("develop");
        assertThat(c.repositories().get(1).candidates().wantsPullRefs()).isFalse();
        assertThatThrownBy(() ->
                        OrgConfig.parse("org.yaml", "repositories:\n  - {id: a, url: x, candidates: [\"../x\"]}\n"))
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("not a ref pattern");
        assertThatThrownBy(
                        () -> OrgConfig.parse("org.yaml", "repositories:\n  - {id: a, url: x, candidates: feature}\n"))
                .hasMessageStartingWith("org.yaml:2:");
    }

    @Test
    void sshSettingsComeFromTheTopAndEachRepositoryOverridesThemKeyByKey() throws ConfigException {
        OrgConfig c = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: core
                    url: git@git.example.org:acgs2/core.git
                    ssh: {key: ~/.ssh/core_deploy}
                  - id: tools
                    url: ssh://git@git.example.org/acgs2/tools.git
                  - id: local
                    url: /srv/git/local
                ssh:
                  key: /etc/revchain/id_ed25519
                  known_hosts: /etc/revchain/known_hosts
                """);
        assertThat(c.repositories().get(0).remote().ssh())
                .isEqualTo(new SshSettings("~/.ssh/core_deploy", "/etc/revchain/known_hosts"));
        assertThat(c.repositories().get(1).remote().ssh())
                .isEqualTo(new SshSettings("/etc/revchain/id_ed25519", "/etc/revchain/known_hosts"));
        assertThat(OrgConfig.parse("r.yaml", "repositories:\n  - {id: a, url: x}\n")
                        .repositories()
                        .get(0)
                        .remote()
                        .ssh())
                .isEqualTo(SshSettings.NONE);
    }

    @Test
    void sshMistakesNameTheFileLineAndColumn() {
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "ssh:\n  key: /k\n  passphrase: hunter2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:3:")
                .hasMessageContaining("unknown key 'passphrase'");
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml",
                        "repositories:\n  - id: a\n    url: x\n    ssh:\n      known_hosts: keys/known_hosts\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:5:")
                .hasMessageContaining("absolute path or start with '~/'");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "ssh: /home/me/.ssh/id_rsa\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:1:")
                .hasMessageContaining("'ssh' must be a mapping");
    }

    @Test
    void anEmptyFileHasNoRepositoriesAndTheDefaultInterval() throws ConfigException {
        OrgConfig c = OrgConfig.parse("revchain.yaml", "");
        assertThat(c.repositories()).isEmpty();
        assertThat(c.interval()).isEqualTo(OrgConfig.DEFAULT_INTERVAL);
        assertThat(c.targets()).isEqualTo(TargetSettings.NONE);
    }

    @Test
    void theTargetsSectionSetsTheEndToEndTargetWindowAndMinimumSample() throws ConfigException {
        OrgConfig c = OrgConfig.parse(
                "revchain.yaml", "targets:\n  end-to-end-p99-ms: 250\n  window-seconds: 30\nrepositories: []\n");
        assertThat(c.targets()).isEqualTo(new TargetSettings(250L, 30L, null));
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "targets:\n  p99-ms: 5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("unknown key 'p99-ms'");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "targets:\n  min-samples: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'min-samples' must be at least 1");
    }

    @Test
    void mistakesNameTheFileLineAndColumn() {
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "repositories:\n  - id: a\n    url: x\n    colour: red\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:4:")
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "repositories:\n  - id: a\n"))
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("needs an 'id' and a 'url'");
        assertThatThrownBy(
                        () -> OrgConfig.parse("org.yaml", "repositories:\n  - {id: a, url: x}\n  - {id: a, url: y}\n"))
                .hasMessageStartingWith("org.yaml:3:")
                .hasMessageContaining("listed twice");
        assertThatThrownBy(
                        () -> OrgConfig.parse("org.yaml", "repositories:\n  - {id: a, url: x, paths: [../outside]}\n"))
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("stay inside");
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml", "repositories:\n  - {id: a, url: x, credentials: 'ghp_secret-token'}\n"))
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("NAME of an environment variable");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "repositories:\n  - {id: 'a@b', url: x}\n"))
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("repository id 'a@b'");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "interval: 0\n"))
                .hasMessageStartingWith("org.yaml:1:")
                .hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "repositories:\n  - {id: a, url: x, push: 1}\n"))
                .hasMessageContaining("'push' must be true or false");
    }

    @Test
    void webhookSecretsAreVariableNamesTheRepositorysOwnOverTheOrganisations() throws ConfigException {
        // Given an organisation-wide webhook secret and one repository with its own
        OrgConfig c = OrgConfig.parse("revchain.yaml", """
                repositories:
                  - id: billing
                    url: https://github.com/acme/billing.git
                    webhook_secret: BILLING_HOOK_SECRET
                  - id: tools
                    url: /srv/git/tools
                webhooks:
                  secret: REVCHAIN_WEBHOOK_SECRET
                """);
        // Then each repository names the variable that holds its secret
        assertThat(c.webhookSecret("billing")).isEqualTo("BILLING_HOOK_SECRET");
        assertThat(c.webhookSecret("tools")).isEqualTo("REVCHAIN_WEBHOOK_SECRET");
        // and without a webhooks section, a repository without its own accepts none
        assertThat(OrgConfig.parse("r.yaml", "repositories:\n  - id: a\n    url: /a\n")
                        .webhookSecret("a"))
                .isNull();
        assertThat(c.withInterval(Duration.ofSeconds(5)).webhookSecret("tools")).isEqualTo("REVCHAIN_WEBHOOK_SECRET");
    }

    @Test
    void aSecretWrittenWhereItsVariableNameBelongsIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> OrgConfig.parse("revchain.yaml", """
                        webhooks:
                          secret: "s3cr3t value!"
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("revchain.yaml:2")
                .hasMessageContaining("NAME of an environment variable")
                .hasMessageNotContaining("s3cr3t");
    }
}
