package io.revchain.reporter;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.FixAction;
import io.revchain.core.model.Risk;
import io.revchain.core.model.Severity;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthReport;
import io.revchain.event.HealthStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-made health reports and proposals. */
public final class Reports {
    private Reports() {}

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    /** A report on {@code main} with {@code revisions} revisions and the given findings, status derived. */
    public static HealthReport report(String repo, int revisions, List<Finding> findings) {
        return report(repo, "main", revisions, findings, T0);
    }

    public static HealthReport report(
            String repo, String branch, int revisions, List<Finding> findings, Instant publishedAt) {
        return new HealthReport(
                repo,
                branch,
                "c0ffee" + Math.abs(repo.hashCode()),
                revisions,
                List.of("head1"),
                List.of("base1"),
                findings,
                HealthStatus.of(findings),
                publishedAt,
                publishedAt,
                publishedAt.plusMillis(1));
    }

    public static HealthReport healthy(String repo, int revisions) {
        return report(repo, revisions, List.of());
    }

    public static Finding finding(String check, Severity severity, String file) {
        return new Finding(check, severity, null, file, 1, check + " in " + file, null, List.of());
    }

    /** {@code n} missing-hash errors, one per file {@code m0.py ... m<n-1>.py}. */
    public static List<Finding> missingHash(int n) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(finding(Check.MISSING_CONSTITUTIONAL_HASH.wire(), Severity.ERROR, "versions/m" + i + ".py"));
        }
        return out;
    }

    public static FixProposal proposal(String repo, String branch) {
        return new FixProposal(
                repo,
                branch,
                "c0ffee",
                "merge",
                List.of(new FixAction(
                        "add-merge-revision", "versions/merge_ab.py", "ab", "multiple-heads: a, b", Risk.LOW)),
                "--- /dev/null\n+++ b/versions/merge_ab.py\n@@ -0,0 +1 @@\n+revision = 'ab'\n",
                Risk.LOW,
                true,
                "revchain/fix-" + branch + "-1a2b3c4");
    }

    /**
     * The merge preview of {@code candidate} into {@code main} where both add a revision on {@code 002}: the
     * candidate's {@code 003y} and main's {@code 003x} would be two heads.
     */
    public static HealthReport collision(String repo, String candidate) {
        Finding f = new Finding(
                Check.MULTIPLE_HEADS_AFTER_MERGE.wire(),
                Severity.ERROR,
                "003y",
                "versions/003y.py",
                7,
                "merging " + candidate + " into main leaves two heads: '003y' and '003x'",
                null,
                List.of("003x", "003y"));
        return report(repo, candidate, 4, List.of(f), T0).asMergePreview("main", "cafe" + candidate.length(), "beef01");
    }

    /** A preview of {@code candidate} into {@code main} that merges cleanly. */
    public static HealthReport cleanPreview(String repo, String candidate) {
        return report(repo, candidate, 4, List.of(), T0).asMergePreview("main", "cafe", "beef01");
    }

    /** The repairer's rebase of {@code 003y} onto {@code 003x}, pushed. */
    public static FixProposal rebase(String repo, String candidate) {
        return new FixProposal(
                repo,
                candidate,
                "cafe" + candidate.length(),
                "rebase",
                List.of(new FixAction(
                        "rebase-down-revision",
                        "versions/003y.py",
                        "003y",
                        "multiple-heads-after-merge: re-point '003y' from [002] onto main's head [003x]",
                        Risk.MEDIUM)),
                "--- a/versions/003y.py\n+++ b/versions/003y.py\n@@ -8 +8 @@\n-down_revision = '002'\n"
                        + "+down_revision = '003x'\n",
                Risk.MEDIUM,
                true,
                "revchain/rebase-" + candidate + "-0a1b2c3d");
    }
}
