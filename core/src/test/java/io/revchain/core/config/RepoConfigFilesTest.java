package io.revchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.model.Check;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoConfigFilesTest {

    @TempDir
    Path dir;

    static final String PYPROJECT = "[project]\nname = \"app\"\n\n[tool.revchain]\npolicy = \"acgs2\"\n"
            + "ignore = [\"duplicate-prefix\"]\nstrategy = \"linearize\"\n\n[tool.revchain.chains.core]\n"
            + "version_locations = [\"db/versions\"]\n";

    @Test
    void pyprojectTableIsReadWithTheKeysOfTheYamlFile() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), PYPROJECT);
        RepoConfigFiles.Found f = RepoConfigFiles.find(dir);
        assertThat(f.source()).isEqualTo("pyproject.toml [tool.revchain]");
        assertThat(f.note()).isNull();
        assertThat(f.config().policy()).isEqualTo(Policy.Kind.ACGS2);
        assertThat(f.config().ignore()).containsExactly(Check.DUPLICATE_PREFIX);
        assertThat(f.config().strategy()).isEqualTo(Strategy.LINEARIZE);
        assertThat(f.config().chains()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("core");
            assertThat(c.versionLocations()).isEqualTo(List.of("db/versions"));
        });
    }

    @Test
    void theYamlFileWinsAndTheNoteSaysThePyprojectTableWasIgnored() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), PYPROJECT);
        Files.writeString(dir.resolve(".revchain.yaml"), "policy: alembic\n");
        RepoConfigFiles.Found f = RepoConfigFiles.find(dir);
        assertThat(f.config().policy()).isEqualTo(Policy.Kind.ALEMBIC);
        assertThat(f.config().strategy()).isNull();
        assertThat(f.note()).isEqualTo("[tool.revchain] in pyproject.toml is ignored: .revchain.yaml is read instead");
    }

    @Test
    void noTableIsTheDefaults() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.alembic]\nscript_location = \"m\"\n");
        assertThat(RepoConfigFiles.find(dir).config()).isEqualTo(RepoConfig.DEFAULTS);
        assertThat(RepoConfigFiles.find(dir).source()).isNull();
    }

    @Test
    void aBadSettingIsRefusedAtTheTablesLine() {
        assertThatThrownBy(() -> RepoConfigFiles.fromPyProject(
                        "pyproject.toml", "[project]\nname = \"a\"\n[tool.revchain]\npolicy = \"strict\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("pyproject.toml:3:1: [tool.revchain]: unknown policy 'strict' (expected one of: "
                        + "alembic, acgs2)");
        assertThatThrownBy(() -> RepoConfigFiles.fromPyProject("pyproject.toml", "[tool]\nrevchain = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("pyproject.toml:2:1: tool.revchain must be a table of settings");
        assertThatThrownBy(() -> RepoConfigFiles.fromPyProject("pyproject.toml", "[tool.revchain]\nshiny = true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pyproject.toml:1:1: [tool.revchain]: ")
                .hasMessageContaining("shiny");
    }
}
