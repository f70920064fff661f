package io.revchain.app.format;

import io.revchain.app.check.ChainResult;
import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Finding;
import io.revchain.core.model.Severity;

/** {@code --format text}: what a person reads in a terminal; every repository string through {@link Untrusted}. */
public final class TextReport {
    private TextReport() {}

    public static String render(CheckResult r) {
        StringBuilder out = new StringBuilder();
        out.append("revchain check ")
                .append(Untrusted.text(r.path()))
                .append(" (policy ")
                .append(r.policy())
                .append(")\n");
        if (r.chains().isEmpty()) {
            out.append("\nno migration chain found (no alembic.ini, no versions folder)\n");
        }
        for (ChainResult c : r.chains()) {
            out.append('\n').append(Untrusted.text(c.label())).append(": ");
            if (c.checked()) {
                out.append(c.revisions())
                        .append(" revisions, ")
                        .append(plural(c.heads().size(), "head"))
                        .append(" ")
                        .append(Untrusted.list(c.heads()))
                        .append(", ")
                        .append(plural(c.bases().size(), "base"))
                        .append(" ")
                        .append(Untrusted.list(c.bases()))
                        .append('\n');
            } else {
                out.append("not checked: its folders could not be resolved\n");
            }
            for (String note : c.notes()) {
                out.append("  note    ").append(Untrusted.text(note)).append('\n');
            }
            for (Finding f : c.findings()) {
                out.append("  ")
                        .append(String.format("%-7s", f.severity().label()))
                        .append(' ')
                        .append(Untrusted.text(f.check()));
                if (f.file() != null) {
                    out.append("  ").append(Untrusted.text(f.file()));
                    if (f.line() > 0) {
                        out.append(':').append(f.line());
                    }
                }
                out.append("\n          ").append(Untrusted.text(f.message())).append('\n');
                if (f.alembic() != null && !f.alembic().isBlank()) {
                    out.append("          alembic: ")
                            .append(Untrusted.text(f.alembic()))
                            .append('\n');
                }
            }
        }
        out.append('\n')
                .append(r.status())
                .append(": ")
                .append(plural((int) r.checked(), "chain"))
                .append(" checked, ")
                .append(r.skipped())
                .append(" skipped; ")
                .append(plural((int) r.count(Severity.ERROR), "error"))
                .append(", ")
                .append(plural((int) r.count(Severity.WARNING), "warning"))
                .append(", ")
                .append(plural((int) r.count(Severity.INFO), "note"))
                .append('\n');
        return out.toString();
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
