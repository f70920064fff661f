package io.revchain.git;

import io.revchain.core.config.RepositorySpec;
import io.revchain.core.tree.FileTrees;
import java.io.IOException;
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
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

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
        SshRemote ssh = SshRemote.isSsh(spec.remote().url()) ? SshRemote.of(spec, env) : null;
        // over ssh only keys are used, so a token is never offered there and nothing may prompt
        CredentialsProvider credentials = ssh != null ? ssh.noPrompts() : credentials(spec, env);
        TransportConfigCallback transport = ssh != null ? ssh::configure : t -> {};
        Path dir = workDir.resolve(folderName(spec.id()));
        Future<Repository> f = executor.submit(() -> syncNow(spec, dir, timeout, credentials, transport));
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
            TransportConfigCallback transport)
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
                FetchResult fetched = Git.wrap(r)
                        .fetch()
                        .setRemote("origin")
                        .setRefSpecs(refSpecs(spec))
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setTimeout(seconds)
                        .setCredentialsProvider(cred)
                        .setTransportConfigCallback(transport)
                        .call();
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
            if (r.getName().startsWith(Constants.R_HEADS) || r.getName().startsWith("refs/pull/")) {
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
