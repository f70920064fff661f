package io.revchain.repair.planning;

import io.revchain.analysis.ChainAnalysis;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a plan is {@code verified}: its edits, applied in memory, are re-parsed and re-analysed, and the
 * plan holds only when every finding an action claims to fix is gone and no error appeared that was not there
 * before (findings are matched by check and revision, or by file across renames). What is still wrong is listed in
 * the plan's notes.
 */
final class PlanVerifier {
    private PlanVerifier() {}

    static RepairPlan verify(PlanningContext ctx) {
        RepairRequest req = ctx.request();
        ChainAnalysis after = ctx.analyse();
        Map<String, String> renamed = new HashMap<>();
        for (FileChange c : ctx.workspace().changes()) {
            if (c.oldPath() != null) {
                renamed.put(c.oldPath(), c.newPath());
            }
        }
        List<Finding> beforeErrors = new ArrayList<>(
                req.otherFindings().stream().filter(Finding::isError).toList());
        beforeErrors.addAll(ctx.original().stream().filter(Finding::isError).toList());
        List<Finding> remaining = new ArrayList<>(
                req.otherFindings().stream().filter(Finding::isError).toList());
        remaining.addAll(after.findings().stream().filter(Finding::isError).toList());
        boolean verified = true;
        List<String> why = new ArrayList<>();
        for (RepairAction a : ctx.actions()) {
            FindingRef r = a.fixes();
            if (r == null) {
                continue;
            }
            for (Finding f : after.findings()) {
                if (matches(r, f, renamed)) {
                    verified = false;
                    why.add("still present after the repair: " + f.check() + " " + (f.file() == null ? "" : f.file())
                            + ": " + f.message());
                    break;
                }
            }
        }
        for (Finding f : after.findings()) {
            if (f.isError() && beforeErrors.stream().noneMatch(b -> matches(FindingRef.of(b), f, renamed))) {
                verified = false;
                why.add("new error the repair would cause: " + f.check() + " " + (f.file() == null ? "" : f.file())
                        + ": " + f.message());
            }
        }
        List<String> allNotes = new ArrayList<>(ctx.notes());
        allNotes.addAll(new LinkedHashSet<>(why));
        UpgradeForecasts.Outcome envs = UpgradeForecasts.of(ctx);
        return new RepairPlan(
                ctx.location(),
                req.strategy(),
                ctx.policy().name(),
                ctx.actions(),
                ctx.workspace().changes(),
                verified,
                beforeErrors,
                remaining,
                allNotes,
                envs.forecasts(),
                envs.refusals());
    }

    private static boolean matches(FindingRef r, Finding f, Map<String, String> renamed) {
        if (!r.check().equals(f.check())) {
            return false;
        }
        if (f.kind().filter(Check::describesChainShape).isPresent()) {
            return true;
        }
        if (r.revision() != null && r.revision().equals(f.revision())) {
            return true;
        }
        if (r.revision() == null && r.file() != null) {
            String now = renamed.getOrDefault(r.file(), r.file());
            return now.equals(f.file()) || r.file().equals(f.file());
        }
        return false;
    }
}
