package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Field;
import io.revchain.core.model.MigrationScript;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, the parser returns a result and never throws; spans always point at their source. */
class MigrationParserProperties {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 4096) byte[] bytes) {
        MigrationScript s = PARSER.parse("r.py", bytes);
        assertThat(s).isNotNull();
        assertThat(s.path()).isEqualTo("r.py");
        spansMatch(bytes, s);
    }

    @Property(tries = 1000)
    void mutatedMigrationsNeverThrowAndKeepSpansExact(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] valid = new MigrationFileGenerator(seed).next();
        byte[] bytes = mutate(valid, r);
        MigrationScript s = PARSER.parse("m.py", bytes);
        assertThat(s).isNotNull();
        spansMatch(bytes, s);
    }

    private static final String SPECIAL = "()[]{}'\"\\#\n\r:=,;";

    private static byte[] mutate(byte[] in, Random r) {
        byte[] out = in.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && out.length > 0; i++) {
            int at = r.nextInt(out.length);
            switch (r.nextInt(4)) {
                case 0 -> out[at] = (byte) r.nextInt(256);
                case 1 -> out[at] = (byte) SPECIAL.charAt(r.nextInt(SPECIAL.length()));
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) " \t'\"(".charAt(r.nextInt(5));
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    private static void spansMatch(byte[] bytes, MigrationScript s) {
        String text;
        try {
            text = SourceDecoder.decode(bytes);
        } catch (PythonSyntaxError e) {
            assertThat(s.revision().isPresent()).isFalse();
            return;
        }
        for (Field f : List.of(s.revision(), s.downRevision(), s.branchLabels(), s.dependsOn())) {
            if (f.isPresent()) {
                assertThat(text.substring(f.start(), f.end())).isEqualTo(f.source());
                assertThat(f.line()).isPositive();
            }
        }
    }
}
