package io.revchain.core.config;

import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.database.Credentials;
import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.VersionTable;
import io.revchain.core.discovery.ChainResolver;
import io.revchain.core.model.Check;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.tree.DiskTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A repository's own {@code .revchain.yaml}: which policy its chain is held to, and what the repairer may do.
 *
 * <pre>
 * policy: acgs2              # alembic | acgs2
 * marker: cdd01ef066bc6cf2   # the string acgs2 requires in every migration
 * ignore: [duplicate-prefix] # check names never reported
 * strategy: merge            # merge | linearize
 * deployed: ["0030", abc123] # revisions already applied somewhere: never rewritten
 * alembic_version: "1.13"    # the Alembic release whose rules apply (default: the pinned one, else the current)
 * chains:                    # the layout, where the project builds it in code (else it is resolved or inferred)
 *   core: {version_locations: [app/db/core/versions]}
 *   tenant: {version_locations: [app/db/tenant], recursive: true}
 * version_locations: [db/versions]  # shorthand for one chain named alembic
 * environments:              # databases whose version table 'revchain status' reads (no password in a URL)
 *   prod: {url: "postgresql://deploy@db/app", credentials: PROD_DB_CREDENTIALS, chain: core}
 * </pre>
 *
 * <p>Every field is {@code null} when not set, so settings can be layered: the file over the organisation's
 * defaults ({@link #toPolicy}), and command-line flags over the file ({@link #overriddenBy}).
 *
 * @param policy   the policy the chain is held to
 * @param marker   the constitutional marker string
 * @param ignore   checks never reported (the file names them by {@link Check#wireNames()})
 * @param strategy the repair strategy, {@code null} when not set
 * @param deployed revision ids known to be applied to a database
 * @param alembicVersion the Alembic release whose rules apply, {@code null} for the pinned one
 * @param chains   the chains as stated, {@code null} to resolve them from the repository
 * @param environments the databases {@code revchain status} reads, {@code null} when none are stated
 */
public record RepoConfig(
        Policy.Kind policy,
        String marker,
        List<Check> ignore,
        Strategy strategy,
        List<String> deployed,
        String alembicVersion,
        List<ChainResolver.ExplicitChain> chains,
        List<EnvironmentSpec> environments) {

    public static final String FILE_NAME = ".revchain.yaml";
    public static final List<String> KEYS = List.of(
            "policy",
            "marker",
            "ignore",
            "strategy",
            "deployed",
            "alembic_version",
            "chains",
            "version_locations",
            "environments");
    private static final List<String> ENVIRONMENT_KEYS =
            List.of("url", "credentials", "chain", "version_table", "version_table_schema");
    private static final List<String> CHAIN_KEYS = List.of("version_locations", "recursive");
    public static final List<String> POLICIES = Policy.Kind.wireNames();
    public static final List<String> STRATEGIES = Strategy.wireNames();
    /** Nothing set: every value comes from the defaults. */
    public static final RepoConfig DEFAULTS = new RepoConfig(null, null, null, null, null);

    public RepoConfig {
        ignore = ignore == null ? null : List.copyOf(ignore);
        deployed = deployed == null ? null : List.copyOf(deployed);
        chains = chains == null ? null : List.copyOf(chains);
        environments = environments == null ? null : List.copyOf(environments);
    }

    /** Settings without environments. */
    public RepoConfig(
            Policy.Kind policy,
            String marker,
            List<Check> ignore,
            Strategy strategy,
            List<String> deployed,
            String alembicVersion,
            List<ChainResolver.ExplicitChain> chains) {
        this(policy, marker, ignore, strategy, deployed, alembicVersion, chains, null);
    }

    /** Settings without a stated layout or release. */
    public RepoConfig(Policy.Kind policy, String marker, List<Check> ignore, Strategy strategy, List<String> deployed) {
        this(policy, marker, ignore, strategy, deployed, null, null);
    }

    /**
     * Reads {@code file} strictly; a missing file is {@link #DEFAULTS}. The file belongs to an untrusted repository
     * (its folder): it is read only as {@link DiskTree#readChecked} reads a repository file, so a link leading out of
     * the folder, a broken link, a FIFO or a file over {@link StrictYaml#MAX_BYTES} is refused, by what it is, and
     * never opened or quoted.
     *
     * @throws ConfigException for anything else than a valid file (unknown key, wrong type, unknown policy,
     *                         strategy or check name, bad YAML), with {@code file:line:column: ...}
     */
    public static RepoConfig load(Path file) throws ConfigException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return DEFAULTS;
        }
        Path abs = file.toAbsolutePath().normalize();
        String name = file.toString();
        DiskTree repository;
        try {
            repository = new DiskTree(abs.getParent());
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "cannot be read (its folder cannot be resolved)");
        }
        // the repository is untrusted: the file is read as DiskTree reads every repository file (no link out of
        // the repository, no FIFO, size-capped), and a refusal never quotes what the file holds
        DiskTree.Read r = repository.readChecked(abs.getFileName().toString(), StrictYaml.MAX_BYTES);
        if (!r.ok()) {
            String reason = r.refusal().reason();
            throw new ConfigException(
                    name,
                    0,
                    0,
                    reason.startsWith("is larger than")
                            ? reason + "; not a configuration file"
                            : "cannot be read (it " + reason + "); it is not read");
        }
        try (StrictYaml y = StrictYaml.of(name, new String(r.bytes(), StandardCharsets.UTF_8))) {
            return read(y);
        }
    }

    /** Reads YAML text; {@code name} is what messages call the file. */
    public static RepoConfig parse(String name, String text) throws ConfigException {
        try (StrictYaml y = StrictYaml.of(name, text)) {
            return read(y);
        }
    }

    private static RepoConfig read(StrictYaml y) throws ConfigException {
        if (!y.beginDocument(KEYS)) {
            return DEFAULTS;
        }
        Policy.Kind policy = null;
        String marker = null;
        List<Check> ignore = null;
        Strategy strategy = null;
        List<String> deployed = null;
        String alembicVersion = null;
        List<ChainResolver.ExplicitChain> chains = null;
        List<String> versionLocations = null;
        List<EnvironmentSpec> environments = null;
        for (String key = y.nextKey(KEYS); key != null; key = y.nextKey(KEYS)) {
            switch (key) {
                case "policy" -> {
                    String p = y.oneOf(key, POLICIES);
                    policy = p == null ? null : Policy.Kind.parse(p);
                }
                case "marker" -> {
                    marker = y.string(key);
                    if (marker != null && marker.isBlank()) {
                        throw y.error("'marker' must not be empty");
                    }
                }
                case "ignore" -> ignore = checks(y.strings(key, "check", Check.wireNames()));
                case "strategy" -> strategy = Strategy.parse(y.oneOf(key, STRATEGIES));
                case "deployed" -> deployed = y.strings(key, "revision", null);
                case "alembic_version" -> {
                    alembicVersion = y.string(key);
                    if (alembicVersion != null) {
                        try {
                            AlembicRelease.parse(alembicVersion);
                        } catch (IllegalArgumentException e) {
                            // the release's message quotes the value raw: quote it as every message does
                            throw y.error(e.getMessage()
                                    .replace("'" + alembicVersion + "'", StrictYaml.quote(alembicVersion)));
                        }
                    }
                }
                case "version_locations" -> versionLocations = y.strings(key, "folder", null);
                case "chains" -> chains = chains(y);
                case "environments" -> environments = environments(y);
                default -> throw new IllegalStateException("key allowed but not read: " + key);
            }
        }
        y.endDocument();
        if (versionLocations != null) {
            if (chains != null) {
                throw new ConfigException(y.name(), 1, 1, "set either 'chains' or 'version_locations', not both");
            }
            chains = List.of(new ChainResolver.ExplicitChain("alembic", versionLocations, false));
        }
        return new RepoConfig(policy, marker, ignore, strategy, deployed, alembicVersion, chains, environments);
    }

    static List<EnvironmentSpec> environments(StrictYaml y) throws ConfigException {
        if (!y.mapping("environments")) {
            return null;
        }
        List<EnvironmentSpec> out = new ArrayList<>();
        for (String name = y.nextName("environment name"); name != null; name = y.nextName("environment name")) {
            if (!y.mapping(name)) {
                throw y.error("environment " + StrictYaml.quote(name) + " needs a url");
            }
            String url = null;
            String credentials = null;
            String chain = null;
            String table = null;
            String schema = null;
            for (String k = y.nextKey(ENVIRONMENT_KEYS); k != null; k = y.nextKey(ENVIRONMENT_KEYS)) {
                switch (k) {
                    case "url" -> {
                        url = y.string(k);
                        try {
                            DatabaseUrl.parse(url, Path.of("."));
                        } catch (IllegalArgumentException e) {
                            // the message never quotes the URL (it may hold a password)
                            throw y.error("environment " + StrictYaml.quote(name) + ": " + e.getMessage());
                        }
                    }
                    case "credentials" -> {
                        credentials = y.string(k);
                        if (!Credentials.validVariable(credentials)) {
                            throw y.error("environment " + StrictYaml.quote(name)
                                    + ": credentials names an environment variable holding user:password (letters,"
                                    + " digits and _), never the credentials themselves");
                        }
                    }
                    case "chain" -> chain = y.string(k);
                    case "version_table" -> table = y.string(k);
                    default -> schema = y.string(k);
                }
            }
            if (url == null) {
                throw y.error("environment " + StrictYaml.quote(name) + " needs a url");
            }
            try {
                VersionTable.DEFAULT.with(schema, table);
            } catch (IllegalArgumentException e) {
                throw y.error("environment " + StrictYaml.quote(name) + ": " + e.getMessage());
            }
            out.add(new EnvironmentSpec(name, url, credentials, chain, table, schema));
        }
        return out;
    }

    /** The checks named by {@code wireNames}, each already known to be one of {@link Check#wireNames()}. */
    private static List<Check> checks(List<String> wireNames) {
        return wireNames == null
                ? null
                : wireNames.stream().map(c -> Check.of(c).orElseThrow()).toList();
    }

    private static List<ChainResolver.ExplicitChain> chains(StrictYaml y) throws ConfigException {
        List<ChainResolver.ExplicitChain> out = new ArrayList<>();
        if (!y.mapping("chains")) {
            return null;
        }
        for (String name = y.nextName("chain name"); name != null; name = y.nextName("chain name")) {
            if (!y.mapping(name)) {
                throw y.error("chain " + StrictYaml.quote(name) + " needs version_locations");
            }
            List<String> locations = null;
            boolean recursive = false;
            for (String k = y.nextKey(CHAIN_KEYS); k != null; k = y.nextKey(CHAIN_KEYS)) {
                if (k.equals("version_locations")) {
                    locations = y.strings(k, "folder", null);
                } else {
                    Boolean b = y.bool(k);
                    recursive = b != null && b;
                }
            }
            if (locations == null || locations.isEmpty()) {
                throw y.error("chain " + StrictYaml.quote(name) + " needs version_locations (a list of folders)");
            }
            out.add(new ChainResolver.ExplicitChain(name, locations, recursive));
        }
        return out;
    }

    /**
     * These settings with {@code flags} (from the command line) winning wherever they are set. {@code ignore}
     * given as a flag replaces the file's list; {@code deployed} is the union of both, since forgetting that a
     * revision is deployed is never safe.
     */
    public RepoConfig overriddenBy(RepoConfig flags) {
        List<String> dep = deployed;
        if (flags.deployed != null) {
            Set<String> all = new LinkedHashSet<>(deployed == null ? List.of() : deployed);
            all.addAll(flags.deployed);
            dep = List.copyOf(all);
        }
        return new RepoConfig(
                flags.policy != null ? flags.policy : policy,
                flags.marker != null ? flags.marker : marker,
                flags.ignore != null ? flags.ignore : ignore,
                flags.strategy != null ? flags.strategy : strategy,
                dep,
                flags.alembicVersion != null ? flags.alembicVersion : alembicVersion,
                flags.chains != null ? flags.chains : chains,
                flags.environments != null ? flags.environments : environments);
    }

    /**
     * The policy in force: each setting made here replaces the one of {@code defaults}; ignored checks are the
     * defaults' plus this file's.
     */
    public Policy toPolicy(Policy defaults) {
        Set<Check> ignored = new LinkedHashSet<>(defaults.ignored());
        if (ignore != null) {
            ignored.addAll(ignore);
        }
        return Policy.of(policy != null ? policy : defaults.kind())
                .withMarker(marker != null ? marker : defaults.marker())
                .withIgnored(ignored);
    }

    /** The repair strategy, or {@code fallback} when not set. */
    public Strategy strategyOr(Strategy fallback) {
        return strategy != null ? strategy : fallback;
    }

    /** How {@link ChainResolver} resolves this repository's chains under these settings. */
    public ChainResolver.Options resolveOptions() {
        return resolveOptions(FILE_NAME);
    }

    /** As {@link #resolveOptions()}, for settings read from {@code configFile} (how messages name it). */
    public ChainResolver.Options resolveOptions(String configFile) {
        return new ChainResolver.Options(
                chains == null ? List.of() : chains,
                configFile,
                alembicVersion == null ? null : AlembicRelease.parse(alembicVersion));
    }

    /** The environments stated, empty when none. */
    public List<EnvironmentSpec> environmentsOrEmpty() {
        return environments == null ? List.of() : environments;
    }

    /** The deployed revisions, empty when not set. */
    public List<String> deployedOrEmpty() {
        return deployed == null ? List.of() : deployed;
    }
}
