package io.revchain.core.adoption;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revchain.core.config.ConfigException;
import io.revchain.core.model.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The findings a repository had when it adopted revchain ({@value #FILE_NAME}): decides which findings of a later
 * run are already known (same {@link Fingerprint}, counted: a baseline with two entries of one fingerprint hides two
 * findings, not three) and how many entries no longer match any finding (fixed since).
 *
 * <p>The file is JSON, one entry per finding, sorted so that rewriting it after a change gives a small diff:
 *
 * <pre>
 * {"schema": 1, "tool": "revchain", "findings": [
 *   {"fingerprint": "9f…", "check": "docstring-mismatch", "chain": "migrations", "file": "…/a1_x.py",
 *    "revision": "a1", "message": "…"}]}
 * </pre>
 *
 * Only {@code fingerprint} is compared; the other fields are for the people reading the file.
 */
public final class Baseline {
    public static final String FILE_NAME = ".revchain-baseline.json";
    public static final int SCHEMA = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::chain)
            .thenComparing(Entry::file, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::check)
            .thenComparing(Entry::fingerprint)
            .thenComparing(Entry::message);

    /**
     * One recorded finding.
     *
     * @param fingerprint {@link Fingerprint#of}, the only field compared
     * @param file        {@code null} when the finding is about no one file
     * @param revision    {@code null} when the finding is about no one revision
     */
    public record Entry(String fingerprint, String check, String chain, String file, String revision, String message) {}

    /** A finding and the chain it was found in. */
    public record Located(String chain, Finding finding) {}

    private final List<Entry> entries;

    private Baseline(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        this.entries = List.copyOf(sorted);
    }

    /** The baseline that records exactly {@code findings}. */
    public static Baseline of(List<Located> findings) {
        List<Entry> out = new ArrayList<>();
        for (Located l : findings) {
            Finding f = l.finding();
            out.add(new Entry(Fingerprint.of(l.chain(), f), f.check(), l.chain(), f.file(), f.revision(), f.message()));
        }
        return new Baseline(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The file's text: indented JSON ending with a line break. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("tool", "revchain");
        ArrayNode list = root.putArray("findings");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("fingerprint", e.fingerprint());
            n.put("check", e.check());
            n.put("chain", e.chain());
            n.put("file", e.file());
            n.put("revision", e.revision());
            n.put("message", e.message());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /**
     * Reads a baseline file's text; {@code name} is what messages call the file.
     *
     * @throws ConfigException for text that is not a revchain baseline, with {@code name:line:column: what}
     */
    public static Baseline parse(String name, String text) throws ConfigException {
        List<Entry> out = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error(
                        name,
                        p,
                        "not a revchain baseline (expected a JSON object; write one with 'revchain " + "baseline')");
            }
            boolean schema = false;
            boolean findings = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "schema" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != SCHEMA) {
                            throw error(
                                    name, at, "unsupported baseline schema (this build reads schema " + SCHEMA + ")");
                        }
                        schema = true;
                    }
                    case "findings" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw error(name, at, "'findings' must be an array");
                        }
                        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                            JsonLocation where = p.currentTokenLocation();
                            out.add(entry(name, where, p.readValueAsTree()));
                        }
                        findings = true;
                    }
                    default -> p.skipChildren();
                }
            }
            if (!schema || !findings) {
                throw new ConfigException(
                        name,
                        1,
                        1,
                        "not a revchain baseline (needs 'schema' and 'findings'; write one with 'revchain "
                                + "baseline')");
            }
            if (p.nextToken() != null) {
                throw error(name, p, "unexpected content after the baseline object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(
                    name,
                    at == null ? 1 : Math.max(1, at.getLineNr()),
                    at == null ? 1 : Math.max(1, at.getColumnNr()),
                    "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "cannot be read: " + e.getMessage());
        }
        return new Baseline(out);
    }

    private static Entry entry(String name, JsonLocation at, JsonNode n) throws ConfigException {
        if (!n.isObject()) {
            throw error(name, at, "each finding must be an object");
        }
        String fp = n.path("fingerprint").asText("");
        if (!n.path("fingerprint").isTextual() || !FINGERPRINT.matcher(fp).matches()) {
            throw error(name, at, "a finding without a valid 'fingerprint' (32 lower-case hex digits)");
        }
        return new Entry(
                fp,
                text(n, "check", ""),
                text(n, "chain", ""),
                text(n, "file", null),
                text(n, "revision", null),
                text(n, "message", ""));
    }

    private static String text(JsonNode n, String field, String absent) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? absent : v.asText();
    }

    private static ConfigException error(String name, JsonParser p, String problem) {
        return error(name, p.currentTokenLocation(), problem);
    }

    private static ConfigException error(String name, JsonLocation at, String problem) {
        return new ConfigException(name, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), problem);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A fresh matcher: each entry matches one finding at most. */
    public Matcher matcher() {
        return new Matcher(entries);
    }

    /** Consumes baseline entries as findings are compared with them. */
    public static final class Matcher {
        private final Map<String, Integer> remaining = new HashMap<>();
        private int matched;

        private Matcher(List<Entry> entries) {
            for (Entry e : entries) {
                remaining.merge(e.fingerprint(), 1, Integer::sum);
            }
        }

        /** Whether {@code f} in {@code chain} is recorded (and not yet matched by an earlier finding). */
        public boolean known(String chain, Finding f) {
            String fp = Fingerprint.of(chain, f);
            Integer left = remaining.get(fp);
            if (left == null) {
                return false;
            }
            if (left == 1) {
                remaining.remove(fp);
            } else {
                remaining.put(fp, left - 1);
            }
            matched++;
            return true;
        }

        /** Findings matched so far. */
        public int matched() {
            return matched;
        }

        /** Entries no finding matched: fixed since the baseline was written (or checked under other settings). */
        public int unmatched() {
            return remaining.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
