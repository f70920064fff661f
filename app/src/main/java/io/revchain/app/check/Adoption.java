package io.revchain.app.check;

import io.revchain.app.cli.UserError;
import io.revchain.core.adoption.Baseline;
import io.revchain.core.adoption.HeadLock;
import io.revchain.core.adoption.Suppressions;
import io.revchain.core.config.ConfigException;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Policy;
import io.revchain.core.tree.DiskTree;
import io.revchain.core.tree.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Wires the adoption decisions of {@code io.revchain.core.adoption} into {@code revchain check}, {@code baseline}
 * and {@code lock}: reads the files they need (head files, the baseline) and applies them to check results.
 */
public final class Adoption {
    /** Head files are a few ids; anything bigger is not one. */
    private static final int MAX_LOCK_BYTES = 64 * 1024;

    private Adoption() {}

    /**
     * One head file: where it is (relative to the root, '/' separators) and the heads it must name (every chain whose
     * first versions folder holds it).
     */
    public record LockFile(String path, TreeSet<String> heads) {}

    /** The head file of each checked chain, one per first versions folder, in chain order. */
    public static List<LockFile> lockFiles(List<CheckRunner.Analysed> chains) {
        Map<String, LockFile> out = new LinkedHashMap<>();
        for (CheckRunner.Analysed a : chains) {
            if (!a.result().checked() || a.source().versionLocations().isEmpty()) {
                continue;
            }
            String folder = a.source().versionLocations().get(0);
            String file =
                    folder.equals(".") || folder.isEmpty() ? HeadLock.FILE_NAME : folder + "/" + HeadLock.FILE_NAME;
            out.computeIfAbsent(file, f -> new LockFile(f, new TreeSet<>()))
                    .heads()
                    .addAll(a.result().heads());
        }
        return List.copyOf(out.values());
    }

    /**
     * Each chain's result after its files' {@code # revchain: ignore} comments (suppressed findings kept aside, idle
     * comments reported) and with a stale head file's finding.
     */
    static List<ChainResult> inSource(Path root, List<CheckRunner.Analysed> chains, Policy policy) {
        Map<String, Finding> lockFindings = new HashMap<>();
        DiskTree tree = null;
        for (LockFile lock : lockFiles(chains)) {
            if (tree == null) {
                tree = tree(root);
            }
            if (tree.kind(lock.path()) == SourceTree.Kind.MISSING) {
                continue;
            }
            DiskTree.Read r = tree.readChecked(lock.path(), MAX_LOCK_BYTES);
            String text = r.ok() ? new String(r.bytes(), StandardCharsets.UTF_8) : "";
            HeadLock.check(lock.path(), text, lock.heads()).ifPresent(f -> lockFindings.put(lock.path(), f));
        }
        List<ChainResult> out = new ArrayList<>();
        for (CheckRunner.Analysed a : chains) {
            Map<String, List<Suppressions.Directive>> mine = new HashMap<>();
            a.source().files().forEach(f -> {
                List<Suppressions.Directive> ds = a.directives().get(f.path());
                if (ds != null) {
                    mine.put(f.path(), ds);
                }
            });
            // a head file shared by chains is reported once, with the first of them
            List<Finding> extra = lockFiles(List.of(a)).stream()
                    .map(l -> lockFindings.remove(l.path()))
                    .filter(f -> f != null && policy.runs(Check.STALE_HEAD_LOCK))
                    .toList();
            out.add(suppressed(a.result(), mine, extra, policy));
        }
        return out;
    }

    /**
     * {@code r} after its files' {@code # revchain: ignore} comments: suppressed findings kept aside with their
     * reasons, idle comments reported, and {@code extra} findings added (a stale head file's).
     *
     * @param directives the comments of the chain's files, by file path
     */
    static ChainResult suppressed(
            ChainResult r, Map<String, List<Suppressions.Directive>> directives, List<Finding> extra, Policy policy) {
        Suppressions.Outcome o = Suppressions.apply(
                r.findings(), directives, c -> Check.of(c).map(policy::runs).orElse(true));
        List<Finding> active = new ArrayList<>(o.active());
        active.addAll(extra);
        if (directives.isEmpty() && active.size() == r.findings().size()) {
            return r;
        }
        active.sort(CheckRunner.ORDER);
        List<ChainResult.Suppressed> kept = o.suppressed().stream()
                .map(s -> new ChainResult.Suppressed(
                        s.finding(), ChainResult.Suppressed.Kind.IN_SOURCE, s.reason(), s.directiveLine()))
                .toList();
        return r.with(active, kept);
    }

    /** {@code result} with the findings {@code baseline} knows kept back, and how many it knew and lost. */
    public static CheckResult withBaseline(CheckResult result, Baseline baseline, String name) {
        Baseline.Matcher m = baseline.matcher();
        List<ChainResult> chains = new ArrayList<>();
        for (ChainResult c : result.chains()) {
            List<Finding> active = new ArrayList<>();
            List<ChainResult.Suppressed> kept = new ArrayList<>(c.suppressed());
            for (Finding f : c.findings()) {
                if (m.known(c.label(), f)) {
                    kept.add(new ChainResult.Suppressed(f, ChainResult.Suppressed.Kind.BASELINE, name, 0));
                } else {
                    active.add(f);
                }
            }
            chains.add(c.with(active, kept));
        }
        return result.with(chains, new CheckResult.BaselineUse(name, m.matched(), m.unmatched()));
    }

    /** The baseline of every finding {@code result} reports. */
    public static Baseline baselineOf(CheckResult result) {
        List<Baseline.Located> all = new ArrayList<>();
        for (ChainResult c : result.chains()) {
            c.findings().forEach(f -> all.add(new Baseline.Located(c.label(), f)));
        }
        return Baseline.of(all);
    }

    /** Reads the baseline {@code file}; a missing or malformed one is the user's mistake, named with its line. */
    public static Baseline readBaseline(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a folder, not a baseline file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such baseline file (write one with 'revchain baseline PATH')");
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return Baseline.parse(file.toString(), text);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Writes {@code text} to {@code file}, refusing to follow a link or replace anything but a regular file. */
    public static void writeFile(Path file, String text) {
        if (Files.isSymbolicLink(file)
                || (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            throw new UserError(file + ": not a regular file; not replaced");
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + ": cannot be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static DiskTree tree(Path root) {
        try {
            return new DiskTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot be read", e);
        }
    }
}
