package io.revchain.repair.planning;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.analysis.merge.MergePreview;
import io.revchain.core.model.Finding;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Policy;
import io.revchain.core.model.Risk;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides the fix for a candidate branch whose merge would leave two heads: re-point its first new migration onto
 * the target's current head ({@code down_revision} and the docstring's {@code Revises:} line), the way a developer
 * rebases it. The plan is verified before it is returned: the merged folder with the edited file must have no more
 * heads than the target and no finding the target alone does not have. A revision known to be deployed is never
 * rewritten (the plan is then refused: add a merge revision instead). Pure: no I/O.
 */
public final class RebasePlanner {
    private RebasePlanner() {}

    /** The kind of the one action, as it travels in a {@link FixAction}. */
    public static final String ACTION = "rebase-down-revision";
    /** The strategy name of a rebase proposal. */
    public static final String STRATEGY = "rebase";

    /**
     * A rebase for one candidate.
     *
     * @param candidate the candidate branch
     * @param target    the target branch
     * @param revision  the revision re-pointed
     * @param from      its parents before
     * @param onto      its parents after (the target's head)
     * @param change    the file edit (empty when refused)
     * @param diff      the edit as a unified diff, against the candidate's file
     * @param verified  the merged folder with the edit has one head per target head and no new finding
     * @param remaining what is still wrong with the merged folder after the edit (beyond the target's own findings)
     * @param branch    where the fix would be pushed: {@code revchain/rebase-<candidate>-<hash>}
     * @param refusal   why no edit was made, or {@code null}
     */
    public record RebasePlan(
            String candidate,
            String target,
            String revision,
            List<String> from,
            List<String> onto,
            List<FileChange> change,
            String diff,
            boolean verified,
            List<Finding> remaining,
            String branch,
            String refusal) {
        public RebasePlan {
            from = List.copyOf(from);
            onto = List.copyOf(onto);
            change = List.copyOf(change);
            remaining = List.copyOf(remaining);
        }

        /** The plan's steps as they travel in a fix proposal: one re-pointed {@code down_revision} per edit. */
        public List<FixAction> actions() {
            return change.stream()
                    .map(c -> new FixAction(
                            ACTION,
                            c.newPath(),
                            revision,
                            "multiple-heads-after-merge: re-point '" + revision + "' from " + from + " onto " + target
                                    + "'s head " + onto,
                            Risk.MEDIUM))
                    .toList();
        }
    }

    /**
     * The rebase for {@code preview}'s candidate.
     *
     * @param preview   the merge preview ({@link MergePreview#rebase()} says what to re-point; without it there is
     *                  nothing to do and the plan is refused)
     * @param source    the candidate's bytes of the file to edit ({@code preview.rebase().file()})
     * @param deployed  revisions known to be deployed: never rewritten
     * @param policy    grades the verification
     */
    public static RebasePlan plan(MergePreview preview, byte[] source, Set<String> deployed, Policy policy) {
        Policy p = policy == null ? Policy.alembic() : policy;
        MergePreview.Rebase r = preview.rebase();
        String candidate = preview.candidate();
        String target = preview.targetBranch();
        if (r == null) {
            return refused(preview, null, List.of(), List.of(), "the merge leaves no extra head: nothing to rebase");
        }
        if (deployed.contains(r.revision())) {
            return refused(
                    preview,
                    r.revision(),
                    r.from(),
                    r.onto(),
                    "'" + r.revision() + "' is deployed: it may "
                            + "not be rewritten; add a merge revision with 'alembic merge' instead");
        }
        if (r.onto().isEmpty() || source == null) {
            return refused(preview, r.revision(), r.from(), r.onto(), "no target head to re-point onto");
        }
        Workspace ws = new Workspace(List.of(new SourceText(r.file(), source)), List.of("."), p.marker());
        if (!ws.editable(r.file())) {
            return refused(
                    preview,
                    r.revision(),
                    r.from(),
                    r.onto(),
                    r.file() + " is not UTF-8 text the parser " + "read as is: edit it by hand (set down_revision = "
                            + r.onto() + ")");
        }
        MigrationScript before = ws.script(r.file());
        char quote = ws.quoteOf(r.file(), '\'');
        ws.setField(r.file(), before.downRevision(), FolderStyle.literal(r.onto(), quote));
        int revisesLine = ws.script(r.file()).docstring().revisesLine();
        ws.setDocLine(r.file(), revisesLine, "Revises", String.join(", ", r.onto()));
        MigrationScript after = ws.script(r.file());
        List<FileChange> changes = ws.changes();

        // verify: the merged folder with the edited file, against the target alone
        Map<String, MigrationScript> merged = new TreeMap<>();
        preview.merged().forEach((path, v) -> merged.put(path, v.script()));
        merged.put(r.file(), after);
        ChainAnalysis fixed = ChainAnalysis.of(new ArrayList<>(merged.values()), p);
        List<MigrationScript> targetScripts = new ArrayList<>();
        preview.target().files().values().forEach(v -> targetScripts.add(v.script()));
        ChainAnalysis alone = ChainAnalysis.of(targetScripts, p);
        List<Finding> remaining = new ArrayList<>(fixed.findings());
        alone.findings().forEach(remaining::remove);
        boolean verified = after.downRevisions().equals(r.onto())
                && fixed.heads().size() <= Math.max(1, alone.heads().size())
                && remaining.isEmpty();
        String diff = UnifiedDiff.render(changes);
        return new RebasePlan(
                candidate,
                target,
                r.revision(),
                r.from(),
                r.onto(),
                changes,
                diff,
                verified,
                remaining,
                branchName(candidate, diff),
                null);
    }

    /** {@code revchain/rebase-<candidate>-<hash>}: the candidate made ref-safe, the hash of the diff's content. */
    public static String branchName(String candidate, String diff) {
        String safe = candidate.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return "revchain/rebase-" + (safe.isEmpty() ? "branch" : safe) + "-" + hash(diff);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static RebasePlan refused(
            MergePreview preview, String revision, List<String> from, List<String> onto, String why) {
        return new RebasePlan(
                preview.candidate(),
                preview.targetBranch(),
                revision,
                from,
                onto,
                List.of(),
                "",
                false,
                List.of(),
                null,
                why);
    }
}
