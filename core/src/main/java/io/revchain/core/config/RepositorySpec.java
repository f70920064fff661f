package io.revchain.core.config;

import io.revchain.core.model.Policy;
import io.revchain.core.model.Strategy;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One repository of the organisation's {@code revchain.yaml}: an id and four parts, each a value of its own. It
 * decides what a valid repository id is; everything else it only carries. Build one with {@link #of} and the
 * {@code with…} methods, which leave every part not named as it was.
 *
 * @param id         repository id: the record key of every event (no {@code @}, no '/' at either end)
 * @param remote     where the repository is fetched from and how to authenticate
 * @param watched    which branches and which Alembic configurations are watched
 * @param repair     what the repairer may do and which policy grades the chain
 * @param candidates branches previewed as merges into a target
 * @param environments the databases the repository deploys to, whose version tables ingest polls (empty = none)
 */
public record RepositorySpec(
        String id,
        Remote remote,
        Watched watched,
        RepairSettings repair,
        Candidates candidates,
        List<EnvironmentSpec> environments) {

    /**
     * Where a repository is fetched from.
     *
     * @param url         a local path, a {@code file:} URI, or an http(s)/ssh/git remote
     * @param credentials name of the environment variable holding {@code user:password} or a token; {@code null} =
     *                    none
     * @param ssh         the private key and known_hosts file for an ssh remote (the organisation's, where this
     *                    repository sets none; {@link SshSettings#NONE} = {@code ~/.ssh}'s)
     */
    public record Remote(String url, String credentials, SshSettings ssh) {
        public Remote {
            Objects.requireNonNull(url, "url");
            ssh = ssh == null ? SshSettings.NONE : ssh;
        }

        /** A remote reached without credentials and with ssh's defaults. */
        public static Remote of(String url) {
            return new Remote(url, null, SshSettings.NONE);
        }
    }

    /**
     * What is watched in a repository.
     *
     * @param branches branches to watch; empty = the remote's default branch
     * @param paths    repository-relative {@code alembic.ini} files or version folders; empty = discover them
     */
    public record Watched(List<String> branches, List<String> paths) {
        /** The remote's default branch, with its configurations discovered. */
        public static final Watched DEFAULT = new Watched(List.of(), List.of());

        public Watched {
            branches = branches == null ? List.of() : List.copyOf(branches);
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    /**
     * The repairer's settings for a repository; each {@code null} one is not set here, so the repository's own
     * {@code .revchain.yaml} or the default decides it.
     *
     * @param push     whether the repairer may push fix branches
     * @param strategy the repair strategy
     * @param deployed revisions known to be applied to a database
     * @param policy   the policy the chain is held to
     */
    public record RepairSettings(Boolean push, Strategy strategy, List<String> deployed, Policy.Kind policy) {
        /** Nothing set. */
        public static final RepairSettings UNSET = new RepairSettings(null, null, null, null);

        public RepairSettings {
            deployed = deployed == null ? null : List.copyOf(deployed);
        }
    }

    /**
     * Branches previewed as merges.
     *
     * @param patterns ref patterns of branches to preview as merges into {@code target} ({@code feature/*},
     *                 {@code refs/pull/*}{@code /head}); {@code *} matches within one path segment, {@code **}
     *                 across segments; a pattern without {@code refs/} names branches; empty = none
     * @param target   the branch candidates would merge into ({@code null} = the first watched branch)
     */
    public record Candidates(List<String> patterns, String target) {
        /** No branch is previewed. */
        public static final Candidates NONE = new Candidates(List.of(), null);

        public Candidates {
            patterns = patterns == null ? List.of() : List.copyOf(patterns);
        }

        /** Whether a pattern needs refs outside {@code refs/heads/} (pull-request refs) fetched. */
        public boolean wantsPullRefs() {
            return patterns.stream().anyMatch(c -> c.startsWith("refs/") && !c.startsWith("refs/heads/"));
        }
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    /**
     * The longest repository id: it names a work-directory folder (one path component, with a hash, a suffix and,
     * while cloning, a temporary suffix, under the usual 255-byte file-name limit) and keys every event.
     */
    public static final int MAX_ID_LENGTH = 128;
    /** The longest branch or target name: it names a ref file and the repairer's fix branch. */
    public static final int MAX_BRANCH_LENGTH = 200;

    public RepositorySpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(remote, "remote");
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(tooLong("repository id", id, MAX_ID_LENGTH));
        }
        if (!ID.matcher(id).matches() || id.endsWith("/")) {
            throw new IllegalArgumentException("repository id '" + id + "' must start with a letter or digit and "
                    + "use only letters, digits, '.', '_', '-' and '/'");
        }
        watched = watched == null ? Watched.DEFAULT : watched;
        repair = repair == null ? RepairSettings.UNSET : repair;
        candidates = candidates == null ? Candidates.NONE : candidates;
        environments = environments == null ? List.of() : List.copyOf(environments);
        Set<String> names = new HashSet<>();
        for (EnvironmentSpec e : environments) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("environment '" + e.name() + "' is listed twice");
            }
        }
    }

    /** A repository without environments. */
    public RepositorySpec(String id, Remote remote, Watched watched, RepairSettings repair, Candidates candidates) {
        this(id, remote, watched, repair, candidates, List.of());
    }

    /** "NAME '<the first 40 characters>…' is N characters long; at most M are allowed" (never the whole value). */
    public static String tooLong(String what, String value, int max) {
        return what + " '" + value.substring(0, Math.min(40, value.length())) + "…' is " + value.length()
                + " characters long; at most " + max + " are allowed";
    }

    /**
     * Whether {@code url} carries a user name or password: any user part of an http(s) URL (a token is often
     * written as the user), a password in any other {@code scheme://} URL ({@code ssh://git@host} names a user
     * only, which is not a secret).
     */
    public static boolean hasUrlSecret(String url) {
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return false;
        }
        int start = scheme + 3;
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return false;
        }
        String s = url.substring(0, scheme).toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https") || url.substring(start, at).contains(":");
    }

    /** A repository with only an id and a url (default branch, discovered paths, no credentials, nothing set). */
    public static RepositorySpec of(String id, String url) {
        // the id is checked first, as a missing id is the first thing to say
        Objects.requireNonNull(id, "id");
        return new RepositorySpec(id, Remote.of(url), Watched.DEFAULT, RepairSettings.UNSET, Candidates.NONE);
    }

    /** The same repository fetched with the credentials in the environment variable {@code name}. */
    public RepositorySpec withCredentials(String name) {
        return withRemote(new Remote(remote.url(), name, remote.ssh()));
    }

    /** The same repository reaching its ssh remote with {@code ssh}. */
    public RepositorySpec withSsh(SshSettings ssh) {
        return withRemote(new Remote(remote.url(), remote.credentials(), ssh));
    }

    /** The same repository watching {@code branches}. */
    public RepositorySpec withBranches(List<String> branches) {
        return new RepositorySpec(id, remote, new Watched(branches, watched.paths()), repair, candidates, environments);
    }

    /** The same repository with explicit {@code paths}. */
    public RepositorySpec withPaths(List<String> paths) {
        return new RepositorySpec(id, remote, new Watched(watched.branches(), paths), repair, candidates, environments);
    }

    /** The same repository with the repairer's settings {@code repair}. */
    public RepositorySpec withRepair(RepairSettings repair) {
        return new RepositorySpec(id, remote, watched, repair, candidates, environments);
    }

    /** The same repository where the repairer may ({@code true}) or may not push fix branches. */
    public RepositorySpec withPush(Boolean push) {
        return withRepair(new RepairSettings(push, repair.strategy(), repair.deployed(), repair.policy()));
    }

    /** The same repository repaired with {@code strategy}. */
    public RepositorySpec withStrategy(Strategy strategy) {
        return withRepair(new RepairSettings(repair.push(), strategy, repair.deployed(), repair.policy()));
    }

    /** The same repository with {@code deployed} revisions known to be applied to a database. */
    public RepositorySpec withDeployed(List<String> deployed) {
        return withRepair(new RepairSettings(repair.push(), repair.strategy(), deployed, repair.policy()));
    }

    /** The same repository held to {@code policy}. */
    public RepositorySpec withPolicy(Policy.Kind policy) {
        return withRepair(new RepairSettings(repair.push(), repair.strategy(), repair.deployed(), policy));
    }

    /** The same repository previewing {@code patterns} as merges into {@code target} (null = first branch). */
    public RepositorySpec withCandidates(List<String> patterns, String target) {
        return new RepositorySpec(id, remote, watched, repair, new Candidates(patterns, target), environments);
    }

    /** The same repository deploying to {@code environments}. */
    public RepositorySpec withEnvironments(List<EnvironmentSpec> environments) {
        return new RepositorySpec(id, remote, watched, repair, candidates, environments);
    }

    private RepositorySpec withRemote(Remote remote) {
        return new RepositorySpec(id, remote, watched, repair, candidates, environments);
    }
}
