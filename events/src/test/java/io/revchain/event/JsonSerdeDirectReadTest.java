package io.revchain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-pass read must give exactly what the two-pass read (tree, then value) gives: the same value or the same
 * failure, on every fixture and on many mutations of it (bytes changed, keys repeated, numbers made fractional or
 * negative zero, schema versions changed, types swapped).
 */
class JsonSerdeDirectReadTest {

    @Test
    void oneAndTwoPassReadsAgreeOnFixturesAndTheirMutations() {
        Random rnd = new Random(11);
        int direct = 0;
        int total = 0;
        for (EventFixtures.Case<?> c : EventFixtures.cases()) {
            JsonSerde<?> serde = (JsonSerde<?>) c.serde();
            String json = new String(c.write(), StandardCharsets.UTF_8);
            List<String> inputs = new ArrayList<>(List.of(json, " " + json + " \n", json + "{}", json + " x"));
            inputs.addAll(structural(json));
            for (int i = 0; i < 400; i++) {
                inputs.add(mutate(json, rnd));
            }
            for (String in : inputs) {
                byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
                // When both reads run on the same bytes
                Object twoPass = outcome(() -> serde.readTwoPass(bytes));
                Object onePass = outcome(() -> serde.read(bytes));
                // Then they agree exactly
                assertThat(onePass).as("%s: %s", c.name(), in).isEqualTo(twoPass);
                if (!(twoPass instanceof String)) {
                    direct++;
                }
                total++;
            }
        }
        // the mutations are not all unreadable: many values are really read
        assertThat(direct).as("readable of %d", total).isGreaterThan(total / 10);
    }

    /** Hand-made variants: repeated keys, fractional or -0 numbers, schema versions, a swapped type. */
    private static List<String> structural(String json) {
        List<String> out = new ArrayList<>();
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":1,\"schema\":1"));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":2,\"schema\":1"));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":1.0"));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":\"1\""));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":10000000000"));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":-0"));
        out.add(json.replaceFirst("\"schema\":1,", ""));
        out.add(json.replaceFirst("\"schema\":1", "\"schema\":null"));
        out.add(json.replaceAll(":(\\d+)([,}])", ":$1.5$2"));
        out.add(json.replaceAll(":(\\d+)([,}])", ":$1e0$2"));
        out.add(json.replaceAll(":(\\d+)([,}])", ":-0$2"));
        out.add(json.replaceAll(":\"(\\d{4}-\\d\\d-\\d\\dT[^\"]*)\"", ":1772366400.123456789"));
        out.add(json.replaceAll(":\"(\\d{4}-\\d\\d-\\d\\dT[^\"]*)\"", ":1772366400"));
        out.add(json.replaceAll(":(\\d+)([,}])", ":\"$1\"$2"));
        out.add(json.replaceAll(":true", ":\"true\""));
        Matcher type = Pattern.compile("^\\{\"type\":(\"[a-z-]+\"),").matcher(json);
        if (type.find()) {
            // the type property last instead of first
            out.add("{" + json.substring(type.end(), json.length() - 1) + ",\"type\":" + type.group(1) + "}");
        }
        out.add(json.replaceFirst("\"type\":\"file-changed\"", "\"type\":\"commit-scanned\""));
        // keys repeated inside nested objects (the direct read's own parser must catch these, not only the scan)
        out.add(json.replaceFirst("\"script\":\\{", "\"script\":{\"path\":\"dup.py\","));
        out.add(json.replaceFirst("\"line\":", "\"line\":7,\"line\":"));
        out.add(json.replaceFirst("\"values\":", "\"values\":[],\"values\":"));
        int comma = json.indexOf(',', json.length() / 2);
        if (comma > 0) {
            // a key of the middle of the object repeated at its end, with another value
            int colon = json.lastIndexOf("\":", comma);
            int quote = json.lastIndexOf('"', colon - 1);
            String key = json.substring(quote, colon + 1);
            out.add(json.substring(0, json.length() - 1) + "," + key + ":null}");
            out.add(json.substring(0, json.length() - 1) + "," + key + ":\"x\"}");
        }
        return out;
    }

    private static String mutate(String json, Random rnd) {
        StringBuilder b = new StringBuilder(json);
        int edits = 1 + rnd.nextInt(3);
        String alphabet = "{}[]\",:0123456789.-eE+ aZ\\ntrufalsn";
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(3)) {
                case 0 -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                default -> b.deleteCharAt(at);
            }
        }
        return b.toString();
    }

    private static Object outcome(Supplier<Object> read) {
        try {
            return read.get();
        } catch (EventReadException e) {
            return e.reason() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return e.getClass().getName() + " " + e.getMessage();
        }
    }
}
