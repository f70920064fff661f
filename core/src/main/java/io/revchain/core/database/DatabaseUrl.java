package io.revchain.core.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides which database a URL names and the JDBC URL that reaches it. A URL is a JDBC URL
 * ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:sqlite:}) or the SQLAlchemy
 * form Alembic users keep in {@code alembic.ini} ({@code postgresql[+driver]://}, {@code mysql[+driver]://},
 * {@code mariadb[+driver]://}, {@code sqlite:///relative.db}, {@code sqlite:////abs.db}).
 *
 * <p>A URL holding a password is refused: a password comes from an environment variable that holds
 * {@code user:password} ({@code --db-credentials VAR}, or {@code credentials: VAR} in {@code .revchain.yaml}), so
 * it is never in a file, a command line or a process list. No message of this class quotes a URL it refused.
 *
 * @param dialect    which database
 * @param jdbcUrl    the JDBC URL to connect to (no password in it)
 * @param user       the user named in a SQLAlchemy URL, {@code null} when none (a JDBC URL keeps its own)
 * @param display    the URL as output names it
 * @param sqliteFile for SQLite, the database file (absolute), else {@code null}
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String display, Path sqliteFile) {

    /** What a refused password is told to do instead. */
    public static final String USE_CREDENTIALS = "put user:password in an environment variable and name it with "
            + "--db-credentials VAR (or credentials: VAR in .revchain.yaml)";

    public DatabaseUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(display, "display");
    }

    /**
     * Parses {@code url}; a relative SQLite path is resolved against {@code base}.
     *
     * @throws IllegalArgumentException for a URL that holds a password, names an unsupported database or cannot
     *                                  be read; the message never quotes the URL
     */
    public static DatabaseUrl parse(String url, Path base) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty database URL");
        }
        String u = url.strip();
        if (u.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return jdbc(u, base);
        }
        int scheme = u.indexOf("://");
        if (scheme <= 0) {
            throw new IllegalArgumentException(
                    "not a database URL (expected jdbc:… or a SQLAlchemy URL such as postgresql://host/db)");
        }
        String name = u.substring(0, scheme).toLowerCase(Locale.ROOT);
        String backend = name.contains("+") ? name.substring(0, name.indexOf('+')) : name;
        String rest = u.substring(scheme + 3);
        return switch (backend) {
            case "postgresql", "postgres" -> server(Dialect.POSTGRESQL, "postgresql", rest, u, 5432);
            case "mysql", "mariadb" -> server(Dialect.MARIADB, backend, rest, u, 3306);
            case "sqlite" -> sqliteAlchemy(rest, u, base);
            default ->
                throw new IllegalArgumentException("unsupported database '" + safeName(backend)
                        + "' (revchain reads PostgreSQL, MySQL/MariaDB and SQLite)");
        };
    }

    private static DatabaseUrl jdbc(String u, Path base) {
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            String rest = u.substring("jdbc:sqlite:".length());
            int q = rest.indexOf('?');
            if (q >= 0) {
                refusePasswordParams(rest.substring(q + 1));
            }
            String file = q < 0 ? rest : rest.substring(0, q);
            if (file.startsWith("file:")) {
                file = file.substring(5);
            }
            return sqlite(file, base, u);
        }
        Dialect d;
        String jdbcUrl = u;
        if (lower.startsWith("jdbc:postgresql:")) {
            d = Dialect.POSTGRESQL;
        } else if (lower.startsWith("jdbc:mariadb:")) {
            d = Dialect.MARIADB;
        } else if (lower.startsWith("jdbc:mysql:")) {
            // MariaDB Connector/J reads MySQL servers; it takes its own scheme
            d = Dialect.MARIADB;
            jdbcUrl = "jdbc:mariadb:" + u.substring("jdbc:mysql:".length());
        } else {
            int colon = u.indexOf(':', 5);
            throw new IllegalArgumentException(
                    "unsupported JDBC URL 'jdbc:" + safeName(colon < 0 ? "" : u.substring(5, colon))
                            + ":…' (revchain reads jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: and jdbc:sqlite:)");
        }
        int slashes = jdbcUrl.indexOf("//");
        if (slashes >= 0) {
            int end = firstOf(jdbcUrl, slashes + 2, "/?;");
            String authority = jdbcUrl.substring(slashes + 2, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0 && authority.substring(0, at).contains(":")) {
                throw passwordRefused();
            }
        }
        int q = firstOf(jdbcUrl, 0, "?;");
        if (q < jdbcUrl.length()) {
            refusePasswordParams(jdbcUrl.substring(q + 1));
        }
        return new DatabaseUrl(d, jdbcUrl, null, u, null);
    }

    private static DatabaseUrl server(Dialect d, String backend, String rest, String original, int defaultPort) {
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String main = q < 0 ? rest : rest.substring(0, q);
        String user = null;
        int at = main.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = main.substring(0, at);
            int colon = userinfo.indexOf(':');
            if (colon >= 0 && colon < userinfo.length() - 1) {
                throw passwordRefused();
            }
            user = decode(colon >= 0 ? userinfo.substring(0, colon) : userinfo);
            main = main.substring(at + 1);
        }
        int slash = main.indexOf('/');
        String hostPort = slash < 0 ? main : main.substring(0, slash);
        String database = slash < 0 ? "" : decode(main.substring(slash + 1));
        if (hostPort.isEmpty()) {
            hostPort = "localhost";
        }
        if (!hostPort.contains(":") && !hostPort.startsWith("[")) {
            hostPort = hostPort + ":" + defaultPort;
        }
        refusePasswordParams(query);
        List<String> params = d == Dialect.POSTGRESQL ? postgresParams(query) : mysqlParams(query);
        String jdbcUrl = "jdbc:" + d.wireName() + "://" + hostPort + "/" + database
                + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new DatabaseUrl(d, jdbcUrl, user == null || user.isEmpty() ? null : user, original, null);
    }

    /** libpq's options that pgjdbc reads under the same names (TLS above all) pass through as they are. */
    private static List<String> postgresParams(String query) {
        List<String> out = new ArrayList<>();
        for (String p : split(query)) {
            String key = key(p);
            switch (key) {
                case "sslmode", "sslrootcert", "sslcert", "sslkey", "application_name", "options" -> out.add(p);
                case "connect_timeout" -> out.add("connectTimeout=" + value(p));
                default ->
                    throw new IllegalArgumentException("option '" + safeName(key)
                            + "' of a postgresql:// URL has no JDBC equivalent here; give a jdbc:postgresql:// URL to "
                            + "pass driver options");
            }
        }
        return out;
    }

    /** PyMySQL's and mysqlclient's TLS options, as MariaDB Connector/J names them. */
    private static List<String> mysqlParams(String query) {
        List<String> out = new ArrayList<>();
        for (String p : split(query)) {
            String key = key(p);
            String v = value(p);
            switch (key) {
                case "charset", "binary_prefix", "local_infile" -> {
                    // the driver's own defaults read a version table; nothing to translate
                }
                case "ssl_ca" -> {
                    out.add("serverSslCert=" + v);
                    if (out.stream().noneMatch(x -> x.startsWith("sslMode="))) {
                        out.add("sslMode=verify-full");
                    }
                }
                case "ssl_mode" ->
                    out.add("sslMode="
                            + switch (v.toUpperCase(Locale.ROOT)) {
                                case "DISABLED" -> "disable";
                                case "PREFERRED", "REQUIRED" -> "trust";
                                case "VERIFY_CA" -> "verify-ca";
                                case "VERIFY_IDENTITY" -> "verify-full";
                                default ->
                                    throw new IllegalArgumentException("ssl_mode '" + safeName(v) + "' is unknown");
                            });
                case "ssl_disabled" -> {
                    if (v.equalsIgnoreCase("true") || v.equals("1")) {
                        out.add("sslMode=disable");
                    }
                }
                case "connect_timeout" -> out.add("connectTimeout=" + seconds(v) + "000");
                default ->
                    throw new IllegalArgumentException("option '" + safeName(key)
                            + "' of a mysql:// URL has no JDBC equivalent here; give a jdbc:mariadb:// URL to pass "
                            + "driver options");
            }
        }
        return out;
    }

    private static DatabaseUrl sqliteAlchemy(String rest, String original, Path base) {
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        // sqlite:///relative.db -> "/relative.db"; sqlite:////abs.db -> "//abs.db"; sqlite:// -> memory
        if (path.isEmpty() || path.equals("/")) {
            throw new IllegalArgumentException(
                    "sqlite:// is an in-memory database: it has applied nothing (give sqlite:///FILE)");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(
                    "a sqlite URL names a file as sqlite:///relative.db or " + "sqlite:////absolute.db");
        }
        return sqlite(decode(path.substring(1)), base, original);
    }

    private static DatabaseUrl sqlite(String file, Path base, String original) {
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith(":memory:")) {
            throw new IllegalArgumentException("an in-memory SQLite database has applied nothing (name a file)");
        }
        Path p = Path.of(file);
        Path abs = (p.isAbsolute() ? p : base.resolve(p)).toAbsolutePath().normalize();
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + abs, null, original, abs);
    }

    private static void refusePasswordParams(String query) {
        for (String p : query.split("[&;]")) {
            String key = key(p);
            // password, sslpassword, trustStorePassword, keyStorePassword, pwd, passwd: every secret option
            if (key.contains("password") || key.contains("passwd") || key.equals("pwd")) {
                throw passwordRefused();
            }
        }
    }

    private static IllegalArgumentException passwordRefused() {
        return new IllegalArgumentException(
                "the database URL holds a password, which revchain refuses: " + USE_CREDENTIALS);
    }

    private static List<String> split(String query) {
        List<String> out = new ArrayList<>();
        for (String p : query.split("&")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String key(String param) {
        int eq = param.indexOf('=');
        return decode(eq < 0 ? param : param.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
    }

    private static String value(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? "" : param.substring(eq + 1);
    }

    private static String seconds(String v) {
        if (!v.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("connect_timeout must be whole seconds");
        }
        return v;
    }

    private static int firstOf(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A short name for messages: letters, digits and a few marks only, so a refusal never echoes a secret. */
    private static String safeName(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) : s;
        return cut.replaceAll("[^A-Za-z0-9_.+-]", "?");
    }
}
