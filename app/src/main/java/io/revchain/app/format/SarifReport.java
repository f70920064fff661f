package io.revchain.app.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.app.check.ChainResult;
import io.revchain.app.check.CheckResult;
import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --format sarif}: SARIF 2.1.0 as GitHub code scanning accepts it. The rule id is the check name; file URIs
 * are relative to the checked path ({@code %SRCROOT%}); the fingerprint leaves out the line so a finding keeps its
 * identity when code above it moves. Streamed; strings exact (a machine format: see {@link Untrusted}).
 */
public final class SarifReport {
    private SarifReport() {}

    public static String render(CheckResult r) {
        StringWriter s = new StringWriter();
        write(r, s);
        return s.toString();
    }

    /** Streams the log to {@code out}: one result in memory at a time. */
    public static void write(CheckResult r, Writer out) {
        try (JsonGenerator g = Json.generator(out)) {
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
            TreeSet<String> checks = new TreeSet<>();
            for (Finding f : r.allFindings()) {
                checks.add(f.check());
            }
            for (ChainResult.Suppressed sup : r.allSuppressed()) {
                checks.add(sup.finding().check());
            }
            List<String> rules = new ArrayList<>(checks);
            Map<String, Integer> ruleIndex = new HashMap<>();
            g.writeArrayFieldStart("rules");
            for (String id : rules) {
                ruleIndex.put(id, ruleIndex.size());
                ObjectNode rule = Json.object();
                rule.put("id", id);
                rule.put("name", camel(id));
                String description = Check.describe(id);
                rule.putObject("shortDescription").put("text", description);
                rule.putObject("fullDescription").put("text", description);
                rule.putObject("help").put("text", description);
                Json.tree(g, rule);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Finding f : r.allFindings()) {
                Json.tree(g, result(f, ruleIndex.get(f.check())));
            }
            for (ChainResult.Suppressed sup : r.allSuppressed()) {
                ObjectNode res =
                        result(sup.finding(), ruleIndex.get(sup.finding().check()));
                ObjectNode why = res.putArray("suppressions").addObject();
                why.put("kind", sup.kind() == ChainResult.Suppressed.Kind.IN_SOURCE ? "inSource" : "external");
                why.put(
                        "justification",
                        sup.kind() == ChainResult.Suppressed.Kind.BASELINE
                                ? "recorded in the baseline " + sup.reason()
                                : sup.reason() == null ? "# revchain: ignore (no reason given)" : sup.reason());
                Json.tree(g, res);
            }
            g.writeEndArray();
            ObjectNode props = Json.object();
            props.put("status", r.status()).put("policy", r.policy());
            if (r.baseline() != null) {
                props.putObject("baseline")
                        .put("file", r.baseline().file())
                        .put("known", r.baseline().known())
                        .put("fixed", r.baseline().fixed());
            }
            g.writeFieldName("properties");
            Json.tree(g, props);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SARIF log", e);
        }
    }

    private static ObjectNode result(Finding f, int ruleIndex) {
        ObjectNode res = Json.object();
        res.put("ruleId", f.check());
        res.put("ruleIndex", ruleIndex);
        res.put(
                "level",
                switch (f.severity()) {
                    case ERROR -> "error";
                    case WARNING -> "warning";
                    case INFO -> "note";
                });
        String text = f.alembic() == null ? f.message() : f.message() + " Alembic: " + f.alembic();
        res.putObject("message").put("text", text);
        if (f.file() != null) {
            ObjectNode phys = res.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode art = phys.putObject("artifactLocation");
            art.put("uri", f.file());
            art.put("uriBaseId", "%SRCROOT%");
            phys.putObject("region").put("startLine", Math.max(1, f.line()));
        }
        res.putObject("partialFingerprints").put("revchainFinding/v1", fingerprint(f));
        return res;
    }

    static String fingerprint(Finding f) {
        String key =
                f.check() + "\u0000" + f.file() + "\u0000" + f.revision() + "\u0000" + String.join(",", f.revisions());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
