package io.revchain.app.check;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.app.cli.UserError;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.alembic.AlembicRelease;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.config.RepoConfigFiles;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainResolver;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.discovery.LoadedChain;
import io.revchain.core.discovery.SourceFile;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import io.revchain.core.tree.DiskTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Goes from a path on disk to a {@link CheckResult}: reads the repository's {@code .revchain.yaml}, discovers its
 * chains the way Alembic would, parses every file statically and runs every check.
 */
public final class CheckRunner {

    /**
     * Command-line settings; each non-null one wins over {@code .revchain.yaml}.
     *
     * @param name           only the chain(s) of this name ({@code --name}, like {@code alembic -n})
     * @param alembicVersion the Alembic release whose rules apply ({@code --alembic-version})
     * @param trackedOnly    leave out the chains' files git does not track ({@code --tracked-only}: what a commit
     *                       holds, for a pre-commit hook)
     */
    public record Overrides(
            String policy,
            String marker,
            List<String> ignore,
            String name,
            String alembicVersion,
            boolean trackedOnly) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null);

        public Overrides(String policy, String marker, List<String> ignore, String name, String alembicVersion) {
            this(policy, marker, ignore, name, alembicVersion, false);
        }

        public Overrides(String policy, String marker, List<String> ignore) {
            this(policy, marker, ignore, null, null);
        }
    }

    /**
     * A chain as loaded and analysed, for commands that need more than the findings.
     *
     * @param directives the {@code # revchain:} comments of its files, by file path (read while parsing)
     * @param untracked  its files left out because git does not track them ({@code --tracked-only}), else none
     */
    public record Analysed(
            ChainSource source,
            LoadedChain loaded,
            ChainAnalysis analysis,
            ChainResult result,
            Map<String, List<Suppressions.Directive>> directives,
            List<String> untracked) {

        public Analysed {
            untracked = List.copyOf(untracked);
        }
    }

    /**
     * What {@code revchain check} reports: every chain's findings, less those its files' comments suppress (idle
     * comments reported), plus a stale head file's finding.
     */
    public CheckResult check(Path path, Overrides overrides) {
        Policy policy = policyFor(path, overrides);
        List<Analysed> chains = analyse(path, policy, overrides);
        List<ChainResult> results = Adoption.inSource(path, chains, policy);
        List<String> notes = new ArrayList<>();
        String note = settingsFound(path).note();
        if (note != null) {
            notes.add(note);
        }
        Set<String> untracked = new TreeSet<>();
        chains.forEach(a -> untracked.addAll(a.untracked()));
        if (!untracked.isEmpty()) {
            notes.add("not checked, not tracked by git (a commit does not hold them; 'git add' them if they belong): "
                    + String.join(", ", untracked));
        }
        return new CheckResult(path.toString(), policy.name(), results, notes, null);
    }

    /** The policy in force for {@code path}: flags over {@code .revchain.yaml} over {@code alembic}. */
    public Policy policyFor(Path path, Overrides o) {
        requireFolder(path);
        policyFlag(o);
        ignoreFlag(o);
        return settings(path, o).toPolicy(Policy.alembic());
    }

    /** The policy {@code --policy} names, {@code null} when not given. */
    private static Policy.Kind policyFlag(Overrides o) {
        if (o.policy() == null) {
            return null;
        }
        if (!RepoConfig.POLICIES.contains(o.policy())) {
            throw new UserError("--policy: unknown policy '" + o.policy() + "' (expected one of: "
                    + String.join(", ", RepoConfig.POLICIES) + ")");
        }
        return Policy.Kind.parse(o.policy());
    }

    /** The checks {@code --ignore} names, {@code null} when not given. */
    private static List<Check> ignoreFlag(Overrides o) {
        if (o.ignore() == null) {
            return null;
        }
        List<Check> checks = new ArrayList<>();
        for (String c : o.ignore()) {
            checks.add(Check.of(c)
                    .orElseThrow(() -> new UserError("--ignore: unknown check '" + c + "' (see 'revchain checks')")));
        }
        return checks;
    }

    /** Where the repository's settings come from: {@code .revchain.yaml} or {@code [tool.revchain]}. */
    private static RepoConfigFiles.Found settingsFound(Path path) {
        try {
            return RepoConfigFiles.find(path);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** {@code .revchain.yaml} (or {@code [tool.revchain]}) with the command line over it. */
    private static RepoConfig settings(Path path, Overrides o) {
        if (o.alembicVersion() != null) {
            try {
                AlembicRelease.parse(o.alembicVersion());
            } catch (IllegalArgumentException e) {
                throw new UserError("--alembic-version: " + e.getMessage());
            }
        }
        RepoConfig file = settingsFound(path).config();
        RepoConfig flags =
                new RepoConfig(policyFlag(o), o.marker(), ignoreFlag(o), null, null, o.alembicVersion(), null);
        return file.overriddenBy(flags);
    }

    public List<Analysed> analyse(Path path, Policy policy) {
        return analyse(path, policy, Overrides.NONE);
    }

    /**
     * Every chain under {@code path} (or those named {@code o.name()}), loaded and analysed.
     *
     * @throws UserError when no chain is found (a check that read nothing must not say healthy), or none has the
     *                   name asked for
     */
    public List<Analysed> analyse(Path path, Policy policy, Overrides o) {
        requireFolder(path);
        List<ChainSource> sources;
        try {
            String source = settingsFound(path).source();
            sources = Discovery.discover(
                    path,
                    source == null
                            ? settings(path, o).resolveOptions()
                            : settings(path, o).resolveOptions(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new UserError("no Alembic migration chain found under " + path + " (looked for "
                    + ChainResolver.LOOKED_FOR + "; where the project builds its layout in code, state it in "
                    + ".revchain.yaml: chains: {NAME: {version_locations: [FOLDER]}})");
        }
        if (o.name() != null) {
            List<ChainSource> named =
                    sources.stream().filter(s -> s.name().equals(o.name())).toList();
            if (named.isEmpty()) {
                throw new UserError("--name " + o.name() + ": no chain of that name under " + path + " (chains: "
                        + String.join(
                                ", ",
                                sources.stream()
                                        .map(ChainSource::name)
                                        .distinct()
                                        .toList()) + ")");
            }
            sources = named;
        }
        Map<ChainSource, List<String>> leftOut = new IdentityHashMap<>();
        if (o.trackedOnly()) {
            Set<String> untracked = GitUntracked.under(path);
            List<ChainSource> tracked = new ArrayList<>();
            for (ChainSource s : sources) {
                List<SourceFile> kept = new ArrayList<>();
                List<String> out = new ArrayList<>();
                for (SourceFile f : s.files()) {
                    if (untracked.contains(f.path())) {
                        out.add(f.path());
                    } else {
                        kept.add(f);
                    }
                }
                ChainSource t = new ChainSource(
                        s.name(), s.location(), s.iniFile(), s.versionLocations(), kept, s.findings(), s.plan());
                tracked.add(t);
                leftOut.put(t, out);
            }
            sources = tracked;
        }
        ChainLoader loader;
        MigrationParser parser = new MigrationParser(policy.marker());
        // the suppression comments are read from the bytes already in hand (files are parsed in parallel)
        Map<String, List<Suppressions.Directive>> directives = new ConcurrentHashMap<>();
        try {
            loader = new ChainLoader(
                    (file, bytes) -> {
                        List<Suppressions.Directive> ds = Suppressions.scan(file, bytes);
                        if (!ds.isEmpty()) {
                            directives.put(file, ds);
                        }
                        return parser.parse(file, bytes);
                    },
                    ChainLoader.DEFAULT_MAX_BYTES,
                    new DiskTree(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        List<Analysed> out = new ArrayList<>();
        for (ChainSource src : sources) {
            LoadedChain loaded = loader.load(src);
            Policy chainPolicy = policy.forChain(src.fileTemplate(), src.release());
            ChainAnalysis analysis = ChainAnalysis.of(loaded.scripts(), chainPolicy);
            List<Finding> findings = new ArrayList<>();
            for (Finding f : loaded.findings()) {
                if (chainPolicy.runs(f)) {
                    findings.add(chainPolicy.apply(f));
                }
            }
            findings.addAll(analysis.findings());
            findings.sort(ORDER);
            String release = src.plan() == null
                    ? null
                    : src.plan().release() + " (" + src.plan().releaseSource() + ")";
            out.add(new Analysed(
                    src,
                    loaded,
                    analysis,
                    new ChainResult(
                            src.location(),
                            src.name(),
                            src.resolved(),
                            release,
                            src.notes(),
                            analysis.revisions(),
                            analysis.heads(),
                            analysis.bases(),
                            findings),
                    directives,
                    leftOut.getOrDefault(src, List.of())));
        }
        return out;
    }

    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.file() == null ? "" : f.file())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::check);

    private static void requireFolder(Path path) {
        if (!Files.exists(path)) {
            throw new UserError(path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw new UserError(path + ": not a folder (give a repository, a folder holding alembic.ini, "
                    + "or a versions folder)");
        }
        if (!Files.isReadable(path)) {
            throw new UserError(path + ": permission denied");
        }
    }
}
