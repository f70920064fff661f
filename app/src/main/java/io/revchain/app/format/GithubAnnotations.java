package io.revchain.app.format;

import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Finding;

/**
 * {@code --format github}: GitHub Actions workflow commands, one annotation per finding. Repository strings go through
 * {@link Untrusted} (no control character, no line break, capped), then GitHub's escaping: {@code %}, CR and LF in
 * the message, and also {@code :} and {@code ,} in properties.
 */
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
                props.append("file=").append(property(Untrusted.text(f.file())));
                if (f.line() > 0) {
                    props.append(",line=").append(f.line());
                }
                props.append(',');
            }
            props.append("title=").append(property("revchain " + Untrusted.text(f.check())));
            out.append(props).append("::").append(message(f)).append('\n');
        }
        return out.toString();
    }

    private static String message(Finding f) {
        // each part escaped (one line, no control character), then the line break between them as GitHub encodes it
        String m = data(Untrusted.text(f.message()));
        return f.alembic() == null ? m : m + "%0AAlembic: " + data(Untrusted.text(f.alembic()));
    }

    // GitHub's escaping rules for workflow command data and property values.
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
