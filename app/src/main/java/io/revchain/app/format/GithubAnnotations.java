package io.revchain.app.format;

import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Finding;

/** {@code --format github}: GitHub Actions workflow commands, one annotation per finding. */
public final class GithubAnnotations {
    private GithubAnnotations() {}

    public static String render(CheckResult r) {
        StringBuilder out = new StringBuilder();
        for (Finding f : r.allFindings()) {
            String level = switch (f.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "notice";
            };
            out.append("::").append(level).append(' ');
            StringBuilder props = new StringBuilder();
            if (f.file() != null) {
                props.append("file=").append(property(f.file()));
                if (f.line() > 0) {
                    props.append(",line=").append(f.line());
                }
                props.append(',');
            }
            props.append("title=").append(property("revchain " + f.check()));
            out.append(props).append("::").append(data(message(f))).append('\n');
        }
        return out.toString();
    }

    private static String message(Finding f) {
        return f.alembic() == null ? f.message() : f.message() + "\nAlembic: " + f.alembic();
    }

    // GitHub's escaping rules for workflow command data and property values.
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
