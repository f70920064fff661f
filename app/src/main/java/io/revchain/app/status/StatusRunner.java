package io.revchain.app.status;

import io.revchain.analysis.RevisionGraph;
import io.revchain.analysis.RevisionNode;
import io.revchain.analysis.deploy.AppliedFingerprints;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.DeploymentClassifier;
import io.revchain.analysis.deploy.Retired;
import io.revchain.analysis.deploy.StrandedEnvironments;
import io.revchain.app.check.CheckRunner;
import io.revchain.app.check.LoadOrder;
import io.revchain.app.cli.UserError;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.EnvironmentSpec;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.config.RepoConfigFiles;
import io.revchain.core.database.Credentials;
import io.revchain.core.database.DatabaseUrl;
import io.revchain.core.database.VersionTable;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.EnvPyVersionTable;
import io.revchain.core.parse.MigrationBodies;
import io.revchain.core.tree.DiskTree;
import io.revchain.deployments.Timeouts;
import io.revchain.deployments.VersionRead;
import io.revchain.deployments.VersionTableReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Goes from a repository and its databases to a {@link StatusResult}: which databases ({@code --db} URLs, else
 * {@code .revchain.yaml}'s {@code environments}), which chain each runs, which version table it keeps (the command
 * line, then the environment's settings, then {@code env.py}'s literal {@code version_table} and
 * {@code version_table_schema}, then {@code alembic_version}), reads each one read-only, one after the other, and
 * says what its rows mean. A database that cannot be read is that database's status; the others are still read.
 */
public final class StatusRunner {
    /** The largest migration file read for its body fingerprint. */
    static final int MAX_MIGRATION = 1024 * 1024;

    /**
     * The command line's settings.
     *
     * @param urls          {@code --db} URLs, in order (empty: the environments of {@code .revchain.yaml})
     * @param credentials   {@code --db-credentials}: the variable holding {@code user:password} for every URL
     * @param chain         {@code --name}: the chain every database runs
     * @param versionTable  {@code --version-table}
     * @param schema        {@code --version-table-schema}
     * @param timeouts      connect, socket and statement timeouts
     */
    public record Options(
            List<String> urls,
            String credentials,
            String chain,
            String versionTable,
            String schema,
            Timeouts timeouts) {
        public Options {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }
    }

    /** One database to read, from either source. */
    private record Target(
            String name,
            DatabaseUrl url,
            String credentials,
            String chain,
            String versionTable,
            String schema,
            String origin) {}

    private final Function<String, String> environment;
    private final Function<Path, Function<String, Optional<Retired>>> history;
    private final Function<Path, Function<String, Optional<GitFirstSeen.FirstSeen>>> firstSeen;

    /**
     * @param environment the process environment ({@code System::getenv}), where credentials variables are read
     * @param history     for a repository, what its history says of a revision the code no longer declares
     */
    public StatusRunner(
            Function<String, String> environment, Function<Path, Function<String, Optional<Retired>>> history) {
        this(environment, history, p -> f -> Optional.empty());
    }

    /**
     * @param firstSeen for a repository, a file (relative to it) as first committed: the reference an applied
     *                  revision's body is compared with
     */
    public StatusRunner(
            Function<String, String> environment,
            Function<Path, Function<String, Optional<Retired>>> history,
            Function<Path, Function<String, Optional<GitFirstSeen.FirstSeen>>> firstSeen) {
        this.environment = environment;
        this.history = history;
        this.firstSeen = firstSeen;
    }

