package io.revchain.core.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    private static final Path BASE = Path.of("/work/repo");
    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void sqlalchemyUrlsBecomeJdbcUrls() {
        Map<String, String> cases = Map.of(
                "postgresql://deploy@db.internal/app", "jdbc:postgresql://db.internal:5432/app",
                "postgresql+psycopg2://deploy@db:6543/app?sslmode=verify-full&sslrootcert=/ca.pem",
                        "jdbc:postgresql://db:6543/app?sslmode=verify-full&sslrootcert=/ca.pem",
                "postgres://127.0.0.1/test", "jdbc:postgresql://127.0.0.1:5432/test",
                "mysql+pymysql://root@127.0.0.1/test?charset=utf8mb4", "jdbc:mariadb://127.0.0.1:3306/test",
                "mariadb://app@db:3307/shop?ssl_ca=/etc/ca.pem",
                        "jdbc:mariadb://db:3307/shop?serverSslCert=/etc/ca.pem&sslMode=verify-full",
                "mysql://u@h/d?ssl_mode=REQUIRED", "jdbc:mariadb://h:3306/d?sslMode=trust",
                "sqlite:///relative.db", "jdbc:sqlite:/work/repo/relative.db",
                "sqlite:////abs/app.db", "jdbc:sqlite:/abs/app.db",
                "sqlite+pysqlite:///db/dev.sqlite", "jdbc:sqlite:/work/repo/db/dev.sqlite");
        cases.forEach((in, out) ->
                assertThat(DatabaseUrl.parse(in, BASE).jdbcUrl()).as(in).isEqualTo(out));
    }

    @Test
    void theUserOfASqlalchemyUrlIsKeptApartAndTheDialectNamed() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql+psycopg2://deploy%40corp@db/app", BASE);
        assertThat(u.user()).isEqualTo("deploy@corp");
        assertThat(u.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(DatabaseUrl.parse("mariadb://x@h/d", BASE).dialect()).isEqualTo(Dialect.MARIADB);
        DatabaseUrl s = DatabaseUrl.parse("sqlite:///a.db", BASE);
        assertThat(s.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(s.sqliteFile()).isEqualTo(Path.of("/work/repo/a.db"));
    }

    @Test
    void jdbcUrlsPassThroughAndMysqlIsReadByTheMariadbDriver() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?ssl=true&currentSchema=x", BASE)
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&currentSchema=x");
        assertThat(DatabaseUrl.parse("jdbc:mysql://h:3306/db?user=app", BASE).jdbcUrl())
                .isEqualTo("jdbc:mariadb://h:3306/db?user=app");
        assertThat(DatabaseUrl.parse("jdbc:sqlite:rel/x.db", BASE).sqliteFile())
                .isEqualTo(Path.of("/work/repo/rel/x.db"));
    }

    @Test
    void aPasswordAnywhereInTheUrlIsRefusedWithoutQuotingIt() {
        List<String> urls = List.of(
                "postgresql://deploy:" + SECRET + "@db/app",
                "postgresql+psycopg2://deploy:" + SECRET + "@db/app?sslmode=require",
                "mysql+pymysql://root:" + SECRET + "@127.0.0.1/test",
                "mariadb://root:" + SECRET + "@h/d",
                "jdbc:postgresql://h/db?user=x&password=" + SECRET,
                "jdbc:postgresql://h/db?user=x&PASSWORD=" + SECRET,
                "jdbc:mariadb://h/db?user=x&password=" + SECRET,
                "jdbc:mysql://x:" + SECRET + "@h/db",
                "jdbc:mariadb://h/db;password=" + SECRET,
                "jdbc:sqlite:/x.db?password=" + SECRET,
                "postgresql://u@h/d?password=" + SECRET,
                "jdbc:postgresql://h/db?sslpassword=" + SECRET,
                "jdbc:mariadb://h/db?trustStorePassword=" + SECRET);
        for (String url : urls) {
            assertThatThrownBy(() -> DatabaseUrl.parse(url, BASE))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds a password")
                    .hasMessageContaining("--db-credentials")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void unsupportedOrEmptyDatabasesAreRefusedClearly() {
        assertThatThrownBy(() -> DatabaseUrl.parse("oracle://u@h/d", BASE)).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:h2:mem:x", BASE)).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DatabaseUrl.parse("sqlite://", BASE)).hasMessageContaining("in-memory");
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:sqlite::memory:", BASE))
                .hasMessageContaining("in-memory");
        assertThatThrownBy(() -> DatabaseUrl.parse("db.internal", BASE)).hasMessageContaining("not a database URL");
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u@h/d?autocommit=" + SECRET, BASE))
                .hasMessageContaining("autocommit")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void credentialsComeFromAVariableAndNeverShowThePassword() {
        Credentials c = Credentials.fromEnvironment("PROD_DB", Map.of("PROD_DB", "deploy:" + SECRET + ":x")::get);
        assertThat(c.user()).isEqualTo("deploy");
        assertThat(c.password()).isEqualTo(SECRET + ":x");
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(c.scrub("FATAL: password " + SECRET + ":x wrong")).isEqualTo("FATAL: password *** wrong");
        assertThatThrownBy(() -> Credentials.fromEnvironment("NOPE", Map.<String, String>of()::get))
                .hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> Credentials.fromEnvironment("V", Map.of("V", SECRET)::get))
                .hasMessageContaining("must hold user:password")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> Credentials.fromEnvironment("a b", Map.<String, String>of()::get))
                .hasMessageContaining("environment variable");
    }

    @Test
    void theVersionTableIsAPlainIdentifierQuotedPerDialect() {
        VersionTable t = new VersionTable("deploy", "AlembicVersion");
        assertThat(t.select(Dialect.POSTGRESQL)).isEqualTo("SELECT version_num FROM \"deploy\".\"AlembicVersion\"");
        assertThat(t.select(Dialect.MARIADB)).isEqualTo("SELECT version_num FROM `deploy`.`AlembicVersion`");
        assertThat(VersionTable.DEFAULT.select(Dialect.SQLITE))
                .isEqualTo("SELECT version_num FROM \"alembic_version\"");
        assertThatThrownBy(() -> new VersionTable(null, "v; DROP TABLE x")).hasMessageContaining("identifier");
        assertThatThrownBy(() -> new VersionTable("a\"b", "v")).hasMessageContaining("identifier");
    }
}
