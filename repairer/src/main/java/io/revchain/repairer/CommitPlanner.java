package io.revchain.repairer;

import io.revchain.core.config.ConfigException;
import io.revchain.core.config.RepoConfig;
import io.revchain.core.config.RepositorySpec;
import io.revchain.core.discovery.ChainLoader;
import io.revchain.core.discovery.ChainSource;
import io.revchain.core.discovery.Discovery;
import io.revchain.core.discovery.SourceFile;
import io.revchain.core.discovery.TreeRules;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import io.revchain.core.tree.FileTrees;
import io.revchain.repair.planning.RepairPlan;
import io.revchain.repair.planning.RepairPlanner;
import io.revchain.repair.planning.RepairRequest;
import io.revchain.repair.planning.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Plans the repair of a repository at one commit, exactly as {@code revchain repair} would on a checkout of it:
 * the files discovery needs ({@code alembic.ini}, {@code *.py}, {@code script.py.mako}) are exported from the
 * commit's tree into a scratch folder, discovery runs on it, and each chain is planned with the settings in force.
 *
 * <p>Settings: the repository's entry in the organisation's {@code revchain.yaml} wins wherever it sets a value,
 * its own {@code .revchain.yaml} at that commit fills the rest, and the deployed revisions of both are joined
 * (forgetting a deployed revision is never safe), and every revision an environment stands on
 * ({@link AppliedSource}, from {@code revchain.deployments}) is protected too. An unreadable {@code .revchain.yaml}
 * becomes a note, not an error. Nothing outside the scratch folder is written, and the scratch folder is removed afterwards.
 */
final class CommitPlanner {

    /** Files the export skips: larger than anything the loader would parse. */
    private static final long MAX_FILE_BYTES = ChainLoader.DEFAULT_MAX_BYTES;
    /** Folders deeper than discovery walks, plus room for a version folder named by an ini. */
    private static final int MAX_DEPTH = TreeRules.MAX_DEPTH + 4;

    private static final int MAX_FILES = 50_000;

    private final RepairPlanner planner = new RepairPlanner();
    private final String marker;
    private final AppliedSource applied;

    CommitPlanner(String marker) {
        this(marker, AppliedSource.NONE);
    }

    /** @param applied what each environment of a repository has applied (from {@code revchain.deployments}) */
    CommitPlanner(String marker, AppliedSource applied) {
        this.marker = marker;
        this.applied = applied;
    }

    /**
     * The settings in force at one commit.
     *
     * @param policy   the policy
     * @param strategy the strategy
     * @param deployed the deployed revisions of both configurations
     * @param notes    what could not be read, for a human
     */
    record Settings(Policy policy, Strategy strategy, Set<String> deployed, List<String> notes) {
        Settings {
            deployed = Set.copyOf(deployed);
            notes = List.copyOf(notes);
        }
    }

    /** The settings in force at {@code commit}: {@code spec}'s entry over the commit's own {@code .revchain.yaml}. */
    Settings settings(Repository repo, ObjectId commit, RepositorySpec spec) throws IOException {
        try (RevWalk rw = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            return settings(reader, rw.parseCommit(commit), spec);
        }
    }

    private Settings settings(ObjectReader reader, RevCommit c, RepositorySpec spec) throws IOException {
        List<String> notes = new ArrayList<>();
        RepoConfig own = readOwnConfig(reader, c, notes);
        RepositorySpec.RepairSettings entry = spec.repair();
        RepoConfig org = new RepoConfig(entry.policy(), null, null, entry.strategy(), entry.deployed());
        RepoConfig eff = own.overriddenBy(org);
        Policy policy = eff.toPolicy(Policy.alembic().withMarker(marker));
        Strategy strategy = eff.strategy() == null ? Strategy.defaultFor(policy) : eff.strategy();
        return new Settings(policy, strategy, new HashSet<>(eff.deployedOrEmpty()), notes);
    }

