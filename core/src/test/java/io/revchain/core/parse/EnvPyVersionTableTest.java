package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvPyVersionTableTest {

    @Test
    void literalKeywordsOfContextConfigureAreRead() {
        String env = """
                from alembic import context
                # context.configure(version_table="commented")

                def run_migrations_offline():
                    context.configure(
                        url=url,
                        target_metadata=target_metadata,
                        version_table="core_version",  # per chain
                        version_table_schema='deploy',
                    )

                def run_migrations_online():
                    with connectable.connect() as connection:
                        context.configure(connection=connection, version_table="core_" "version",
                                          version_table_schema="deploy")
                """;

        EnvPyVersionTable t = EnvPyVersionTable.read("migrations/env.py", env);

        assertThat(t.table()).isEqualTo("core_version");
        assertThat(t.schema()).isEqualTo("deploy");
        // adjacent literals are not decoded here: said, never guessed
        assertThat(t.notes())
                .containsExactly(
                        "migrations/env.py:14: version_table is not a string literal; give it in .revchain.yaml or "
                                + "--version-table");
    }

    @Test
    void aNonLiteralIsReportedAndNeverGuessed() {
        String env = "context.configure(connection=c, version_table=TABLE, version_table_schema=f\"{x}\")\n";

        EnvPyVersionTable t = EnvPyVersionTable.read("env.py", env);

        assertThat(t.table()).isNull();
        assertThat(t.schema()).isNull();
        assertThat(t.notes()).hasSize(2).allMatch(n -> n.startsWith("env.py:1: ") && n.contains("not a string"));
    }

    @Test
    void noKeywordsNoBadSyntaxNothingDecided() {
        assertThat(EnvPyVersionTable.read("env.py", "context.configure(url=u)\nconfigure\n"))
                .isEqualTo(EnvPyVersionTable.NONE);
        assertThat(EnvPyVersionTable.read("env.py", "context.configure(version_table='x'\n")
                        .table())
                .isNull();
        assertThat(EnvPyVersionTable.read("env.py", "x = '''\n").notes()).hasSize(1);
    }

    @Test
    void envPyIsLookedForBesideEachVersionsFolderThenInTheChainsLocation() {
        // the plain layout: script_location = migrations, versions under it
        assertThat(EnvPyVersionTable.candidates("migrations", java.util.List.of("migrations/versions")))
                .containsExactly("migrations/env.py");
        // version_locations elsewhere: beside each, then the ini's location
        assertThat(EnvPyVersionTable.candidates(
                        "db", java.util.List.of("db/core/versions", "db/audit/versions", "db/core/versions")))
                .containsExactly("db/core/env.py", "db/audit/env.py", "db/env.py");
        // a versions folder at the root, a chain located at the root
        assertThat(EnvPyVersionTable.candidates(".", java.util.List.of("versions")))
                .containsExactly("env.py");
        assertThat(EnvPyVersionTable.candidates("", java.util.List.of())).containsExactly("env.py");
    }
}
