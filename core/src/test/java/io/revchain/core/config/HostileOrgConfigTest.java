package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 19, items 8 and 9: an organisation file that would leak a secret or fail every poll is refused up front. */
class HostileOrgConfigTest {

    @Test
    void aTenKilobyteRepositoryIdIsRefusedWithFileLineAndColumnInOneShortLine() {
        String id = "a".repeat(10_000);
        assertThatThrownBy(() -> OrgConfig.parse("org.yaml", "repositories:\n  - id: " + id + "\n    url: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("10000 characters long; at most " + RepositorySpec.MAX_ID_LENGTH)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n"));
    }

    @Test
    void anIdAtTheCapIsAccepted() throws ConfigException {
        String id = "a".repeat(RepositorySpec.MAX_ID_LENGTH);
        assertThat(OrgConfig.parse("org.yaml", "repositories:\n  - {id: " + id + ", url: x}\n")
                        .repositories()
                        .get(0)
                        .id())
                .isEqualTo(id);
    }

    @Test
    void overlongBranchTargetAndCandidateNamesAreRefusedWhereTheyAreWritten() {
        String b = "b".repeat(5_000);
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml", "repositories:\n  - id: a\n    url: x\n    branches: [main, " + b + "]\n"))
                .hasMessageStartingWith("org.yaml:4:")
                .hasMessageContaining("branch 'bbbb")
                .hasMessageContaining("5000 characters long");
        assertThatThrownBy(() ->
                        OrgConfig.parse("org.yaml", "repositories:\n  - id: a\n    url: x\n    target: " + b + "\n"))
                .hasMessageStartingWith("org.yaml:4:")
                .hasMessageContaining("5000 characters long");
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml", "repositories:\n  - id: a\n    url: x\n    candidates: ['" + b + "']\n"))
                .hasMessageStartingWith("org.yaml:4:")
                .hasMessageContaining("5000 characters long");
    }

    @Test
    void aUserAndPasswordInsideAnHttpsUrlAreRefusedNamingTheRepositoryNeverTheSecret() {
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml",
                        "repositories:\n  - url: https://bot:hunter2@git.example.org/a/b.git\n    id: core\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("org.yaml:2:")
                .hasMessageContaining("repository 'core'")
                .hasMessageContaining("credentials:")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("bot"));
        // a token written as the user is a secret too
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml", "repositories:\n  - {id: core, url: 'http://ghp_abc123@git.example.org/a.git'}\n"))
                .hasMessageContaining("repository 'core'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ghp_abc123"));
        // a password in any other scheme
        assertThatThrownBy(() -> OrgConfig.parse(
                        "org.yaml", "repositories:\n  - {id: core, url: 'ssh://git:pw@git.example.org/a.git'}\n"))
                .hasMessageContaining("repository 'core'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":pw@"));
    }

    @Test
    void urlsWithoutSecretsStayAccepted() throws ConfigException {
        OrgConfig c = OrgConfig.parse("org.yaml", """
                repositories:
                  - {id: a, url: 'https://git.example.org/a/b.git', credentials: GIT_TOKEN}
                  - {id: b, url: 'ssh://git@git.example.org/a/b.git'}
                  - {id: c, url: 'git@github.com:acme/app.git'}
                  - {id: d, url: 'https://git.example.org/users/@me/x.git'}
                  - {id: e, url: '/srv/git/x.git'}
                """);
        assertThat(c.repositories()).hasSize(5);
    }

    @Test
    void anOrganisationOfFiftyThousandRepositoriesLoadsAndAFileOverTheOrganisationCapIsRefused(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Given the organisation's own file listing 50,000 repositories (~5 MB: over SnakeYAML's 3 MB default)
        StringBuilder yaml = new StringBuilder("interval: 3600\nrepositories:\n");
        for (int i = 0; i < 50_000; i++) {
            yaml.append("  - id: svc-")
                    .append(i)
                    .append("\n    url: /srv/git/svc-")
                    .append(i)
                    .append(".git\n    branches: [main]\n");
        }
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("revchain.yaml"), yaml);
        assertThat(java.nio.file.Files.size(file)).isGreaterThan(3L * 1024 * 1024);
        // Then every repository is read
        assertThat(OrgConfig.load(file).repositories()).hasSize(50_000);

        // and a file over the organisation's cap is refused by its size, with the file's name
        java.nio.file.Path huge =
                java.nio.file.Files.write(dir.resolve("huge.yaml"), new byte[StrictYaml.MAX_ORG_BYTES + 1]);
        assertThatThrownBy(() -> OrgConfig.load(huge))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("huge.yaml")
                .hasMessageContaining("is larger than " + StrictYaml.MAX_ORG_BYTES + " bytes");
    }
}
