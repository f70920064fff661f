package io.revchain.app.check;

import io.revchain.app.cli.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Which files under a folder git does not track ({@code check --tracked-only}): the files a commit will not hold,
 * asked of the {@code git} program (the short commands carry no git library; a pre-commit hook always has git).
 * Paths are relative to the folder, with '/' separators, as the chains' files are named.
 */
final class GitUntracked {

    /** A listing of untracked files is short; a repository where it is not gets an error, not a hang. */
    private static final long TIMEOUT_SECONDS = 60;

    private static final int MAX_BYTES = 64 * 1024 * 1024;

    private GitUntracked() {}

    /** The untracked files under {@code folder}, ignored files excepted ({@code .gitignore} rules apply). */
    static Set<String> under(Path folder) {
        ProcessBuilder pb = new ProcessBuilder(
                "git", "-C", folder.toString(), "ls-files", "-z", "--others", "--exclude-standard", "--", ".");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UserError("--tracked-only: cannot run git (" + e.getMessage() + ")");
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            byte[] out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError("--tracked-only: git ls-files did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                String why = new String(err.get(), StandardCharsets.UTF_8)
                        .strip()
                        .lines()
                        .findFirst()
                        .orElse("exit " + p.exitValue());
                throw new UserError("--tracked-only: " + folder + " is not in a git working copy (" + why + ")");
            }
            Set<String> paths = new TreeSet<>();
            int start = 0;
            for (int i = 0; i < out.length; i++) {
                if (out[i] == 0) {
                    paths.add(new String(out, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return paths;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new UserError("--tracked-only: interrupted while asking git");
        } catch (IOException e) {
            throw new UncheckedIOException("git ls-files: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("git ls-files: cannot read its errors", new IOException(e.getCause()));
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BYTES) {
                    throw new UserError("--tracked-only: git lists more than " + MAX_BYTES + " bytes of untracked "
                            + "files; add them to .gitignore");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("git ls-files: " + e.getMessage(), e);
        }
    }
}
