package io.revchain.git;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.tree.FileTrees;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * A bare local copy of one remote repository in the work directory, brought up to date with JGit porcelain:
 * cloned on first sight, fetched afterwards ({@code +refs/heads/*:refs/heads/*}, deleted branches pruned, so a
 * force-push is taken as it is).
 *
 * <p>Every remote operation is bounded twice: JGit's transport timeout, and a deadline on the thread that runs it,
 * so a remote that hangs costs at most {@code timeout} and never holds up the other repositories. An ssh remote
 * ({@code ssh://}, {@code git@host:path}) is reached through {@link SshRemote}: keys only, host keys checked
 * strictly, never a prompt. A clone goes to
 * a temporary folder first and is renamed into place only when complete, so a half clone is never reused; a
 * folder that is not a readable repository is cloned again.
 *
 * <p>What is copied follows {@link Options}: a first clone may take only each branch's head (depth 1) when no
 * history is needed, and a repository already on this machine may be read in place instead of copied.
 */
public final class GitMirror implements AutoCloseable {

    private final RepositorySpec spec;
    private final Repository repository;

    private GitMirror(RepositorySpec spec, Repository repository) {
        this.spec = spec;
        this.repository = repository;
    }

    /**
     * Clones or fetches {@code spec} under {@code workDir}.
     *
     * @param env      the environment the credentials variable and, for ssh, {@code HOME} are read from
     * @param executor runs the remote operation so that it can be abandoned at the deadline
     * @throws GitUnavailableException when the remote cannot be read in time (the message says why)
     */
    public static GitMirror sync(
            RepositorySpec spec, Path workDir, Duration timeout, Map<String, String> env, ExecutorService executor)
            throws GitUnavailableException {
        return sync(spec, workDir, timeout, env, executor, Options.CLONE);
    }

    /**
     * How a repository is brought to this machine.
     *
     * @param headsOnly    a repository not mirrored yet is cloned at depth 1 (each branch's head commit and its
     *                     tree, no history), as every git server and JGit's own upload-pack allow; later fetches of
     *                     that mirror bring the new commits on top of the shallow boundary, so a per-commit scan from
     *                     a commit it holds still works. A candidate pattern always gets full history (its merge base
     *                     with the target is needed).
     * @param localInPlace a remote that is a git repository on this machine (a path or a {@code file:} URL) is read
     *                     where it is, never copied: a clone of a local mirror only spends time and disk
     */
    public record Options(boolean headsOnly, boolean localInPlace) {
        /** A full clone, then fetches: every commit of every branch. */
        public static final Options CLONE = new Options(false, false);
    }

    /** {@link #sync(RepositorySpec, Path, Duration, Map, ExecutorService)} as {@code options} say. */
    public static GitMirror sync(
            RepositorySpec spec,
            Path workDir,
            Duration timeout,
            Map<String, String> env,
            ExecutorService executor,
            Options options)
            throws GitUnavailableException {
        if (options.localInPlace()) {
            Repository local = openLocal(spec.remote().url());
            if (local != null) {
                return new GitMirror(spec, local);
            }
        }
        boolean shallow = options.headsOnly() && spec.candidates().patterns().isEmpty();
        SshRemote ssh = SshRemote.isSsh(spec.remote().url()) ? SshRemote.of(spec, env) : null;
        // over ssh only keys are used, so a token is never offered there and nothing may prompt
        CredentialsProvider credentials = ssh != null ? ssh.noPrompts() : credentials(spec, env);
        TransportConfigCallback transport = ssh != null ? ssh::configure : t -> {};
        Path dir = workDir.resolve(folderName(spec.id()));
        Future<Repository> f = executor.submit(() -> syncNow(spec, dir, timeout, credentials, transport, shallow));
        try {
            return new GitMirror(spec, f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            String why = ssh == null ? null : ssh.explain(e);
            throw new GitUnavailableException(
                    why != null ? why : "no answer from the remote within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String why = ssh == null ? null : ssh.explain(c);
            throw new GitUnavailableException(why != null ? why : describe(c), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new GitUnavailableException("interrupted while reading the remote", e);
        } finally {
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    private static Repository syncNow(
            RepositorySpec spec,
            Path dir,
            Duration timeout,
            CredentialsProvider cred,
            TransportConfigCallback transport,
            boolean shallow)
            throws IOException, GitAPIException {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        Repository existing = openExisting(dir);
        if (existing != null) {
            try (Git git = Git.wrap(existing)) {
                git.fetch()
                        .setRemote("origin")
                        .setRefSpecs(refSpecs(spec))
                        .setRemoveDeletedRefs(true)
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setTimeout(seconds)
                        .setCredentialsProvider(cred)
                        .setTransportConfigCallback(transport)
                        .call();
                return existing;
            } catch (GitAPIException | RuntimeException e) {
                existing.close();
                throw e;
            }
        }
        FileTrees.delete(dir);
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".clone-");
        try {
            // Init + fetch rather than clone: auto-gc off before the first fetch, so no background gc thread is
            // still writing in the temporary folder when it is renamed into place.
            try (Repository r = new FileRepositoryBuilder()
                    .setGitDir(tmp.toFile())
                    .setBare()
                    .build()) {
                r.create(true);
                StoredConfig c = r.getConfig();
                c.setInt("gc", null, "auto", 0);
                // Even a no-op auto-gc locks gc.log from a background thread unless it runs in the foreground.
                c.setBoolean("gc", null, "autoDetach", false);
                c.setString("remote", "origin", "url", uri(spec.remote().url()));
                c.setString("remote", "origin", "fetch", "+refs/heads/*:refs/heads/*");
                c.save();
                FetchCommand fetch = Git.wrap(r)
                        .fetch()
                        .setRemote("origin")
                        .setRefSpecs(refSpecs(spec))
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setTimeout(seconds)
                        .setCredentialsProvider(cred)
                        .setTransportConfigCallback(transport);
                if (shallow) {
                    // a first scan reads only each branch's head: the history is fetched when a later commit needs it
                    fetch.setDepth(1);
                }
                FetchResult fetched = fetch.call();
                Ref head = fetched.getAdvertisedRef(Constants.HEAD);
                if (head != null && head.isSymbolic()) {
                    r.updateRef(Constants.HEAD).link(head.getTarget().getName());
                }
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(tmp);
        }
        return new FileRepositoryBuilder()
                .setGitDir(dir.toFile())
                .setMustExist(true)
                .build();
    }

    /** Branches always; pull-request refs too when a candidate pattern asks for them. */
    private static List<RefSpec> refSpecs(RepositorySpec spec) {
        List<RefSpec> out = new ArrayList<>(List.of(new RefSpec("+refs/heads/*:refs/heads/*")));
        if (spec.candidates().wantsPullRefs()) {
            out.add(new RefSpec("+refs/pull/*:refs/pull/*"));
        }
        return out;
    }

    /**
     * The repository a local remote names, opened for reading in place; {@code null} when the url is not local or
     * names no readable repository (the clone path then reports why, as for any remote).
     */
    static Repository openLocal(String url) {
        File dir;
        if (url.startsWith("file:")) {
            try {
                dir = new File(URI.create(url));
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else if (url.contains("://") || url.matches("[^/]+@[^/:]+:.*")) {
            return null;
        } else {
            dir = Path.of(url).toAbsolutePath().normalize().toFile();
        }
        File gitDir = RepositoryCache.FileKey.resolve(dir, FS.DETECTED);
        if (gitDir == null) {
            return null;
        }
        try {
            return new FileRepositoryBuilder()
                    .setGitDir(gitDir)
                    .setMustExist(true)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Repository openExisting(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            Repository r = new FileRepositoryBuilder()
                    .setGitDir(dir.toFile())
                    .setMustExist(true)
                    .build();
            if (r.getConfig().getString("remote", "origin", "url") == null) {
                r.close();
                return null;
            }
            return r;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A local path becomes an absolute path; anything with a scheme (or scp-like {@code git@host:x}) stays. */
    static String uri(String url) {
        if (url.contains("://") || url.startsWith("file:") || url.matches("[^/]+@[^/:]+:.*")) {
            return url;
        }
        return Path.of(url).toAbsolutePath().normalize().toString();
    }

    private static CredentialsProvider credentials(RepositorySpec spec, Map<String, String> env)
            throws GitUnavailableException {
        if (spec.remote().credentials() == null) {
            return null;
        }
        String value = env.get(spec.remote().credentials());
        if (value == null || value.isEmpty()) {
            throw new GitUnavailableException(
                    "the environment variable " + spec.remote().credentials() + " named by 'credentials' is not set",
                    null);
        }
        int colon = value.indexOf(':');
        // a bare token is sent as the password, which GitHub, GitLab and Gitea all accept
        return colon < 0
                ? new UsernamePasswordCredentialsProvider("x-access-token", value)
                : new UsernamePasswordCredentialsProvider(value.substring(0, colon), value.substring(colon + 1));
    }

    /** The work-directory folder of a repository id ('/' and other odd characters replaced, a hash for uniqueness). */
    static String folderName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(id.hashCode()) + ".git";
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 400; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
            if (c.getCause() != null
                    && c.getMessage() != null
                    && c.getMessage().contains(String.valueOf(c.getCause().getMessage()))) {
                break;
            }
        }
        return sb.toString();
    }

    public Repository repository() {
        return repository;
    }

    public RepositorySpec spec() {
        return spec;
    }

    /** The remote's default branch as the clone recorded it, if HEAD names one. */
    public Optional<String> defaultBranch() throws IOException {
        Ref head = repository.exactRef(Constants.HEAD);
        if (head == null || !head.isSymbolic()) {
            return Optional.empty();
        }
        return Optional.of(Repository.shortenRefName(head.getTarget().getName()));
    }

    /** Every branch and pull-request ref name ({@code refs/heads/x}, {@code refs/pull/7/head}). */
    public List<String> refNames() throws IOException {
        List<String> out = new ArrayList<>();
        for (Ref r : repository.getRefDatabase().getRefsByPrefix("refs/")) {
            // a repository read in place has every ref of its own: pull-request refs only when a pattern asks
            if (r.getName().startsWith(Constants.R_HEADS)
                    || (r.getName().startsWith("refs/pull/")
                            && spec.candidates().wantsPullRefs())) {
                out.add(r.getName());
            }
        }
        return out;
    }

    /**
     * The commit a branch points to, empty when the branch does not exist (or has no commit yet); a name starting
     * with {@code refs/} is a full ref name (a pull-request ref).
     */
    public Optional<ObjectId> head(String branch) throws IOException {
        Ref ref = repository.exactRef(branch.startsWith("refs/") ? branch : Constants.R_HEADS + branch);
        return ref == null || ref.getObjectId() == null ? Optional.empty() : Optional.of(ref.getObjectId());
    }

    @Override
    public void close() {
        repository.close();
    }
}