    public StatusResult status(Path path, Options o) {
        if (o.credentials() != null && !Credentials.validVariable(o.credentials())) {
            throw new UserError("--db-credentials: name an environment variable holding user:password (letters, "
                    + "digits and _), never the credentials themselves");
        }
        try {
            VersionTable.DEFAULT.with(o.schema(), o.versionTable());
        } catch (IllegalArgumentException e) {
            throw new UserError("--version-table: " + e.getMessage());
        }
        List<Target> targets = targets(path, o);
        CheckRunner runner = new CheckRunner();
        Policy policy = runner.policyFor(path, CheckRunner.Overrides.NONE);
        List<CheckRunner.Analysed> chains = runner.analyse(path, policy, CheckRunner.Overrides.NONE);
        VersionTableReader reader = new VersionTableReader(o.timeouts());
        Function<String, Optional<Retired>> past = history.apply(path);
        Function<String, Optional<GitFirstSeen.FirstSeen>> first = firstSeen.apply(path);
        Map<String, RevisionGraph> graphs = new HashMap<>();
        List<EnvironmentStatus> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(one(path, t, o, chains, graphs, reader, past, first));
        }
        return new StatusResult(path.toString(), out);
    }

    private EnvironmentStatus one(
            Path path,
            Target t,
            Options o,
            List<CheckRunner.Analysed> chains,
            Map<String, RevisionGraph> graphs,
            VersionTableReader reader,
            Function<String, Optional<Retired>> past,
            Function<String, Optional<GitFirstSeen.FirstSeen>> first) {
        List<String> notes = new ArrayList<>();
        String display = t.url().display();
        String wanted = o.chain() != null ? o.chain() : t.chain();
        CheckRunner.Analysed chain;
        if (wanted != null) {
            chain = chains.stream()
                    .filter(c -> c.source().name().equals(wanted))
                    .findFirst()
                    .orElse(null);
            if (chain == null) {
                return problem(
                        t,
                        display,
                        null,
                        VersionTable.DEFAULT,
                        "no chain named '" + wanted + "' (chains: " + String.join(", ", names(chains)) + ")",
                        notes);
            }
        } else if (chains.size() == 1) {
            chain = chains.get(0);
        } else {
            return problem(
                    t,
                    display,
                    null,
                    VersionTable.DEFAULT,
                    "the repository has " + chains.size()
                            + " chains (" + String.join(", ", names(chains))
                            + "): name the one this database runs with "
                            + "--name or chain: in .revchain.yaml",
                    notes);
        }
        String chainName = chain.source().name();
        VersionTable table;
        try {
            table = versionTable(path, chain, t, o, notes);
        } catch (IllegalArgumentException e) {
            return problem(t, display, chainName, VersionTable.DEFAULT, e.getMessage(), notes);
        }
        if (!chain.source().resolved()) {
            return problem(
                    t,
                    display,
                    chainName,
                    table,
                    "the chain's folders are not resolved (see 'revchain " + "check')",
                    notes);
        }
        Credentials credentials = null;
        String variable = t.credentials() != null ? t.credentials() : o.credentials();
        if (variable != null) {
            try {
                credentials = Credentials.fromEnvironment(variable, environment);
            } catch (IllegalArgumentException e) {
                return problem(t, display, chainName, table, e.getMessage(), notes);
            }
        }
        VersionRead read = reader.read(t.url(), credentials, table);
        if (!read.ok()) {
            return new EnvironmentStatus(
                    t.name(), display, chainName, table.label(), read.problem(), read.message(), null, notes);
        }
        // in the order the chain's release loads the files: it decides the order an upgrade runs them in
        RevisionGraph graph =
                graphs.computeIfAbsent(chainName, n -> RevisionGraph.inLoadOrder(LoadOrder.of(path, chain)));
        AppliedState state = new DeploymentClassifier(graph, past).classify(read.rows());
        List<Finding> findings = new ArrayList<>(StrandedEnvironments.check(t.name(), state, graph));
        findings.addAll(edited(path, t.name(), graph, state, first));
        return new EnvironmentStatus(t.name(), display, chainName, table.label(), null, null, state, notes, findings);
    }

    /**
     * The applied revisions whose upgrade()/downgrade() changed since their file was first committed (the proxy for
     * "since the environment applied it" while no observation history exists; see {@link GitFirstSeen}).
     */
    private static List<Finding> edited(
            Path path,
            String env,
            RevisionGraph graph,
            AppliedState state,
            Function<String, Optional<GitFirstSeen.FirstSeen>> first) {
        DiskTree tree;
        try {
            tree = new DiskTree(path.toAbsolutePath().normalize());
        } catch (IOException e) {
            return List.of();
        }
        List<AppliedFingerprints.Applied> applied = new ArrayList<>();
        Map<String, AppliedFingerprints.Now> now = new HashMap<>();
        for (String id : AppliedFingerprints.appliedRevisions(graph, state.rows())) {
            String file = graph.node(id).map(RevisionNode::path).orElse(null);
            Optional<GitFirstSeen.FirstSeen> then = file == null ? Optional.empty() : first.apply(file);
            DiskTree.Read r = then.isEmpty() ? null : tree.readChecked(file, MAX_MIGRATION);
            if (r == null || !r.ok()) {
                continue;
            }
            applied.add(new AppliedFingerprints.Applied(
                    id,
                    then.get().commit(),
                    MigrationBodies.fingerprint(then.get().text()).orElse(null),
                    "the commit that added the file: no observation history"));
            now.put(
                    id,
                    new AppliedFingerprints.Now(
                            file,
                            MigrationBodies.fingerprint(new String(r.bytes(), StandardCharsets.UTF_8))
                                    .orElse(null)));
        }
        return AppliedFingerprints.check(env, applied, now);
    }

    private static EnvironmentStatus problem(
            Target t, String display, String chain, VersionTable table, String message, List<String> notes) {
        return new EnvironmentStatus(
                t.name(), display, chain, table.label(), VersionRead.Problem.CONFIGURATION, message, null, notes);
    }

    private static List<String> names(List<CheckRunner.Analysed> chains) {
        return List.copyOf(
                new LinkedHashSet<>(chains.stream().map(c -> c.source().name()).toList()));
    }

    /** The command line, then the environment's settings, then env.py's literals, then Alembic's default. */
    private static VersionTable versionTable(
            Path path, CheckRunner.Analysed chain, Target t, Options o, List<String> notes) {
        EnvPyVersionTable env = envPy(path, chain);
        notes.addAll(env.notes());
        VersionTable table = VersionTable.DEFAULT.with(env.schema(), env.table());
        if (env.table() != null || env.schema() != null) {
            notes.add("version table " + table.label() + " from env.py's context.configure(...)");
        }
        return table.with(t.schema(), t.versionTable()).with(o.schema(), o.versionTable());
    }

    /** The chain's env.py, where Alembic's layout keeps it ({@link EnvPyVersionTable#candidates}). */
    private static EnvPyVersionTable envPy(Path path, CheckRunner.Analysed chain) {
        DiskTree tree;
        try {
            tree = new DiskTree(path.toAbsolutePath().normalize());
        } catch (IOException e) {
            return EnvPyVersionTable.NONE;
        }
        for (String c : EnvPyVersionTable.candidates(
                chain.source().location(), chain.source().versionLocations())) {
            DiskTree.Read r = tree.readChecked(c, EnvPyVersionTable.MAX_BYTES);
            if (r.ok()) {
                return EnvPyVersionTable.read(c, new String(r.bytes(), StandardCharsets.UTF_8));
            }
        }
        return EnvPyVersionTable.NONE;
    }

    private static List<Target> targets(Path path, Options o) {
        List<Target> out = new ArrayList<>();
        if (!o.urls().isEmpty()) {
            Path cwd = Path.of("").toAbsolutePath();
            for (String u : o.urls()) {
                DatabaseUrl url;
                try {
                    url = DatabaseUrl.parse(u, cwd);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--db: " + e.getMessage());
                }
                out.add(new Target(url.display(), url, null, null, null, null, "--db"));
            }
            return out;
        }
        RepoConfig config;
        String source;
        try {
            RepoConfigFiles.Found found = RepoConfigFiles.find(path);
            config = found.config();
            source = found.source();
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        Path base = path.toAbsolutePath().normalize();
        for (EnvironmentSpec e : config.environmentsOrEmpty()) {
            // checked when the file was read; a relative SQLite file is the repository's
            DatabaseUrl url = DatabaseUrl.parse(e.url(), base);
            out.add(new Target(
                    e.name(), url, e.credentials(), e.chain(), e.versionTable(), e.versionTableSchema(), source));
        }
        if (out.isEmpty()) {
            throw new UserError("no database to read: give --db URL (a JDBC or SQLAlchemy URL), or list them as "
                    + "environments in " + RepoConfig.FILE_NAME
                    + " (environments: {prod: {url: ..., credentials: VAR}})");
        }
        return out;
    }
}
