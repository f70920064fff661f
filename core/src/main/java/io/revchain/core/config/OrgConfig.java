package io.revchain.core.config;

import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The organisation's {@code revchain.yaml} (not a repository's own {@code .revchain.yaml}): which repositories
 * ingest watches, and how often.
 *
 * <pre>
 * interval: 60                 # seconds between poll cycles (default 60)
 * marker: cdd01ef066bc6cf2     # the string every parsed script is searched for (default: the constitutional hash)
 * ssh:                         # ssh:// and git@host:x remotes, every repository (default: ~/.ssh's)
 *   key: ~/.ssh/revchain_ed25519               # the one private key offered (default: ~/.ssh/id_*)
 *   known_hosts: /etc/revchain/known_hosts     # host keys checked strictly (default: ~/.ssh/known_hosts)
 * targets:                     # what the reporter measures against (see TargetSettings; default: none)
 *   end-to-end-p99-ms: 100
 * webhooks:                    # push webhooks served by ingest (default: none accepted)
 *   secret: REVCHAIN_WEBHOOK_SECRET             # NAME of the variable with every repository's webhook secret
 * repositories:
 *   - id: acgs2/core           # the record key of every event
 *     url: https://git.example.org/acgs2/core.git   # local path, file:, http(s), ssh
 *     branches: [main, release]                    # default: the remote's default branch
 *     paths: [services/api/alembic.ini]            # default: discovered as `revchain check` does
 *     credentials: GIT_TOKEN_CORE                  # NAME of an environment variable, never the secret itself
 *     push: false                                  # read by the repairer
 *     strategy: merge
 *     deployed: ["0030"]
 *     policy: acgs2
 *     candidates: ["feature/*", "refs/pull/*&#47;head"]  # previewed as merges into target (default: none)
 *     target: main                                  # default: the first watched branch
 *     ssh: {key: ~/.ssh/core_deploy_key}            # this repository's own, key by key over the top-level ssh
 *     webhook_secret: WEBHOOK_SECRET_CORE           # NAME of this repository's own webhook secret variable
 *     environments:                                 # databases whose version table ingest polls (default: none)
 *       prod: {url: "postgresql://deploy@db.internal/core", credentials: PROD_DB_CREDENTIALS, chain: core}
 *       staging: {url: "sqlite:////var/lib/core/staging.db", version_table: alembic_version_core}
 * database_interval: 300       # seconds between two reads of one environment's database (default 300)
 * </pre>
 *
 * <p>It decides what a valid file is: unknown or repeated keys, wrong types, a missing {@code id} or {@code url},
 * two repositories with one id, an absolute or escaping {@code paths} entry, an empty or non-positive interval,
 * a repository id over {@value RepositorySpec#MAX_ID_LENGTH} characters or a branch, target or candidate pattern over
 * {@value RepositorySpec#MAX_BRANCH_LENGTH} (they name files: a longer one would fail every poll), a user name or
 * password inside a {@code url} (a redirecting remote would receive them; {@code credentials:} names the variable
 * that holds them instead; the message never repeats the url), and an {@code ssh} path that is neither absolute nor {@code ~/…} are {@link ConfigException}s naming
 * {@code file:line:column}.
 *
 * @param repositories the repositories, in file order
 * @param interval     time between two poll cycles
 * @param marker       the marker string the parser looks for
 * @param targets      the {@code targets:} section (never {@code null}; {@link TargetSettings#NONE} when absent)
 * @param webhooks     which environment variable holds each repository's webhook secret (never {@code null})
 * @param databaseInterval time between two reads of one environment's version table
 */
public record OrgConfig(
        List<RepositorySpec> repositories,
        Duration interval,
        String marker,
        TargetSettings targets,
        WebhookSecrets webhooks,
        Duration databaseInterval) {

    public static final String FILE_NAME = "revchain.yaml";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** Default time between two reads of one database: deployments are rarer than commits, and a read costs a login. */
    public static final Duration DEFAULT_DATABASE_INTERVAL = Duration.ofSeconds(300);

    public static final List<String> KEYS =
            List.of("interval", "marker", "ssh", "targets", "webhooks", "repositories", "database_interval");
    public static final List<String> WEBHOOK_KEYS = List.of("secret");
    public static final List<String> REPO_KEYS = List.of(
            "id",
            "url",
            "branches",
            "paths",
            "credentials",
            "push",
            "strategy",
            "deployed",
            "policy",
            "candidates",
            "target",
            "ssh",
            "webhook_secret",
            "environments");

    public OrgConfig {
        repositories = List.copyOf(repositories);
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        targets = targets == null ? TargetSettings.NONE : targets;
        webhooks = webhooks == null ? WebhookSecrets.NONE : webhooks;
        databaseInterval = databaseInterval == null ? DEFAULT_DATABASE_INTERVAL : databaseInterval;
        if (databaseInterval.isNegative() || databaseInterval.isZero()) {
            throw new IllegalArgumentException("database interval must be positive: " + databaseInterval);
        }
    }

    /** A configuration reading databases every {@link #DEFAULT_DATABASE_INTERVAL}. */
    public OrgConfig(
            List<RepositorySpec> repositories,
            Duration interval,
            String marker,
            TargetSettings targets,
            WebhookSecrets webhooks) {
        this(repositories, interval, marker, targets, webhooks, DEFAULT_DATABASE_INTERVAL);
    }

    /** A configuration without a {@code webhooks:} section. */
    public OrgConfig(List<RepositorySpec> repositories, Duration interval, String marker, TargetSettings targets) {
        this(repositories, interval, marker, targets, WebhookSecrets.NONE);
    }

    /** A configuration without a {@code targets:} section. */
    public OrgConfig(List<RepositorySpec> repositories, Duration interval, String marker) {
        this(repositories, interval, marker, TargetSettings.NONE);
    }

    /** The name of the environment variable with {@code repo}'s webhook secret, or null when it has none. */
    public String webhookSecret(String repo) {
        return webhooks.forRepository(repo);
    }

    /** The same configuration with {@code webhooks}. */
    public OrgConfig withWebhooks(WebhookSecrets webhooks) {
        return new OrgConfig(repositories, interval, marker, targets, webhooks, databaseInterval);
    }

    /** A configuration of {@code repositories} with the default interval and marker. */
    public static OrgConfig of(List<RepositorySpec> repositories) {
        return new OrgConfig(repositories, DEFAULT_INTERVAL, Policy.CONSTITUTIONAL_HASH);
    }

    /** The same configuration polling every {@code interval}. */
    public OrgConfig withInterval(Duration interval) {
        return new OrgConfig(repositories, interval, marker, targets, webhooks, databaseInterval);
    }

    /** The same configuration reading each database every {@code interval}. */
    public OrgConfig withDatabaseInterval(Duration interval) {
        return new OrgConfig(repositories, this.interval, marker, targets, webhooks, interval);
    }

    /** Reads {@code file} strictly. */
    public static OrgConfig load(Path file) throws ConfigException {
        try (StrictYaml y = StrictYaml.open(file, file.toString())) {
            return read(y);
        }
    }

    /** Reads YAML text; {@code name} is what messages call the file. */
    public static OrgConfig parse(String name, String text) throws ConfigException {
        try (StrictYaml y = StrictYaml.of(name, text)) {
            return read(y);
        }
    }

    private static OrgConfig read(StrictYaml y) throws ConfigException {
        List<RepositorySpec> repos = new ArrayList<>();
        Duration interval = DEFAULT_INTERVAL;
        Duration databaseInterval = DEFAULT_DATABASE_INTERVAL;
        String marker = Policy.CONSTITUTIONAL_HASH;
        SshSettings ssh = SshSettings.NONE;
        TargetSettings targets = TargetSettings.NONE;
        String webhookSecret = null;
        Map<String, String> repoSecrets = new HashMap<>();
        if (y.beginDocument(KEYS)) {
            Map<String, Integer> ids = new HashMap<>();
            for (String key = y.nextKey(KEYS); key != null; key = y.nextKey(KEYS)) {
                switch (key) {
                    case "interval" -> {
                        Long s = y.integer(key);
                        if (s != null) {
                            if (s < 1) {
                                throw y.error("'interval' must be at least 1 second, found " + s);
                            }
                            interval = Duration.ofSeconds(s);
                        }
                    }
                    case "database_interval" -> {
                        Long s = y.integer(key);
                        if (s != null) {
                            if (s < 1) {
                                throw y.error("'database_interval' must be at least 1 second, found " + s);
                            }
                            databaseInterval = Duration.ofSeconds(s);
                        }
                    }
                    case "marker" -> {
                        String m = y.string(key);
                        if (m != null && m.isBlank()) {
                            throw y.error("'marker' must not be empty");
                        }
                        marker = m;
                    }
                    case "ssh" -> ssh = readSsh(y, key);
                    case "targets" -> targets = readTargets(y, key);
                    case "webhooks" -> {
                        if (y.mapping(key)) {
                            for (String k = y.nextKey(WEBHOOK_KEYS); k != null; k = y.nextKey(WEBHOOK_KEYS)) {
                                webhookSecret = envName(y, k, y.string(k));
                            }
                        }
                    }
                    case "repositories" -> {
                        if (y.list(key)) {
                            while (y.nextItemMapping(key)) {
                                // the item's own position, for errors found only at its end
                                ConfigException at = y.error("");
                                String[] secret = new String[1];
                                RepositorySpec r = readRepo(y, at, secret);
                                if (secret[0] != null) {
                                    repoSecrets.put(r.id(), secret[0]);
                                }
                                if (ids.putIfAbsent(r.id(), repos.size() + 1) != null) {
                                    throw at(
                                            at,
                                            "repository id '" + r.id() + "' is listed twice (first as item "
                                                    + ids.get(r.id()) + ")");
                                }
                                repos.add(r);
                            }
                        }
                    }
                    default -> throw new IllegalStateException("key allowed but not read: " + key);
                }
            }
            y.endDocument();
        }
        // the top-level ssh may come after the repositories, so it is merged in at the end
        SshSettings org = ssh;
        repos.replaceAll(r -> r.withSsh(r.remote().ssh().orElse(org)));
        return new OrgConfig(
                repos, interval, marker, targets, new WebhookSecrets(webhookSecret, repoSecrets), databaseInterval);
    }

    /** A value that names an environment variable, never the secret itself. */
    private static String envName(StrictYaml y, String key, String value) throws ConfigException {
        if (value != null && !value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw y.error("'" + key + "' is the NAME of an environment variable (letters, digits, '_'), never the "
                    + "secret itself");
        }
        return value;
    }

    private static TargetSettings readTargets(StrictYaml y, String key) throws ConfigException {
        Long endToEnd = null;
        Long window = null;
        Long minSamples = null;
        if (y.mapping(key)) {
            for (String k = y.nextKey(TargetSettings.KEYS); k != null; k = y.nextKey(TargetSettings.KEYS)) {
                Long v = y.integer(k);
                if (v != null && v < 1) {
                    throw y.error("'" + k + "' must be at least 1, found " + v);
                }
                switch (k) {
                    case "end-to-end-p99-ms" -> endToEnd = v;
                    case "window-seconds" -> window = v;
                    case "min-samples" -> minSamples = v;
                    default -> throw new IllegalStateException("key allowed but not read: " + k);
                }
            }
        }
        return new TargetSettings(endToEnd, window, minSamples);
    }

    private static SshSettings readSsh(StrictYaml y, String key) throws ConfigException {
        String sshKey = null;
        String knownHosts = null;
        if (y.mapping(key)) {
            for (String k = y.nextKey(SshSettings.KEYS); k != null; k = y.nextKey(SshSettings.KEYS)) {
                String v = y.string(k);
                if (v != null && !SshSettings.isUsablePath(v)) {
                    throw y.error("'" + k + "' must be an absolute path or start with '~/', found '" + v + "'");
                }
                switch (k) {
                    case "key" -> sshKey = v;
                    case "known_hosts" -> knownHosts = v;
                    default -> throw new IllegalStateException("key allowed but not read: " + k);
                }
            }
        }
        return new SshSettings(sshKey, knownHosts);
    }

    private static RepositorySpec readRepo(StrictYaml y, ConfigException item, String[] webhookSecret)
            throws ConfigException {
        String id = null;
        String url = null;
        List<String> branches = null;
        List<String> paths = null;
        String credentials = null;
        Boolean push = null;
        Strategy strategy = null;
        List<String> deployed = null;
        Policy.Kind policy = null;
        List<String> candidates = null;
        String target = null;
        SshSettings ssh = null;
        List<EnvironmentSpec> environments = null;
        ConfigException urlSecret = null;
        for (String key = y.nextKey(REPO_KEYS); key != null; key = y.nextKey(REPO_KEYS)) {
            switch (key) {
                case "id" -> {
                    id = y.string(key);
                    if (id != null && id.length() > RepositorySpec.MAX_ID_LENGTH) {
                        throw y.error(RepositorySpec.tooLong("repository id", id, RepositorySpec.MAX_ID_LENGTH)
                                + " (it names a folder of the work directory and keys every event)");
                    }
                }
                case "url" -> {
                    url = y.string(key);
                    if (url != null && RepositorySpec.hasUrlSecret(url)) {
                        // the id may come after the url: the message names it once the item is read
                        urlSecret = y.error("");
                    }
                }
                case "branches" -> {
                    branches = y.strings(key, "branch", null);
                    for (String b : branches == null ? List.<String>of() : branches) {
                        if (b.length() > RepositorySpec.MAX_BRANCH_LENGTH) {
                            throw y.error(RepositorySpec.tooLong("branch", b, RepositorySpec.MAX_BRANCH_LENGTH));
                        }
                    }
                }
                case "paths" -> {
                    paths = y.strings(key, "path", null);
                    for (String p : paths == null ? List.<String>of() : paths) {
                        if (!isSafeRelative(p)) {
                            throw y.error("paths entry '" + p + "' must be relative to the repository and stay "
                                    + "inside it ('/' separators, no '..')");
                        }
                    }
                }
                case "credentials" -> {
                    credentials = y.string(key);
                    if (credentials != null && !credentials.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw y.error("'credentials' is the NAME of an environment variable (letters, digits, "
                                + "'_'), never the secret itself");
                    }
                }
                case "push" -> push = y.bool(key);
                case "strategy" -> strategy = Strategy.parse(y.oneOf(key, RepoConfig.STRATEGIES));
                case "deployed" -> deployed = y.strings(key, "revision", null);
                case "policy" -> {
                    String p = y.oneOf(key, RepoConfig.POLICIES);
                    policy = p == null ? null : Policy.Kind.parse(p);
                }
                case "candidates" -> {
                    candidates = y.strings(key, "ref pattern", null);
                    for (String c : candidates == null ? List.<String>of() : candidates) {
                        if (c.isBlank()
                                || c.startsWith("/")
                                || c.endsWith("/")
                                || c.contains("..")
                                || c.contains(" ")) {
                            throw y.error("candidates entry '" + c + "' is not a ref pattern (e.g. 'feature/*' or "
                                    + "'refs/pull/*/head')");
                        }
                        if (c.length() > RepositorySpec.MAX_BRANCH_LENGTH) {
                            throw y.error(
                                    RepositorySpec.tooLong("candidates entry", c, RepositorySpec.MAX_BRANCH_LENGTH));
                        }
                    }
                }
                case "target" -> {
                    target = y.string(key);
                    if (target != null && target.isBlank()) {
                        throw y.error("'target' must name a branch");
                    }
                    if (target != null && target.length() > RepositorySpec.MAX_BRANCH_LENGTH) {
                        throw y.error(RepositorySpec.tooLong("'target'", target, RepositorySpec.MAX_BRANCH_LENGTH));
                    }
                }
                case "ssh" -> ssh = readSsh(y, key);
                case "webhook_secret" -> webhookSecret[0] = envName(y, key, y.string(key));
                case "environments" -> {
                    ConfigException place = y.error("");
                    environments = RepoConfig.environments(y);
                    for (EnvironmentSpec e : environments == null ? List.<EnvironmentSpec>of() : environments) {
                        if (!EnvironmentSpec.validName(e.name())) {
                            throw at(
                                    place,
                                    "environment '" + e.name() + "' must start with a letter or digit and use only "
                                            + "letters, digits, '.', '_' and '-' (at most 64)");
                        }
                    }
                }
                default -> throw new IllegalStateException("key allowed but not read: " + key);
            }
        }
        if (id == null || url == null) {
            throw at(item, "a repository needs an 'id' and a 'url'" + (id == null ? "" : " (repository '" + id + "')"));
        }
        if (urlSecret != null) {
            // never echo the url: the secret is in it
            throw at(
                    urlSecret,
                    "repository '" + id + "': the 'url' has a user name or password in it; a remote "
                            + "that redirects would receive them. Write the url without them and put 'user:password' or "
                            + "a token in an environment variable named by 'credentials:'");
        }
        try {
            return new RepositorySpec(
                    id,
                    new RepositorySpec.Remote(url, credentials, ssh),
                    new RepositorySpec.Watched(branches, paths),
                    new RepositorySpec.RepairSettings(push, strategy, deployed, policy),
                    new RepositorySpec.Candidates(candidates, target),
                    environments);
        } catch (IllegalArgumentException e) {
            throw at(item, e.getMessage());
        }
    }

    private static ConfigException at(ConfigException place, String problem) {
        return new ConfigException(place.file(), place.line(), place.column(), problem);
    }

    private static boolean isSafeRelative(String p) {
        if (p.startsWith("/") || p.contains("\\") || p.contains(":")) {
            return false;
        }
        for (String part : p.split("/", -1)) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
