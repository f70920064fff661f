package io.revchain.app.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;

/** The one ObjectMapper the CLI prints with: stable key order, two-space indent. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * A generator that writes to {@code out} as it goes (the document is never one string in memory), indented as
     * {@link #MAPPER} indents; closing it flushes but leaves {@code out} open.
     */
    static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = MAPPER.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    /** Writes a small tree (one finding, one rule) at the generator's current place. */
    static void tree(JsonGenerator g, ObjectNode node) throws IOException {
        MAPPER.writeTree(g, node);
    }
}
