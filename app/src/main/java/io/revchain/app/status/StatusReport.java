package io.revchain.app.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.revchain.analysis.deploy.AppliedState;
import io.revchain.analysis.deploy.Retired;
import io.revchain.app.format.OutputFormat;
import io.revchain.app.format.Untrusted;
import io.revchain.core.model.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link StatusResult} as {@code check} renders its result: text for a person (every repository or
 * database string through {@link Untrusted}), JSON for a script, SARIF for code scanning and GitHub annotations for a
 * CI log. JSON and SARIF are streamed with exact strings.
 */
public final class StatusReport {
    private static final JsonFactory JSON = new JsonFactory();

    private StatusReport() {}

    public static void write(StatusResult r, OutputFormat format, PrintWriter out) {
        switch (format) {
            case text -> out.print(text(r));
            case json -> json(r, out);
            case sarif -> sarif(r, out);
            case github -> out.print(github(r));
        }
        out.flush();
    }

    public static String render(StatusResult r, OutputFormat format) {
        StringWriter s = new StringWriter();
        write(r, format, new PrintWriter(s));
        return s.toString();
    }

    /** The state's headline for a person: "at head", "behind by 2", "unreachable", … */
    static String headline(EnvironmentStatus e) {
        if (e.state() == null) {
            return e.problem().wireName().replace('-', ' ');
        }
        AppliedState s = e.state();
        return switch (s.kind()) {
            case AT_HEAD -> "at head";
            case BEHIND -> "behind by " + s.pending().size();
            case EMPTY -> "empty: nothing applied";
            case MERGED_HEADS -> "merged heads: behind by " + s.pending().size();
            case UNKNOWN_REVISION -> "unknown revision";
            case DROPPED_BRANCH -> "dropped branch";
            case OVERLAPPING_ROWS -> "overlapping rows";
            case CHAIN_FAILS -> "the code's chain fails";
        };
    }

    static String text(StatusResult r) {
        StringBuilder b = new StringBuilder();
        for (EnvironmentStatus e : r.environments()) {
            b.append(Untrusted.line(e.name())).append("  ").append(headline(e).toUpperCase(Locale.ROOT));
            if (!e.name().equals(e.url())) {
                b.append("  ").append(Untrusted.line(e.url()));
            }
            b.append('\n');
            b.append("  chain    ")
                    .append(e.chain() == null ? "(none)" : Untrusted.line(e.chain()))
                    .append(", table ")
                    .append(Untrusted.line(e.versionTable()))
                    .append('\n');
            if (e.state() == null) {
                b.append("  ").append(Untrusted.line(e.message())).append('\n');
            } else {
                AppliedState s = e.state();
                b.append("  applied  ")
                        .append(s.rows().isEmpty() ? "(no row)" : Untrusted.list(s.rows()))
                        .append('\n');
                if (!s.pending().isEmpty() && s.kind() != AppliedState.Kind.AT_HEAD) {
                    b.append("  pending  ").append(Untrusted.list(s.pending())).append('\n');
                }
                b.append("  ").append(Untrusted.line(s.reason())).append('\n');
            }
            for (String n : e.notes()) {
                b.append("  note     ").append(Untrusted.line(n)).append('\n');
            }
            for (Finding f : e.findings()) {
                b.append("  finding  [")
                        .append(f.check())
                        .append("] ")
                        .append(Untrusted.line(f.message()))
                        .append('\n');
            }
        }
        long head = r.environments().stream()
                .filter(e -> e.state() != null && e.state().verdict() == AppliedState.Verdict.AT_HEAD)
                .count();
        long behind =
                r.environments().stream().filter(EnvironmentStatus::behind).count();
        long broken =
                r.environments().stream().filter(EnvironmentStatus::broken).count();
        long unread =
                r.environments().stream().filter(EnvironmentStatus::unread).count();
        b.append(r.environments().size())
                .append(r.environments().size() == 1 ? " database: " : " databases: ")
                .append(head)
                .append(" at head, ")
                .append(behind)
                .append(" behind, ")
                .append(broken)
                .append(" broken, ")
                .append(unread)
                .append(" not read\n");
        return b.toString();
    }

