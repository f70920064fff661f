package io.revchain.app.demo;

import io.revchain.event.ComplianceSnapshot;
import io.revchain.reporter.compliance.TargetsPanel;
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
