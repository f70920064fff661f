package io.revchain.app.demo;

import io.revchain.core.model.FixAction;
import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.FixProposal;
import io.revchain.event.HealthStatus;
import io.revchain.reporter.compliance.TargetsPanel;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The organisation report the demo prints: per repository, its health and its fix; then the targets panel. */
public final class DemoReport {
    private DemoReport() {}

    public static String render(DemoOrganisation.Org org, OrgView view, ComplianceSnapshot snapshot, double seconds) {
        StringBuilder b = new StringBuilder();
        long healthy = view.rows().stream()
                .filter(r -> r.status() == HealthStatus.HEALTHY)
                .count();
        b.append(String.format(
                "revchain demo: %d repositories, %d healthy, %d need a fix (%.1f s)%n%n",
                view.rows().size(), healthy, view.rows().size() - healthy, seconds));
        for (DemoOrganisation.Repo repo : org.repos()) {
            RepoView row = view.rows().stream()
                    .filter(r -> r.repo().equals(repo.id()))
                    .findFirst()
                    .orElse(null);
            b.append(repo.id()).append("  (").append(repo.story()).append(")\n");
            if (row == null) {
                b.append("  no report yet\n\n");
                continue;
            }
            b.append(String.format(
                    "  status    %s: %d revisions, heads %s, bases %s%n",
                    row.status().name().toLowerCase(), row.revisions(), row.heads(), row.bases()));
            if (!row.findingsByCheck().isEmpty()) {
                b.append("  findings  ")
                        .append(row.findingsByCheck().entrySet().stream()
                                .map(e -> e.getKey() + " ×" + e.getValue())
                                .collect(Collectors.joining(", ")))
                        .append('\n');
            }
            FixProposal p = row.proposal();
            if (p != null) {
                b.append(String.format(
                        "  fix       %s, %d actions, risk %s, %s%n",
                        p.strategy(),
                        p.actions().size(),
                        p.risk().name().toLowerCase(),
                        p.verified() ? "verified (re-checked: no error left)" : "NOT verified"));
                Map<String, Long> kinds = p.actions().stream()
                        .collect(Collectors.groupingBy(FixAction::kind, TreeMap::new, Collectors.counting()));
                b.append("            ")
                        .append(kinds.entrySet().stream()
                                .map(e -> e.getKey() + " ×" + e.getValue())
                                .collect(Collectors.joining(", ")))
                        .append('\n');
                List<FixAction> high = p.actions().stream()
                        .filter(a -> a.risk() != null && a.risk().name().equals("HIGH"))
                        .toList();
                for (FixAction a : high) {
                    b.append("            ! ")
                            .append(a.kind())
                            .append(' ')
                            .append(a.revision() == null ? a.file() : a.revision())
                            .append(": ")
                            .append(a.reason())
                            .append('\n');
                }
                if (p.fixBranch() != null) {
                    b.append("  branch    ")
                            .append(p.fixBranch())
                            .append("  on ")
                            .append(repo.remote())
                            .append('\n');
                }
            }
            b.append('\n');
        }
        // the panel is the reporter's: the same verdicts, windows and samples as the dashboard and the topic
        b.append(TargetsPanel.render(snapshot));
        b.append("\nsee a fix:  git --git-dir <remote> diff <branch>~1 <branch>\n");
        return b.toString();
    }
}
