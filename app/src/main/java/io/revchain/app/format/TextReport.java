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
        for (String note : r.notes()) {
            out.append("note: ").append(Untrusted.text(note)).append('\n');
        }
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
            for (ChainResult.Suppressed s : c.suppressed()) {
                if (s.kind() == ChainResult.Suppressed.Kind.IN_SOURCE) {
                    suppressed(out, s);
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
        long inSource = r.suppressed(ChainResult.Suppressed.Kind.IN_SOURCE);
        if (inSource > 0) {
            out.append(plural((int) inSource, "finding")).append(" suppressed by '# revchain: ignore' comments\n");
        }
        CheckResult.BaselineUse b = r.baseline();
        if (b != null) {
            out.append("baseline ")
                    .append(Untrusted.text(b.file()))
                    .append(": ")
                    .append(plural(b.known(), "known finding"))
                    .append(" not shown, ")
                    .append(plural(b.fixed(), "entry"))
                    .append(b.fixed() == 1 ? " no longer matches" : " no longer match")
                    .append(b.fixed() > 0 ? " (fixed; 'revchain baseline' rewrites the file)" : "")
                    .append('\n');
        }
        return out.toString();
    }

    private static void suppressed(StringBuilder out, ChainResult.Suppressed s) {
        Finding f = s.finding();
        out.append("  ignored ").append(Untrusted.text(f.check()));
        if (f.file() != null) {
            out.append("  ").append(Untrusted.text(f.file()));
            if (f.line() > 0) {
                out.append(':').append(f.line());
            }
        }
        out.append("\n          suppressed on line ")
                .append(s.line())
                .append(": ")
                .append(s.reason() == null ? "(no reason given)" : Untrusted.text(s.reason()))
                .append('\n');
    }

    static String plural(int n, String word) {
        return n + " "
                + (n == 1 ? word : word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies" : word + "s");
    }
}
