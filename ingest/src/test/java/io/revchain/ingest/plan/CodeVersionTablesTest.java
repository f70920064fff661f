package io.revchain.ingest.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.parse.EnvPyVersionTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeVersionTablesTest {

    private static final EnvPyVersionTable CORE = new EnvPyVersionTable("core_version", "deploy", List.of());
    private static final EnvPyVersionTable AUDIT = new EnvPyVersionTable("audit_version", null, List.of());

    private static CodeVersionTables code() {
        Map<String, EnvPyVersionTable> chains = new LinkedHashMap<>();
        chains.put("core", CORE);
        chains.put("audit", AUDIT);
        return new CodeVersionTables("c0ffee", chains);
    }

    private static EnvironmentSpec env(String chain, String table, String schema) {
        return new EnvironmentSpec("prod", "sqlite:///prod.db", null, chain, table, schema);
    }

    @Test
    void anEnvironmentIsReadAtItsChainsEnvPyTable() {
        assertThat(code().tableFor(env("audit", null, null)).label()).isEqualTo("audit_version");
        assertThat(code().tableFor(env("core", null, null)).label()).isEqualTo("deploy.core_version");
    }

    @Test
    void anEnvironmentWithoutAChainIsTheFirstChainsAndOneNamingNoKnownChainGetsAlembicsDefault() {
        assertThat(code().tableFor(env(null, null, null)).label()).isEqualTo("deploy.core_version");
        assertThat(code().tableFor(env("billing", null, null)).label()).isEqualTo("alembic_version");
        assertThat(new CodeVersionTables("c0ffee", Map.of())
                        .tableFor(env(null, null, null))
                        .label())
                .isEqualTo("alembic_version");
    }

    @Test
    void theEnvironmentsOwnSettingsWinOneByOne() {
        assertThat(code().tableFor(env("core", "mine", null)).label()).isEqualTo("deploy.mine");
        assertThat(code().tableFor(env("core", null, "public")).label()).isEqualTo("public.core_version");
        assertThat(CodeVersionTables.stated(env("core", "mine", "public"))).isTrue();
        assertThat(CodeVersionTables.stated(env("core", "mine", null))).isFalse();
    }

    @Test
    void aHostileLiteralIsRefusedByName() {
        CodeVersionTables hostile = new CodeVersionTables(
                "c0ffee", Map.of("alembic", new EnvPyVersionTable("v; DROP TABLE x", null, List.of())));
        assertThatThrownBy(() -> hostile.tableFor(env(null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plain SQL identifier");
    }

    @Test
    void notesOfEveryChainAreKept() {
        CodeVersionTables c = new CodeVersionTables(
                "c0ffee",
                Map.of("alembic", new EnvPyVersionTable(null, null, List.of("migrations/env.py:9: not a literal"))));
        assertThat(c.notes()).containsExactly("migrations/env.py:9: not a literal");
    }
}
