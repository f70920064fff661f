package io.revchain.core.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One database a repository deploys to, as {@code .revchain.yaml}'s {@code environments} states it:
 *
 * <pre>
 * environments:
 *   prod: {url: "postgresql://deploy@db.internal/app", credentials: PROD_DB_CREDENTIALS, chain: core}
 *   staging: {url: "sqlite:///staging.db", version_table: alembic_version_core}
 * </pre>
 *
 * @param name        the environment's name
 * @param url         a JDBC or SQLAlchemy URL, never with a password (checked when the file is read)
 * @param credentials the environment variable holding {@code user:password}, or {@code null}
 * @param chain       the chain (by name) the database runs, or {@code null} for the repository's one chain
 * @param versionTable       the version table's name, {@code null} for env.py's literal or {@code alembic_version}
 * @param versionTableSchema the version table's schema, {@code null} for env.py's literal or the default schema
 */
public record EnvironmentSpec(
        String name, String url, String credentials, String chain, String versionTable, String versionTableSchema) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public EnvironmentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /**
     * Whether {@code name} can name an environment in the pipeline (it keys {@code revchain.deployments}, labels a
     * metric and a dashboard column): a letter or digit, then up to 63 letters, digits, {@code . _ -}.
     */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
