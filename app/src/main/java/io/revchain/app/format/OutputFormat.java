package io.revchain.app.format;

import io.revchain.app.check.CheckResult;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Renders a check result for a reader: a person, a script, GitHub code scanning or GitHub Actions. */
public enum OutputFormat {
    text,
    json,
    sarif,
    github;

    /** Writes the result to {@code out} as it is rendered (JSON and SARIF are streamed, never one string). */
    public void write(CheckResult result, PrintWriter out) {
        switch (this) {
            case text -> out.print(TextReport.render(result));
            case json -> JsonReport.write(result, out);
            case sarif -> SarifReport.write(result, out);
            case github -> out.print(GithubAnnotations.render(result));
        }
        out.flush();
    }

    /** The whole rendering as one string (for tests and small results). */
    public String render(CheckResult result) {
        StringWriter s = new StringWriter();
        write(result, new PrintWriter(s));
        return s.toString();
    }
}
