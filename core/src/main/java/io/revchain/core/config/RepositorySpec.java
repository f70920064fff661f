package io.revchain.core.config;

import io.revchain.core.model.Strategy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One repository of the organisation's {@code revchain.yaml}.
 *
 * @param id          repository id: the record key of every event (no {@code @}, no '/' at either end)
 * @param url         a local path, a {@code file:} URI, or an http(s)/ssh/git remote
 * @param branches    branches to watch; empty = the remote's default branch
 * @param paths       repository-relative {@code alembic.ini} files or version folders; empty = discover them
 * @param credentials name of the environment variable holding {@code user:password} or a token; {@code null} = none
 * @param push        whether the repairer may push fix branches ({@code null} = not set)
 * @param strategy    repair strategy, {@code null} = not set
 * @param deployed    revisions known to be applied to a database ({@code null} = not set)
 * @param policy      {@code alembic} | {@code acgs2} ({@code null} = not set)
 * @param candidates  ref patterns of branches to preview as merges into {@code target} ({@code feature/*},
 *                    {@code refs/pull/*}{@code /head}); {@code *} matches within one path segment, {@code **} across
 *                    segments; a pattern without {@code refs/} names branches; empty = none
 * @param target      the branch candidates would merge into ({@code null} = the first watched branch)
 * @param ssh         the private key and known_hosts file for an ssh remote (the organisation's, where this
 *                    repository sets none; {@link SshSettings#NONE} = {@code ~/.ssh}'s)
 */
public record RepositorySpec(
        String id,
        String url,
        List<String> branches,
        List<String> paths,
        String credentials,
        Boolean push,
        Strategy strategy,
        List<String> deployed,
        String policy,
        List<String> candidates,
        String target,
        SshSettings ssh) {

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
        Objects.requireNonNull(url, "url");
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(tooLong("repository id", id, MAX_ID_LENGTH));
        }
        if (!ID.matcher(id).matches() || id.endsWith("/")) {
            throw new IllegalArgumentException("repository id '" + id + "' must start with a letter or digit and "
                    + "use only letters, digits, '.', '_', '-' and '/'");
        }
        branches = branches == null ? List.of() : List.copyOf(branches);
        paths = paths == null ? List.of() : List.copyOf(paths);
        deployed = deployed == null ? null : List.copyOf(deployed);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        ssh = ssh == null ? SshSettings.NONE : ssh;
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

    /** A repository with ssh's defaults. */
    public RepositorySpec(
            String id,
            String url,
            List<String> branches,
            List<String> paths,
            String credentials,
            Boolean push,
            Strategy strategy,
            List<String> deployed,
            String policy,
            List<String> candidates,
            String target) {
        this(id, url, branches, paths, credentials, push, strategy, deployed, policy, candidates, target, null);
    }

    /** A repository without candidates. */
    public RepositorySpec(
            String id,
            String url,
            List<String> branches,
            List<String> paths,
            String credentials,
            Boolean push,
            Strategy strategy,
            List<String> deployed,
            String policy) {
        this(id, url, branches, paths, credentials, push, strategy, deployed, policy, null, null, null);
    }

    /** The same repository previewing {@code candidates} as merges into {@code target} (null = first branch). */
    public RepositorySpec withCandidates(List<String> candidates, String target) {
        return new RepositorySpec(
                id, url, branches, paths, credentials, push, strategy, deployed, policy, candidates, target, ssh);
    }

    /** The same repository reaching its ssh remote with {@code ssh}. */
    public RepositorySpec withSsh(SshSettings ssh) {
        return new RepositorySpec(
                id, url, branches, paths, credentials, push, strategy, deployed, policy, candidates, target, ssh);
    }

    /** Whether a candidate pattern needs refs outside {@code refs/heads/} (pull-request refs) fetched. */
    public boolean wantsPullRefs() {
        return candidates.stream().anyMatch(c -> c.startsWith("refs/") && !c.startsWith("refs/heads/"));
    }

    /** A repository with only an id and a url (default branch, discovered paths, no credentials). */
    public static RepositorySpec of(String id, String url) {
        return new RepositorySpec(id, url, List.of(), List.of(), null, null, null, null, null);
    }

    /** The same repository watching {@code branches}. */
    public RepositorySpec withBranches(List<String> branches) {
        return new RepositorySpec(
                id, url, branches, paths, credentials, push, strategy, deployed, policy, candidates, target, ssh);
    }

    /** The same repository with explicit {@code paths}. */
    public RepositorySpec withPaths(List<String> paths) {
        return new RepositorySpec(
                id, url, branches, paths, credentials, push, strategy, deployed, policy, candidates, target, ssh);
    }
}
