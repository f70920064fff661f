package io.revchain.app.demo;

import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.EnvironmentHealth;
import io.revchain.reporter.compliance.TargetsPanel;
import io.revchain.reporter.model.OrgView;
import io.revchain.reporter.model.RepoView;
import java.util.List;

/**
 * The demo's closing panel: what happened in each phase, then the targets exactly as the reporter's snapshot at the
 * end of the steady phase states them (this class computes no target: it prints the reporter's verdicts).
 */
public final class DemoPanel {

    /** One phase of the demo: its name, how long it took, and what happened, one line each. */
    public record Phase(String name, double seconds, List<String> happened) {
        public Phase {
            happened = List.copyOf(happened);
        }
    }

    private DemoPanel() {}

    public static String render(List<Phase> phases, ComplianceSnapshot snapshot, double total) {
        StringBuilder b = new StringBuilder("phases\n");
        for (Phase p : phases) {
            b.append(String.format("  %-14s %5.1f s  ", p.name(), p.seconds()));
            for (int i = 0; i < p.happened().size(); i++) {
                b.append(i == 0 ? "" : " ".repeat(26))
                        .append(p.happened().get(i))
                        .append('\n');
            }
            if (p.happened().isEmpty()) {
                b.append('\n');
            }
        }
        b.append(String.format("  %-14s %5.1f s%n%n", "total", total));
        // the reporter's panel: the same verdicts, windows and samples as the dashboard and the topic
        b.append("at the end of the steady phase, ");
        b.append(TargetsPanel.render(snapshot));
        b.append("  ('revchain bench' measures under load)\n");
        return b.toString();
    }

    /**
     * The repository × environment matrix of the reporter's rows: each environment's state against its branch's
     * head (at head, behind N, broken, unreadable), one line per repository; empty when none reports one.
     */
    public static String environments(OrgView view) {
        StringBuilder b = new StringBuilder();
        for (RepoView r : view.rows()) {
            if (r.environments() == null) {
                continue;
            }
            b.append(String.format("  %-16s", r.repo()));
            for (EnvironmentHealth e : r.environments()) {
                b.append(String.format("  %s: %-16s", e.name(), state(e)));
            }
            b.setLength(b.toString().stripTrailing().length());
            b.append('\n');
        }
        return b.length() == 0 ? "" : "environments (each database's version table against main)\n" + b + "\n";
    }

    static String state(EnvironmentHealth e) {
        return switch (e.verdict()) {
            case EnvironmentHealth.AT_HEAD -> "at head";
            case EnvironmentHealth.BEHIND -> "behind " + e.behind();
            case EnvironmentHealth.UNREADABLE -> "unreadable (" + e.problem() + ")";
            default -> "broken (" + e.state() + ")";
        };
    }

    /** A measured or target value in its unit; {@code NaN} is "not measured". */
    public static String format(String name, double v) {
        if (Double.isNaN(v)) {
            return "not measured";
        }
        if (name.contains("latency")) {
            return String.format("%.2f ms", v);
        }
        if (name.contains("throughput")) {
            return String.format(v < 10 ? "%.1f/s" : "%.0f/s", v);
        }
        return String.format("%.1f%%", v * 100);
    }
}
