package io.revchain.app.check;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.app.cli.UserError;
import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.discovery.LoadedChain;
import io.revchain.core.model.Checks;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.parse.MigrationParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Goes from a path on disk to a {@link CheckResult}: reads the repository's {@code .revchain.yaml}, discovers its
 * chains the way Alembic would, parses every file statically and runs every check.
 */
public final class CheckRunner {

    /** Command-line settings; each non-null one wins over {@code .revchain.yaml}. */
    public record Overrides(String policy, String marker, List<String> ignore) {
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    /** A chain as loaded and analysed, for commands that need more than the findings. */
    public record Analysed(ChainSource source, LoadedChain loaded, ChainAnalysis analysis, ChainResult result) {}

    public CheckResult check(Path path, Overrides overrides) {
        Policy policy = policyFor(path, overrides);
        return new CheckResult(path.toString(), policy.name(),
                analyse(path, policy).stream().map(Analysed::result).toList());
    }

    /** The policy in force for {@code path}: flags over {@code .revchain.yaml} over {@code alembic}. */
    public Policy policyFor(Path path, Overrides o) {
        requireFolder(path);
        if (o.policy() != null && !RepoConfig.POLICIES.contains(o.policy())) {
            throw new UserError("--policy: unknown policy '" + o.policy() + "' (expected one of: "
                    + String.join(", ", RepoConfig.POLICIES) + ")");
        }
        if (o.ignore() != null) {
            for (String c : o.ignore()) {
                if (!Checks.ALL.contains(c)) {
                    throw new UserError("--ignore: unknown check '" + c + "' (see 'revchain checks')");
                }
            }
        }
        RepoConfig file;
        RepoConfig flags;
        try {
            file = RepoConfig.load(path.resolve(RepoConfig.FILE_NAME));
            flags = new RepoConfig(o.policy(), o.marker(), o.ignore(), null, null);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        return file.overriddenBy(flags).toPolicy(Policy.alembic());
    }

    public List<Analysed> analyse(Path path, Policy policy) {
        requireFolder(path);
        List<ChainSource> sources;
        try {
            sources = Discovery.discover(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        ChainLoader loader = new ChainLoader(new MigrationParser(policy.marker())::parse);
        List<Analysed> out = new ArrayList<>();
        for (ChainSource src : sources) {
            LoadedChain loaded = loader.load(src);
            ChainAnalysis analysis = ChainAnalysis.of(loaded.scripts(), policy);
            List<Finding> findings = new ArrayList<>();
            for (Finding f : loaded.findings()) {
                if (policy.runs(f.check())) {
                    findings.add(policy.apply(f));
                }
            }
            findings.addAll(analysis.findings());
            findings.sort(ORDER);
            out.add(new Analysed(src, loaded, analysis, new ChainResult(src.location(), analysis.revisions(),
                    analysis.heads(), analysis.bases(), findings)));
        }
        return out;
    }

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.file() == null ? "" : f.file())
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
