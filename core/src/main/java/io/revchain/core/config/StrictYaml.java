package io.revchain.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A strict, location-aware reader of small YAML configuration files (the repository's {@code .revchain.yaml} and
 * the organisation's {@code revchain.yaml}), on Jackson's YAML streaming parser.
 *
 * <p>It decides what counts as a mistake: an unknown or repeated key, a value of the wrong type (a number where
 * a string is expected, a scalar where a list is expected), a value outside its allowed set, a second YAML
 * document. Every mistake is a {@link ConfigException} whose one-line message names the file, the 1-based line
 * and column of the offending token, and what was expected. {@code null} (an empty value) means "not set".
 *
 * <p>Use: {@link #beginDocument} then, per mapping, {@link #nextKey} until it returns {@code null}, reading each
 * value with exactly one of the value methods; {@link #endDocument} last.
 */
public final class StrictYaml implements AutoCloseable {

    /** A repository's configuration files are small; a bigger one is a mistake, not a config. */
    public static final int MAX_BYTES = 1024 * 1024;

    /**
     * The organisation's {@code revchain.yaml} lists every repository (~110 bytes each): 64 MiB holds several hundred
     * thousand, and it is the operator's own file, never a repository's.
     */
    public static final int MAX_ORG_BYTES = 64 * 1024 * 1024;

    /** SnakeYAML refuses documents over 3 MB by default: the operator's file may be as large as its own limit. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            // the builder does not apply this default of new YAMLFactory(): an empty value is "not set"
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_ORG_BYTES);
        return o;
    }

    private final String name;
    private final JsonParser parser;
    private final Deque<Map<String, Integer>> seenKeys = new ArrayDeque<>();

    private StrictYaml(String name, JsonParser parser) {
        this.name = name;
        this.parser = parser;
    }

    /**
     * Opens {@code file}, a file the operator gives (the organisation's {@code revchain.yaml}; links are followed,
     * as a mounted configuration is often a link); {@code name} is what messages call it. A file of a repository is
     * never opened here: {@link RepoConfig#load} reads it through {@link io.revchain.core.tree.DiskTree#readChecked}.
     */
    public static StrictYaml open(Path file, String name) throws ConfigException {
        byte[] bytes;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a FIFO would block the reader for ever; a folder cannot be read
            throw new ConfigException(name, 0, 0, "cannot be read (it is not a regular file)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_ORG_BYTES + 1);
        } catch (IOException e) {
            // the exception's message is a path, or the system's words: the class name says enough
            throw new ConfigException(
                    name, 0, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_ORG_BYTES) {
            throw new ConfigException(
                    name, 0, 0, "is larger than " + MAX_ORG_BYTES + " bytes; not a configuration file");
        }
        return of(name, new String(bytes, StandardCharsets.UTF_8));
    }

    public static StrictYaml of(String name, String text) throws ConfigException {
        try {
            return new StrictYaml(name, YAML.createParser(text));
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Starts the document: {@code true} when it is a mapping (then call {@link #nextKey}), {@code false} when the
     * document is empty.
     */
    public boolean beginDocument(Collection<String> keys) throws ConfigException {
        JsonToken t = next();
        if (t == null) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a mapping of settings (" + String.join(", ", keys) + "), found " + describe(t));
        }
        seenKeys.push(new HashMap<>());
        return true;
    }

    /** Fails if anything follows the first document. */
    public void endDocument() throws ConfigException {
        JsonToken t = next();
        if (t != null) {
            throw error("only one YAML document is expected, found another");
        }
    }

    /**
     * The next key of the current mapping, or {@code null} at its end.
     *
     * @throws ConfigException for a key not in {@code allowed} or a repeated key
     */
    public String nextKey(Collection<String> allowed) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
            seenKeys.pop();
            return null;
        }
        String key = text();
        if (!allowed.contains(key)) {
            throw error("unknown key " + quote(key) + " (expected one of: " + String.join(", ", allowed) + ")");
        }
        Integer first = seenKeys.peek().putIfAbsent(key, location().getLineNr());
        if (first != null) {
            throw error("duplicate key " + quote(key) + " (first set on line " + first + ")");
        }
        return key;
    }

    /**
     * The next key of the current mapping whatever it is (a name the user chooses, such as a chain's), or
     * {@code null} at its end.
     */
    public String nextName(String what) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
            seenKeys.pop();
            return null;
        }
        String key = text();
        if (key == null || key.isBlank()) {
            throw error(what + " must not be empty");
        }
        Integer first = seenKeys.peek().putIfAbsent(key, location().getLineNr());
        if (first != null) {
            throw error("duplicate " + what + " " + quote(key) + " (first set on line " + first + ")");
        }
        return key;
    }

    /** A string value; {@code null} when empty. Numbers and booleans are refused: quote them. */
    public String string(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error(quote(key) + " must be a string, found " + describe(t) + hintForScalar(t));
        }
        return text();
    }

    /** A string that must be one of {@code allowed}; {@code null} when empty. */
    public String oneOf(String key, Collection<String> allowed) throws ConfigException {
        String v = string(key);
        if (v != null && !allowed.contains(v)) {
            throw error("unknown " + key + " " + quote(v) + " (expected one of: " + String.join(", ", allowed) + ")");
        }
        return v;
    }

    /**
     * A list of strings; {@code null} when empty. When {@code allowed} is not null every item must be in it
     * ({@code itemName} names an item in the message).
     */
    public List<String> strings(String key, String itemName, Collection<String> allowed) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw error(quote(key) + " must be a list of strings, found " + describe(t));
        }
        List<String> out = new ArrayList<>();
        while ((t = next()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw error("items of " + quote(key) + " must be strings, found " + describe(t) + hintForScalar(t));
            }
            String v = text();
            if (allowed != null && !allowed.contains(v)) {
                throw error("unknown " + itemName + " " + quote(v) + " in " + quote(key) + " (expected one of: "
                        + String.join(", ", allowed) + ")");
            }
            if (v.isBlank()) {
                throw error("items of " + quote(key) + " must not be empty");
            }
            out.add(v);
        }
        return out;
    }

    /** An integer value; {@code null} when empty. */
    public Long integer(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw error(quote(key) + " must be a whole number, found " + describe(t));
        }
        try {
            return parser.getLongValue();
        } catch (IOException e) {
            throw error(quote(key) + " is out of range");
        }
    }

    /** A boolean value; {@code null} when empty. */
    public Boolean bool(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw error(quote(key) + " must be true or false, found " + describe(t));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /** Enters a nested mapping value: {@code true} then read it with {@link #nextKey}; {@code false} when empty. */
    public boolean mapping(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error(quote(key) + " must be a mapping, found " + describe(t));
        }
        seenKeys.push(new HashMap<>());
        return true;
    }

    /** Enters a list value: {@code true} then call {@link #nextItemMapping} until it returns false. */
    public boolean list(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw error(quote(key) + " must be a list, found " + describe(t));
        }
        return true;
    }

    /** The next list item, which must be a mapping: {@code true} then read it with {@link #nextKey}. */
    public boolean nextItemMapping(String key) throws ConfigException {
        JsonToken t = next();
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("items of " + quote(key) + " must be mappings, found " + describe(t));
        }
        seenKeys.push(new HashMap<>());
        return true;
    }

    /** What messages call the file. */
    public String name() {
        return name;
    }

    /** An error located at the current token. */
    public ConfigException error(String problem) {
        JsonLocation l = location();
        return new ConfigException(name, Math.max(l.getLineNr(), 1), Math.max(l.getColumnNr(), 1), problem);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing was written; closing a string reader cannot lose data
        }
    }

    private JsonToken next() throws ConfigException {
        try {
            return parser.nextToken();
        } catch (StreamReadException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML says where and what precisely: "while parsing a flow sequence: expected ',' or ']'..."
                String what = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
                throw new ConfigException(
                        name,
                        m.getProblemMark().getLine() + 1,
                        m.getProblemMark().getColumn() + 1,
                        "invalid YAML: " + firstLine(what));
            }
            JsonLocation l = e.getLocation();
            String msg = firstLine(e.getOriginalMessage());
            throw new ConfigException(
                    name,
                    l == null ? 1 : Math.max(l.getLineNr(), 1),
                    l == null ? 1 : Math.max(l.getColumnNr(), 1),
                    "invalid YAML: " + msg);
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private String text() throws ConfigException {
        try {
            return parser.getText();
        } catch (IOException e) {
            throw error("cannot be read (" + e.getMessage() + ")");
        }
    }

    private JsonLocation location() {
        return parser.currentTokenLocation();
    }

    private String describe(JsonToken t) throws ConfigException {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the string " + quote(text());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + capped(text());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + text();
            case VALUE_NULL -> "nothing";
            default -> t.name();
        };
    }

    private static String hintForScalar(JsonToken t) {
        return t == JsonToken.VALUE_NUMBER_INT
                        || t == JsonToken.VALUE_NUMBER_FLOAT
                        || t == JsonToken.VALUE_TRUE
                        || t == JsonToken.VALUE_FALSE
                ? "; quote it to make it a string"
                : "";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        return line.length() > 2 * MAX_QUOTED ? line.substring(0, 2 * MAX_QUOTED) + "..." : line;
    }

    /** The longest part of a value or key a message quotes: a message never carries a file's content. */
    static final int MAX_QUOTED = 64;

    private static String capped(String s) {
        return s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "... (" + s.length() + " characters)" : s;
    }

    static String quote(String s) {
        if (s.length() > MAX_QUOTED) {
            return quote(s.substring(0, MAX_QUOTED)) + "... (" + s.length() + " characters)";
        }
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
