package io.revchain.app.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.app.check.CheckResult;
import io.revchain.core.model.CheckInfo;
import io.revchain.core.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code --format sarif}: SARIF 2.1.0 as GitHub code scanning accepts it. The rule id is the check name; file URIs
 * are relative to the checked path ({@code %SRCROOT%}); the fingerprint leaves out the line so a finding keeps its
 * identity when code above it moves.
 */
public final class SarifReport {
    private SarifReport() {}

    public static String render(CheckResult r) {
        ObjectNode root = Json.object();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "revchain");
        driver.put("informationUri", "https://github.com/revchain/revchain");
        driver.put("semanticVersion", "0.1.0");
        List<String> rules = new ArrayList<>(new TreeSet<>(r.allFindings().stream().map(Finding::check).toList()));
        ArrayNode ruleNodes = driver.putArray("rules");
        for (String id : rules) {
            ObjectNode rule = ruleNodes.addObject();
            rule.put("id", id);
            rule.put("name", camel(id));
            rule.putObject("shortDescription").put("text", CheckInfo.summary(id));
            rule.putObject("fullDescription").put("text", CheckInfo.summary(id));
            rule.putObject("help").put("text", CheckInfo.summary(id));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : r.allFindings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.check());
            res.put("ruleIndex", rules.indexOf(f.check()));
            res.put("level", switch (f.severity()) {
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
        }
        run.putObject("properties").put("status", r.status()).put("policy", r.policy());
        return Json.write(root);
    }

    static String fingerprint(Finding f) {
        String key = f.check() + "\u0000" + f.file() + "\u0000" + f.revision() + "\u0000"
                + String.join(",", f.revisions());
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
