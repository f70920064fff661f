package io.revchain.git.layout;

import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.discovery.ChainPlan;
import io.revchain.core.discovery.ChainResolver;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;
import io.revchain.core.tree.SourceTree;
import io.revchain.event.FileChanged;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a commit's {@link Layout} with {@link ChainResolver}, the resolution {@code revchain check} runs on a
 * checkout, over the commit's tree: so a repository's report lists the chains {@code check} lists, each with the
 * same folders, {@code file_template} and Alembic release.
 *
 * <ul>
 *   <li>The repository's own {@code .revchain.yaml} is read as {@code check} reads it (stated chains, the Alembic
 *   release); a file that cannot be read is ignored, with a finding.</li>
 *   <li>{@code paths} configured in the organisation's {@code revchain.yaml} win: folders become one chain named
 *   {@value FileChanged#DEFAULT_CHAIN} ({@code new ExplicitChain("alembic", folders, false)}); {@code *.ini}
 *   entries keep only the resolved chains configured by those files.</li>
 *   <li>A chain whose folders cannot be resolved (no {@code script_location}, a package not in the repository) has
 *   no file to publish and is left out; its findings are returned.</li>
 *   <li>Chain names are unique in a layout: a name two configuration files use (two {@code alembic.ini} in a
 *   monorepo) is qualified with its file, {@code alembic (services/api/alembic.ini)}.</li>
 * </ul>
 * Pure over a {@link SourceTree}.
 */
public final class LayoutResolver {
    private LayoutResolver() {}

    /** The largest {@code .revchain.yaml} read. */
    static final int MAX_CONFIG_BYTES = 1024 * 1024;

    /**
     * The layout and the configuration findings met while resolving it.
     *
     * @param layout   where the migrations are
     * @param plans    the chains as {@link ChainResolver} resolved them (unresolved ones included)
     * @param findings problems of the configuration files (informational for ingest)
     */
    public record Resolved(Layout layout, List<ChainPlan> plans, List<Finding> findings) {
        public Resolved {
            plans = List.copyOf(plans);
            findings = List.copyOf(findings);
        }
    }

    public static Resolved resolve(List<String> configuredPaths, SourceTree tree) {
        List<Finding> findings = new ArrayList<>();
        ChainResolver.Options options = repositoryOptions(tree, findings);
        List<ChainPlan> plans = new ArrayList<>();
        Layout.Source source = Layout.Source.RESOLVED;
        if (configuredPaths.isEmpty()) {
            plans.addAll(ChainResolver.resolve(tree, options).chains());
        } else {
            Set<String> inis = new LinkedHashSet<>();
            List<String> folders = new ArrayList<>();
            for (String p : configuredPaths) {
                if (p.endsWith(".ini")) {
                    inis.add(trimSlashes(p));
                } else {
                    folders.add(trimSlashes(p));
                }
            }
            if (!inis.isEmpty()) {
                // the organisation names the files: the repository's stated chains do not replace them
                ChainResolver.Options fromFiles = new ChainResolver.Options(List.of(), null, options.release());
                for (ChainPlan plan : ChainResolver.resolve(tree, fromFiles).chains()) {
                    if (plan.ini() != null && inis.contains(plan.ini())) {
                        plans.add(plan);
                    }
                }
            } else {
                source = Layout.Source.EXPLICIT;
            }
            if (!folders.isEmpty()) {
                ChainResolver.Options stated = new ChainResolver.Options(
                        List.of(new ChainResolver.ExplicitChain(
                                FileChanged.DEFAULT_CHAIN, new ArrayList<>(new LinkedHashSet<>(folders)), false)),
                        "revchain.yaml",
                        options.release());
                plans.addAll(ChainResolver.resolve(tree, stated).chains());
            }
        }
        for (ChainPlan p : plans) {
            findings.addAll(p.findings());
        }
        return new Resolved(new Layout(chains(plans), source), plans, findings);
    }

    /**
     * The plans as layout chains, names made unique; a chain that could not be resolved stays, without folders, so
     * its findings reach the report as {@code revchain check} prints them.
     */
    private static List<Layout.Chain> chains(List<ChainPlan> plans) {
        List<ChainPlan> resolved = plans;
        Map<String, Integer> uses = new HashMap<>();
        for (ChainPlan p : resolved) {
            uses.merge(p.name(), 1, Integer::sum);
        }
        List<Layout.Chain> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (ChainPlan p : resolved) {
            String name = p.name();
            if (uses.get(name) > 1) {
                name = name + " (" + (p.ini() != null ? p.ini() : display(p.location())) + ")";
            }
            String unique = name;
            for (int i = 2; !taken.add(unique); i++) {
                unique = name + " #" + i;
            }
            out.add(new Layout.Chain(
                    unique, p.folders(), p.versionLocations(), p.fileTemplate(), p.release(), p.findings()));
        }
        return out;
    }

    /** {@code .revchain.yaml} as {@code revchain check} reads it; defaults (with a finding) when unreadable. */
    private static ChainResolver.Options repositoryOptions(SourceTree tree, List<Finding> findings) {
        if (tree.kind(RepoConfig.FILE_NAME) == SourceTree.Kind.MISSING) {
            return ChainResolver.Options.DEFAULT;
        }
        Optional<byte[]> bytes = tree.read(RepoConfig.FILE_NAME, MAX_CONFIG_BYTES);
        if (bytes.isEmpty()) {
            findings.add(unreadable(RepoConfig.FILE_NAME + " is not a regular file of at most " + MAX_CONFIG_BYTES
                    + " bytes; it is ignored"));
            return ChainResolver.Options.DEFAULT;
        }
        try {
            return RepoConfig.parse(RepoConfig.FILE_NAME, new String(bytes.get(), StandardCharsets.UTF_8))
                    .resolveOptions();
        } catch (ConfigException | IllegalArgumentException e) {
            findings.add(unreadable(e.getMessage() + "; " + RepoConfig.FILE_NAME + " is ignored"));
            return ChainResolver.Options.DEFAULT;
        }
    }

    private static Finding unreadable(String message) {
        return new Finding(
                Check.INVALID_CONFIG, Severity.WARNING, null, RepoConfig.FILE_NAME, 0, message, null, List.of());
    }

    private static String trimSlashes(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s.equals(".") ? "" : s;
    }

    /** How {@code revchain check} shows a folder: {@code "."} for the root. */
    private static String display(String folder) {
        return folder.isEmpty() ? "." : folder;
    }
}