    private static void json(StatusResult r, PrintWriter out) {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("path", r.path());
            g.writeNumberField("exit", r.exitCode());
            g.writeArrayFieldStart("environments");
            for (EnvironmentStatus e : r.environments()) {
                g.writeStartObject();
                g.writeStringField("name", e.name());
                g.writeStringField("url", e.url());
                g.writeStringField("chain", e.chain());
                g.writeStringField("version_table", e.versionTable());
                g.writeStringField("state", e.stateName());
                g.writeStringField("verdict", verdict(e));
                if (e.state() == null) {
                    g.writeStringField("message", e.message());
                } else {
                    AppliedState s = e.state();
                    strings(g, "applied", s.rows());
                    strings(g, "pending", s.pending());
                    strings(g, "unknown", s.unknown());
                    g.writeArrayFieldStart("retired");
                    for (Retired t : s.retired()) {
                        g.writeStartObject();
                        g.writeStringField("revision", t.id());
                        g.writeStringField("file", t.path());
                        strings(g, "down_revision", t.downRevisions());
                        g.writeStringField("last_commit", t.lastCommit());
                        g.writeStringField("gone_in", t.goneIn());
                        g.writeStringField("renamed_to", t.renamedTo());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    strings(g, "code_heads", s.codeHeads());
                    g.writeStringField("message", s.reason());
                }
                strings(g, "notes", e.notes());
                g.writeArrayFieldStart("findings");
                for (Finding f : e.findings()) {
                    g.writeStartObject();
                    g.writeStringField("check", f.check());
                    g.writeStringField("severity", f.severity().label());
                    g.writeStringField("revision", f.revision());
                    g.writeStringField("file", f.file());
                    g.writeStringField("message", f.message());
                    g.writeStringField("alembic", f.alembic());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON report", e);
        }
    }

    /** at-head, behind, broken or unread: what a deploy script branches on. */
    static String verdict(EnvironmentStatus e) {
        if (e.unread()) {
            return "unread";
        }
        return switch (e.state().verdict()) {
            case AT_HEAD -> "at-head";
            case BEHIND -> "behind";
            case BROKEN -> "broken";
        };
    }

    private static void sarif(StatusResult r, PrintWriter out) {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "revchain");
            g.writeStringField("informationUri", "https://github.com/revchain/revchain");
            g.writeStringField("semanticVersion", "0.1.0");
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (EnvironmentStatus e : r.environments()) {
                for (Finding f : e.findings()) {
                    finding(g, e, f);
                }
                if (e.state() != null && e.state().verdict() == AppliedState.Verdict.AT_HEAD) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("ruleId", "database-" + e.stateName());
                g.writeStringField("level", e.broken() || e.unread() ? "error" : "warning");
                g.writeObjectFieldStart("message");
                g.writeStringField(
                        "text",
                        e.name() + ": "
                                + (e.state() == null ? e.message() : e.state().reason()));
                g.writeEndObject();
                String file = e.state() != null && !e.state().retired().isEmpty()
                        ? e.state().retired().get(0).path()
                        : null;
                if (file != null) {
                    g.writeArrayFieldStart("locations");
                    g.writeStartObject();
                    g.writeObjectFieldStart("physicalLocation");
                    g.writeObjectFieldStart("artifactLocation");
                    g.writeStringField("uri", file);
                    g.writeStringField("uriBaseId", "%SRCROOT%");
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeObjectFieldStart("properties");
                g.writeStringField("environment", e.name());
                g.writeStringField("verdict", verdict(e));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SARIF log", e);
        }
    }

    /** One finding as a SARIF result: the check's wire name as its rule, the file as its location. */
    private static void finding(JsonGenerator g, EnvironmentStatus e, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.check());
        g.writeStringField("level", f.isError() ? "error" : "warning");
        g.writeObjectFieldStart("message");
        g.writeStringField("text", f.message());
        g.writeEndObject();
        if (f.file() != null) {
            g.writeArrayFieldStart("locations");
            g.writeStartObject();
            g.writeObjectFieldStart("physicalLocation");
            g.writeObjectFieldStart("artifactLocation");
            g.writeStringField("uri", f.file());
            g.writeStringField("uriBaseId", "%SRCROOT%");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeObjectFieldStart("properties");
        g.writeStringField("environment", e.name());
        g.writeStringField("revision", f.revision());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static String github(StatusResult r) {
        StringBuilder b = new StringBuilder();
        for (EnvironmentStatus e : r.environments()) {
            for (Finding f : e.findings()) {
                b.append(f.isError() ? "::error " : "::warning ")
                        .append(
                                f.file() == null
                                        ? ""
                                        : "file=" + Untrusted.line(f.file()).replace(",", "%2C") + ",")
                        .append("title=revchain ")
                        .append(f.check())
                        .append("::")
                        .append(Untrusted.line(f.message())
                                .replace("%", "%25")
                                .replace("\r", "%0D")
                                .replace("\n", "%0A"))
                        .append('\n');
            }
            if (e.state() != null && e.state().verdict() == AppliedState.Verdict.AT_HEAD) {
                continue;
            }
            String message = e.name() + ": " + headline(e) + ": "
                    + (e.state() == null ? e.message() : e.state().reason());
            b.append(e.broken() || e.unread() ? "::error" : "::warning")
                    .append(" title=revchain status::")
                    .append(Untrusted.line(message)
                            .replace("%", "%25")
                            .replace("\r", "%0D")
                            .replace("\n", "%0A"))
                    .append('\n');
        }
        return b.toString();
    }

    private static JsonGenerator generator(PrintWriter out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
