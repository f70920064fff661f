package io.revchain.app.format;

import io.revchain.app.check.CheckResult;

/** Renders a check result for a reader: a person, a script, GitHub code scanning or GitHub Actions. */
public enum OutputFormat {
    text, json, sarif, github;

    public String render(CheckResult result) {
        return switch (this) {
            case text -> TextReport.render(result);
            case json -> JsonReport.render(result);
            case sarif -> SarifReport.render(result);
            case github -> GithubAnnotations.render(result);
        };
    }
}
