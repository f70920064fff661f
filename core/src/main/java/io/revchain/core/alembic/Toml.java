package io.revchain.core.alembic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TOML document into plain maps and lists (Jackson's TOML module), turning every failure into a
 * {@code path:line: message} problem instead of an exception. Tables are {@code Map<String, Object>}, arrays
 * {@code List<Object>}, strings {@code String}, integers {@code Integer}/{@code Long}/{@code BigInteger}, floats
 * {@code BigDecimal}, booleans {@code Boolean}; dates and times stay strings. Jackson's limits apply (nesting
 * deeper than 1000 is a problem, not a stack overflow).
 */
final class Toml {

    private static final TomlMapper MAPPER = new TomlMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> TABLE = new TypeReference<>() {};

    /** A parsed document: {@code root} is empty and {@code problem} set when the text is not TOML. */
    record Document(Map<String, Object> root, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private Toml() {}

    static Document read(String path, String text) {
        try {
            Map<String, Object> root = MAPPER.readValue(text, TABLE);
            return new Document(root == null ? Map.of() : root, null);
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            int line = where == null || where.getLineNr() < 1 ? 1 : where.getLineNr();
            return new Document(Map.of(), path + ":" + line + ": " + oneLine(e.getOriginalMessage()));
        } catch (Exception | StackOverflowError e) {
            // Jackson caps nesting, but a parser bug on hostile input must not take the caller down with it.
            return new Document(Map.of(), path + ":1: cannot be read as TOML: " + oneLine(String.valueOf(e)));
        }
    }

    /** The table at a dotted path of keys, or an empty map when any step is missing or not a table. */
    static Map<String, Object> table(Map<String, Object> root, String... keys) {
        Object at = root;
        for (String key : keys) {
            if (!(at instanceof Map<?, ?> map)) {
                return Map.of();
            }
            at = map.get(key);
        }
        return asTable(at);
    }

    /** {@code value} as a table, or an empty map when it is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asTable(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    /** The strings of an array, skipping elements of other types; empty when {@code value} is not an array. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String oneLine(String message) {
        String m = message == null ? "invalid TOML" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
