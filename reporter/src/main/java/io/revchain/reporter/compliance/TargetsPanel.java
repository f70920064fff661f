package io.revchain.reporter.compliance;

import io.revchain.event.ComplianceSnapshot;
import io.revchain.event.ComplianceTarget;
import io.revchain.event.TargetVerdict;
import java.util.Locale;

/**
 * The targets as an operator reads them in a terminal: each target's value against its requirement, its verdict
 * (pass, FAIL, not enough data, idle), the sample and window behind it, and the initial scan apart. Reads only the
 * {@link ComplianceSnapshot}, so a snapshot from the topic renders like the live one.
 */
public final class TargetsPanel {
    private TargetsPanel() {}

    /** The panel for {@code s}, one line per target, ending with a newline. */
    public static String render(ComplianceSnapshot s) {
        StringBuilder b = new StringBuilder("targets (measured vs target)\n");
        for (ComplianceTarget t : s.targets()) {
            TargetVerdict v = t.verdictOrPass();
            String measured = v == TargetVerdict.IDLE ? "idle" : format(t.name(), t.measured());
            b.append(String.format(
                    Locale.ROOT,
                    "  %-27s %12s  %-2s %-10s %-15s %s%n",
                    label(t.name()),
                    measured,
                    t.comparison().symbol(),
                    format(t.name(), t.target()),
                    verdict(v),
                    sample(t)));
            if (t.detail() != null) {
                b.append("  ")
                        .append(" ".repeat(27))
                        .append(' ')
                        .append(t.detail())
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** The display label of a target name. */
    public static String label(String name) {
        return switch (name) {
            case Compliance.P99_VERIFICATION_MS -> "p99 verification latency";
            case Compliance.P99_END_TO_END_MS -> "p99 end-to-end latency";
            case Compliance.THROUGHPUT_PER_SEC -> "sustained throughput";
            case Compliance.CACHE_HIT_RATE -> "cache hit rate (re-scans)";
            case Compliance.CONSTITUTIONAL_COMPLIANCE -> "constitutional compliance";
            default -> name;
        };
    }

    /** The verdict as shown: a failure in capitals so that it stands out. */
    public static String verdict(TargetVerdict v) {
        return switch (v) {
            case FAIL -> "FAIL";
            case NOT_ENOUGH_DATA -> "not enough data";
            default -> v.label();
        };
    }

    /** A target's value in its unit: ms, events/s or a percentage; "–" when nothing was measured. */
    public static String format(String name, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (name.endsWith("-ms")) {
            return String.format(Locale.ROOT, "%.2f ms", v);
        }
        if (name.equals(Compliance.THROUGHPUT_PER_SEC)) {
            return String.format(Locale.ROOT, v < 10 ? "%.1f/s" : "%.0f/s", v);
        }
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String sample(ComplianceTarget t) {
        if (t.samples() == null) {
            return "";
        }
        String window =
                t.windowSeconds() == null || t.windowSeconds() == 0 ? "now" : "last " + t.windowSeconds() + " s";
        return "n=" + t.samples() + " (min " + t.minSamples() + "), " + window;
    }
}
