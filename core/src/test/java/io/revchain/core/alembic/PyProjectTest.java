package io.revchain.core.alembic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyProjectTest {

    private static final String PEP621 = """
            [build-system]
            requires = ["setuptools>=61"]

            [project]
            name = "billing"
            dependencies = [
                "SQLAlchemy>=2.0",
                "alembic[tz]>=1.10,<2 ; python_version >= '3.9'",
            ]

            [project.optional-dependencies]
            dev = ["pytest", "alembic-utils==0.8.2"]

            [dependency-groups]
            lint = ["ruff", {include-group = "typing"}]
            typing = ["mypy"]

            [tool.alembic]
            script_location = "%(here)s/db"
            version_locations = ["%(here)s/db/versions", "%(here)s/plugins/versions"]
            file_template = "%%(year)d/%%(rev)s_%%(slug)s"
            recursive_version_locations = true
            truncate_slug_length = 40
            prepend_sys_path = ["."]

            [[tool.alembic.post_write_hooks]]
            name = "ruff"
            type = "exec"
            executable = "ruff"
            """;

    @Test
    void toolAlembicKeepsTomlTypes() {
        PyProject p = PyProject.parse("pyproject.toml", PEP621);
        assertThat(p.problem()).isEmpty();
        Map<String, Object> a = p.toolAlembic();
        assertThat(a.get("script_location")).isEqualTo("%(here)s/db");
        assertThat(a.get("version_locations")).isEqualTo(List.of("%(here)s/db/versions", "%(here)s/plugins/versions"));
        assertThat(a.get("file_template")).isEqualTo("%%(year)d/%%(rev)s_%%(slug)s");
        assertThat(a.get("recursive_version_locations")).isEqualTo(true);
        assertThat(a.get("truncate_slug_length")).isInstanceOf(Number.class).hasToString("40");
        assertThat(a.get("post_write_hooks")).asList().hasSize(1);
    }

    @Test
    void requirementsComeFromEveryPep621AndPep735Table() {
        assertThat(PyProject.parse("pyproject.toml", PEP621).requirements())
                .containsExactly(
                        "SQLAlchemy>=2.0",
                        "alembic[tz]>=1.10,<2 ; python_version >= '3.9'",
                        "pytest",
                        "alembic-utils==0.8.2",
                        "ruff",
                        "mypy");
    }

    @Test
    void poetryConstraintsInEveryShape() {
        PyProject p = PyProject.parse("pyproject.toml", """
                [tool.poetry.dependencies]
                python = "^3.11"
                Alembic = {version = "^1.12", extras = ["tz"]}

                [tool.poetry.group.legacy.dependencies]
                alembic = [
                    {version = "~1.11", python = "<3.9"},
                    {version = "^1.13", python = ">=3.9"},
                ]

                [tool.poetry.dev-dependencies]
                alembic = "1.13.2"
                alembic-utils = "^0.8"

                [tool.poetry.group.git.dependencies]
                alembic = {git = "https://github.com/sqlalchemy/alembic.git"}
                """);
        assertThat(p.poetryConstraints("alembic")).containsExactly("^1.12", "1.13.2", "~1.11", "^1.13");
        assertThat(p.poetryConstraints("Alembic_Utils")).containsExactly("^0.8");
        assertThat(p.toolAlembic()).isEmpty();
    }

    @Test
    void badTomlIsAProblemWithItsLineNeverAnException() {
        PyProject p =
                PyProject.parse("svc/pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n  \"a\",\n  b\n]\n");
        assertThat(p.problem()).get().asString().startsWith("svc/pyproject.toml:5: ");
        assertThat(p.toolAlembic()).isEmpty();
        assertThat(p.requirements()).isEmpty();

        // Jackson's location: it notices the duplicate once the value's line has ended.
        assertThat(PyProject.parse("pyproject.toml", "[tool.alembic]\na = 1\na = 2\n")
                        .problem())
                .contains("pyproject.toml:4: Duplicate key");
        assertThat(PyProject.parse("pyproject.toml", "[a]\n[a]\n").problem())
                .contains("pyproject.toml:2: Table redefined");
        // Jackson's nesting limit, reported without a location.
        assertThat(PyProject.parse("pyproject.toml", "x = " + "[".repeat(100_000))
                        .problem())
                .get()
                .asString()
                .startsWith("pyproject.toml:1: Document nesting depth (1001) exceeds the maximum allowed");
        assertThat(PyProject.parse("pyproject.toml", null).problem()).isEmpty();
    }

    @Test
    void toolAlembicThatIsNotATableIsAlembicsIncorrectTomlFormat() {
        PyProject p = PyProject.parse("pyproject.toml", "[tool]\nblack = {}\nalembic = \"db\"\n");
        assertThat(p.problem())
                .contains("pyproject.toml:3: tool.alembic is not a table (Alembic: Incorrect TOML format)");
        assertThat(p.toolAlembic()).isEmpty();
        assertThat(PyProject.parse("pyproject.toml", "[tool]\n[tool.poetry]\n").toolAlembic())
                .isEmpty();
    }
}
