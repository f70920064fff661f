package io.revchain.core.config;

import io.revchain.core.model.Checks;
import io.revchain.core.model.Policy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * </pre>
 *
 * <p>Every field is {@code null} when not set, so settings can be layered: the file over the organisation's
 * defaults ({@link #toPolicy}), and command-line flags over the file ({@link #overriddenBy}).
 *
 * @param policy   {@link Policy#ALEMBIC} or {@link Policy#ACGS2}
 * @param marker   the constitutional marker string
 * @param ignore   check names (from {@link Checks#ALL})
 * @param strategy {@link #MERGE} or {@link #LINEARIZE}
 * @param deployed revision ids known to be applied to a database
 */
public record RepoConfig(String policy, String marker, List<String> ignore, String strategy, List<String> deployed) {

    public static final String FILE_NAME = ".revchain.yaml";
    public static final String MERGE = "merge";
    public static final String LINEARIZE = "linearize";
    public static final List<String> KEYS = List.of("policy", "marker", "ignore", "strategy", "deployed");
    public static final List<String> POLICIES = List.of(Policy.ALEMBIC, Policy.ACGS2);
    public static final List<String> STRATEGIES = List.of(MERGE, LINEARIZE);
    /** Nothing set: every value comes from the defaults. */
    public static final RepoConfig DEFAULTS = new RepoConfig(null, null, null, null, null);

    public RepoConfig {
        ignore = ignore == null ? null : List.copyOf(ignore);
        deployed = deployed == null ? null : List.copyOf(deployed);
    }

    /**
     * Reads {@code file} strictly; a missing file is {@link #DEFAULTS}.
     *
     * @throws ConfigException for anything else than a valid file (unknown key, wrong type, unknown policy,
     *                         strategy or check name, bad YAML), with {@code file:line:column: ...}
     */
    public static RepoConfig load(Path file) throws ConfigException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return DEFAULTS;
        }
        try (StrictYaml y = StrictYaml.open(file, file.toString())) {
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
        String policy = null;
        String marker = null;
        List<String> ignore = null;
        String strategy = null;
        List<String> deployed = null;
        for (String key = y.nextKey(KEYS); key != null; key = y.nextKey(KEYS)) {
            switch (key) {
                case "policy" -> policy = y.oneOf(key, POLICIES);
                case "marker" -> {
                    marker = y.string(key);
                    if (marker != null && marker.isBlank()) {
                        throw y.error("'marker' must not be empty");
                    }
                }
                case "ignore" -> ignore = y.strings(key, "check", Checks.ALL);
                case "strategy" -> strategy = y.oneOf(key, STRATEGIES);
                case "deployed" -> deployed = y.strings(key, "revision", null);
                default -> throw new IllegalStateException("key allowed but not read: " + key);
            }
        }
        y.endDocument();
        return new RepoConfig(policy, marker, ignore, strategy, deployed);
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
        return new RepoConfig(flags.policy != null ? flags.policy : policy,
                flags.marker != null ? flags.marker : marker,
                flags.ignore != null ? flags.ignore : ignore,
                flags.strategy != null ? flags.strategy : strategy, dep);
    }

    /**
     * The policy in force: each setting made here replaces the one of {@code defaults}; ignored checks are the
     * defaults' plus this file's.
     */
    public Policy toPolicy(Policy defaults) {
        Set<String> ignored = new LinkedHashSet<>(defaults.ignored());
        if (ignore != null) {
            ignored.addAll(ignore);
        }
        return new Policy(policy != null ? policy : defaults.name(), marker != null ? marker : defaults.marker(),
                ignored);
    }

    /** The repair strategy, or {@code fallback} when not set. */
    public String strategyOr(String fallback) {
        return strategy != null ? strategy : fallback;
    }

    /** The deployed revisions, empty when not set. */
    public List<String> deployedOrEmpty() {
        return deployed == null ? List.of() : deployed;
    }
}