    /** The repair of {@code spec}'s chains at {@code commit}; {@code scratch} must not exist yet. */
    RepoPlan plan(Repository repo, ObjectId commit, RepositorySpec spec, Path scratch) throws IOException {
        try (RevWalk rw = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            RevCommit c = rw.parseCommit(commit);
            Settings set = settings(reader, c, spec);
            List<String> notes = new ArrayList<>(set.notes());
            Policy policy = set.policy();
            Strategy strategy = set.strategy();
            Set<String> deployed = set.deployed();

            Files.createDirectories(scratch);
            try {
                export(reader, c, scratch);
                List<RepairPlan> plans = new ArrayList<>();
                List<String> locations = new ArrayList<>();
                List<ChainSource> chains =
                        chosen(Discovery.discover(scratch), spec.watched().paths());
                for (ChainSource chain : chains) {
                    List<SourceText> files = new ArrayList<>();
                    for (SourceFile f : chain.files()) {
                        files.add(new SourceText(f.path(), Files.readAllBytes(f.file())));
                    }
                    RepairRequest req = new RepairRequest(
                            files,
                            chain.versionLocations(),
                            policy,
                            strategy,
                            deployed,
                            template(scratch, chain),
                            null,
                            chain.findings(),
                            applied.applied(spec.id(), chain.name(), chains.size()));
                    plans.add(planner.plan(chain.location(), req));
                    locations.addAll(chain.versionLocations());
                }
                if (plans.isEmpty()) {
                    notes.add("no migration chain found at " + c.name());
                }
                return new RepoPlan(c.name(), strategy, policy.name(), plans, locations, notes);
            } finally {
                FileTrees.delete(scratch);
            }
        }
    }

    private static RepoConfig readOwnConfig(ObjectReader reader, RevCommit c, List<String> notes) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, RepoConfig.FILE_NAME, c.getTree())) {
            if (tw == null || !isRegular(tw.getFileMode(0))) {
                return RepoConfig.DEFAULTS;
            }
            ObjectLoader l = reader.open(tw.getObjectId(0));
            if (l.getSize() > 1024 * 1024) {
                notes.add(RepoConfig.FILE_NAME + " is larger than 1 MiB and was not read");
                return RepoConfig.DEFAULTS;
            }
            try {
                return RepoConfig.parse(RepoConfig.FILE_NAME, new String(l.getCachedBytes(), StandardCharsets.UTF_8));
            } catch (ConfigException e) {
                notes.add(e.getMessage() + " (the organisation's settings were used)");
                return RepoConfig.DEFAULTS;
            }
        }
    }

    /** The chains {@code paths} (from {@code revchain.yaml}) select: all of them when none is configured. */
    static List<ChainSource> chosen(List<ChainSource> chains, List<String> paths) {
        if (paths.isEmpty()) {
            return chains;
        }
        List<ChainSource> out = new ArrayList<>();
        for (ChainSource ch : chains) {
            String ini = ch.iniFile() == null
                    ? null
                    : (ch.location().equals(".") ? "" : ch.location() + "/")
                            + ch.iniFile().getFileName();
            boolean picked = paths.stream()
                    .anyMatch(p -> p.equals(ini)
                            || ch.versionLocations().contains(strip(p))
                            || ch.location().equals(strip(p)));
            if (picked) {
                out.add(ch);
            }
        }
        return out.isEmpty() ? chains : out;
    }

    private static String strip(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? "." : s;
    }

    /** The {@code script.py.mako} next to the chain's first version folder, if there is one. */
    private static String template(Path root, ChainSource chain) throws IOException {
        if (chain.versionLocations().isEmpty()) {
            return null;
        }
        String parent = TreeRules.parent(chain.versionLocations().get(0));
        Path mako = root.resolve(parent.isEmpty() ? "script.py.mako" : parent + "/script.py.mako");
        return Files.isRegularFile(mako) ? Files.readString(mako, StandardCharsets.UTF_8) : null;
    }

    private static boolean wanted(String name) {
        return name.equals("alembic.ini") || name.endsWith(".py") || name.equals("script.py.mako");
    }

    private static void export(ObjectReader reader, RevCommit c, Path root) throws IOException {
        int count = 0;
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(c.getTree());
            tw.setRecursive(false);
            while (tw.next()) {
                String name = tw.getNameString();
                if (tw.isSubtree()) {
                    if (!TreeRules.SKIPPED_DIRS.contains(name) && tw.getDepth() < MAX_DEPTH) {
                        tw.enterSubtree();
                    }
                    continue;
                }
                if (!wanted(name) || !isRegular(tw.getFileMode(0)) || count >= MAX_FILES) {
                    continue;
                }
                ObjectLoader l = reader.open(tw.getObjectId(0));
                if (l.getSize() > MAX_FILE_BYTES) {
                    continue;
                }
                Path target = root.resolve(tw.getPathString()).normalize();
                if (!target.startsWith(root)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.write(target, l.getCachedBytes());
                count++;
            }
        }
    }

    static boolean isRegular(FileMode m) {
        return m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE;
    }
}
