package io.revchain.app.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.app.check.ChainResult;
import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code --format json}: one object, schema 1, file paths relative to the checked path. Streamed; strings exact (a
 * machine format: see {@link Untrusted}).
 */
public final class JsonReport {
    private JsonReport() {}

    public static String render(CheckResult r) {
        StringWriter s = new StringWriter();
        write(r, s);
        return s.toString();
    }

    /** Streams the report to {@code out}: one finding in memory at a time. */
    public static void write(CheckResult r, Writer out) {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", 1);
            g.writeStringField("path", r.path());
            g.writeStringField("policy", r.policy());
            if (!r.notes().isEmpty()) {
                strings(g, "notes", r.notes());
            }
            g.writeArrayFieldStart("chains");
            for (ChainResult c : r.chains()) {
                g.writeStartObject();
                g.writeStringField("location", c.location());
                g.writeStringField("name", c.name());
                g.writeBooleanField("checked", c.checked());
                if (c.release() != null) {
                    g.writeStringField("alembic", c.release());
                }
                strings(g, "notes", c.notes());
                g.writeNumberField("revisions", c.revisions());
                strings(g, "heads", c.heads());
                strings(g, "bases", c.bases());
                g.writeArrayFieldStart("findings");
                for (Finding f : c.findings()) {
                    Json.tree(g, finding(f));
                }
                g.writeEndArray();
                if (!c.suppressed().isEmpty()) {
                    g.writeArrayFieldStart("suppressed");
                    for (ChainResult.Suppressed s : c.suppressed()) {
                        ObjectNode n = finding(s.finding());
                        ObjectNode by = n.putObject("suppression");
                        by.put("kind", s.kind() == ChainResult.Suppressed.Kind.IN_SOURCE ? "inSource" : "baseline");
                        if (s.reason() != null) {
                            by.put("reason", s.reason());
                        } else {
                            by.putNull("reason");
                        }
                        if (s.line() > 0) {
                            by.put("line", s.line());
                        }
                        Json.tree(g, n);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.baseline() != null) {
                g.writeObjectFieldStart("baseline");
                g.writeStringField("file", r.baseline().file());
                g.writeNumberField("known", r.baseline().known());
                g.writeNumberField("fixed", r.baseline().fixed());
                g.writeEndObject();
            }
            g.writeNumberField("checked", r.checked());
            g.writeNumberField("skipped", r.skipped());
            g.writeStringField("status", r.status());
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON report", e);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static ObjectNode finding(Finding f) {
        ObjectNode n = Json.object();
        n.put("check", f.check());
        n.put("severity", f.severity().label());
        if (f.revision() != null) {
            n.put("revision", f.revision());
        } else {
            n.putNull("revision");
        }
        if (f.file() != null) {
            n.put("file", f.file());
        } else {
            n.putNull("file");
        }
        n.put("line", f.line());
        n.put("message", f.message());
        if (f.alembic() != null) {
            n.put("alembic", f.alembic());
        } else {
            n.putNull("alembic");
        }
        if (!f.revisions().isEmpty()) {
            f.revisions().forEach(n.putArray("revisions")::add);
        }
        return n;
    }
}
