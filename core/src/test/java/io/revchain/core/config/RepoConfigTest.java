package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Check;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoConfigTest {

    @TempDir
    Path tmp;

    @Test
    void fullFileIsRead() throws Exception {
        Path f = Files.writeString(tmp.resolve(".revchain.yaml"), """
                # repo settings
                policy: acgs2
                marker: "cdd01ef066bc6cf2"
                ignore: [duplicate-prefix, docstring-mismatch]
                strategy: linearize
                deployed:
                  - "0030"
                  - abc123def456
                """);
        RepoConfig c = RepoConfig.load(f);
        assertThat(c)
                .isEqualTo(new RepoConfig(
                        Policy.Kind.ACGS2,
                        "cdd01ef066bc6cf2",
                        List.of(Check.DUPLICATE_PREFIX, Check.DOCSTRING_MISMATCH),
                        Strategy.LINEARIZE,
                        List.of("0030", "abc123def456")));
    }

    @Test
    void missingOrEmptyFileIsDefaults() throws Exception {
        assertThat(RepoConfig.load(tmp.resolve(".revchain.yaml"))).isSameAs(RepoConfig.DEFAULTS);
        assertThat(RepoConfig.load(Files.writeString(tmp.resolve("empty.yaml"), "# nothing\n")))
                .isSameAs(RepoConfig.DEFAULTS);
        assertThat(RepoConfig.parse("x", "policy:\n")).isEqualTo(RepoConfig.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "unknown key|policy: alembic\\nmarker: x\\n  # c\\npolcy: acgs2\\n|.revchain.yaml:4:1: unknown key 'polcy' "
                        + "(expected one of: policy, marker, ignore, strategy, deployed, alembic_version, chains, version_locations, environments)",
                "nested unknown key|policy: alembic\\nstrategy: merge\\n   \\nextra: 1\\n|.revchain.yaml:4:1: unknown key "
                        + "'extra' (expected one of: policy, marker, ignore, strategy, deployed, alembic_version, chains, version_locations, environments)",
                "unknown policy|policy: strict\\n|.revchain.yaml:1:9: unknown policy 'strict' (expected one of: alembic, acgs2)",
                "unknown strategy|strategy: rebase\\n|.revchain.yaml:1:11: unknown strategy 'rebase' (expected one of: merge, "
                        + "linearize)",
                "unknown check|ignore:\\n  - multiple-heads\\n  - multiple-head\\n|.revchain.yaml:3:5: unknown check "
                        + "'multiple-head' in 'ignore' (expected one of: CHECKS)",
                "scalar for list|ignore: multiple-heads\\n|.revchain.yaml:1:9: 'ignore' must be a list of strings, found the "
                        + "string 'multiple-heads'",
                "number revision|deployed: [abc, 0030]\\n|.revchain.yaml:1:17: items of 'deployed' must be strings, found the "
                        + "number 0030; quote it to make it a string",
                "number marker|marker: 12345\\n|.revchain.yaml:1:9: 'marker' must be a string, found the number 12345; quote "
                        + "it to make it a string",
                "boolean policy|policy: yes\\n|.revchain.yaml:1:9: 'policy' must be a string, found the boolean yes; quote "
                        + "it to make it a string",
                "mapping value|policy:\\n  name: acgs2\\n|.revchain.yaml:2:3: 'policy' must be a string, found a mapping",
                "duplicate key|policy: alembic\\npolicy: acgs2\\n|.revchain.yaml:2:1: duplicate key 'policy' (first set on line 1)",
                "not a mapping|- policy\\n|.revchain.yaml:1:1: expected a mapping of settings (policy, marker, ignore, "
                        + "strategy, deployed, alembic_version, chains, version_locations, environments), found a list",
                "two documents|policy: alembic\\n---\\npolicy: acgs2\\n|.revchain.yaml:3:1: only one YAML document is "
                        + "expected, found another",
                "empty marker|marker: ''\\n|.revchain.yaml:1:9: 'marker' must not be empty",
            })
    void mistakesAreOneLineWithFileLineColumn(String name, String yaml, String message) throws IOException {
        Path f = Files.writeString(tmp.resolve(".revchain.yaml"), yaml.replace("\\n", "\n"));
        String expected = tmp + "/" + message.replace("CHECKS", String.join(", ", Check.wireNames()));
        assertThatThrownBy(() -> RepoConfig.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void badYamlSyntaxIsLocated() {
        assertThatThrownBy(() -> RepoConfig.parse(".revchain.yaml", "policy: alembic\nignore: [cycle, self-loop\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".revchain.yaml:3:1: invalid YAML: while parsing a flow sequence: expected ',' or ']', "
                        + "but got <stream end>")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RepoConfig.parse(".revchain.yaml", "policy: 'alembic\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(".revchain.yaml:")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void unreadableFileIsAConfigException() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(".revchain.yaml"));
        assertThatThrownBy(() -> RepoConfig.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir + ": cannot be read (");
    }

    @Test
    void fileSettingsLayerOverDefaultsAndFlagsWin() throws Exception {
        // Given organisation defaults, a repository file and command-line flags
        Policy org = Policy.alembic().withMarker("orgmarker").withIgnored(Set.of(Check.DOCSTRING_MISMATCH));
        RepoConfig file = RepoConfig.parse(
                "f", "policy: acgs2\nignore: [duplicate-prefix]\nstrategy: linearize\n" + "deployed: [a]\n");
        RepoConfig flags = new RepoConfig(Policy.Kind.ALEMBIC, null, null, Strategy.MERGE, List.of("b", "a"));
        // When / Then: the file alone over the defaults
        Policy p = file.toPolicy(org);
        assertThat(p.name()).isEqualTo(Policy.ACGS2);
        assertThat(p.marker()).isEqualTo("orgmarker");
        assertThat(p.ignored()).containsExactlyInAnyOrder(Check.DOCSTRING_MISMATCH, Check.DUPLICATE_PREFIX);
        // and with flags winning where set
        RepoConfig merged = file.overriddenBy(flags);
        assertThat(merged)
                .isEqualTo(new RepoConfig(
                        Policy.Kind.ALEMBIC, null, List.of(Check.DUPLICATE_PREFIX), Strategy.MERGE, List.of("a", "b")));
        assertThat(merged.toPolicy(org).name()).isEqualTo(Policy.ALEMBIC);
        assertThat(file.overriddenBy(new RepoConfig(null, null, List.of(), null, null))
                        .ignore())
                .isEmpty();
        assertThat(RepoConfig.DEFAULTS.toPolicy(org)).isEqualTo(org);
        assertThat(RepoConfig.DEFAULTS.strategyOr(Strategy.MERGE)).isEqualTo(Strategy.MERGE);
        assertThat(RepoConfig.DEFAULTS.deployedOrEmpty()).isEmpty();
    }
}
