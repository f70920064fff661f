package io.revchain.ingest.plan;

import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.database.VersionTable;
import io.revchain.core.parse.EnvPyVersionTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a repository's code says of its databases' version tables at one commit of its first watched branch: each
 * chain's {@code env.py} literals ({@link EnvPyVersionTable}), and so the table an environment's database is read
 * at. As {@code revchain status} decides it: the environment's own {@code version_table} and
 * {@code version_table_schema} win, then the literals of its chain's {@code env.py}, then Alembic's
 * {@code alembic_version}. An environment that names no chain is the repository's first chain's.
 *
 * @param commit the commit the code was read at
 * @param chains per chain (by its name), in the repository's chain order, what its {@code env.py} configures
 */
public record CodeVersionTables(String commit, Map<String, EnvPyVersionTable> chains) {

    public CodeVersionTables {
        Objects.requireNonNull(commit, "commit");
        chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    }

    /**
     * The table {@code e}'s database is read at.
     *
     * @throws IllegalArgumentException when a name is not a plain SQL identifier (the message names it)
     */
    public VersionTable tableFor(EnvironmentSpec e) {
        EnvPyVersionTable code = chainOf(e);
        return VersionTable.DEFAULT.with(code.schema(), code.table()).with(e.versionTableSchema(), e.versionTable());
    }

    /** Whether {@code e}'s table is decided without the code: it states both the table and its schema. */
    public static boolean stated(EnvironmentSpec e) {
        return e.versionTable() != null && e.versionTableSchema() != null;
    }

    /** What could not be decided in the chains' {@code env.py} files (a value that is not a literal), with lines. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        chains.values().forEach(c -> out.addAll(c.notes()));
        return out;
    }

    private EnvPyVersionTable chainOf(EnvironmentSpec e) {
        if (e.chain() == null) {
            return chains.values().stream().findFirst().orElse(EnvPyVersionTable.NONE);
        }
        return chains.getOrDefault(e.chain(), EnvPyVersionTable.NONE);
    }
}
