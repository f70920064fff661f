package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.MigrationScript;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The CI slice of the mutation fuzzer ({@link ParserFuzz}: a million inputs is the README command) and the
 * parser's time bound: megabyte inputs of every shape parse in linear time.
 */
class ParserFuzzTest {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");
    private static final long SEED = Long.getLong("revchain.seed", 20261124L);

    @Test
    void twentyThousandMutatedMigrationsNeverBreakTheParser() {
        // Given 20,000 generated migration files with up to six mutations each
        ParserFuzz.Result r = ParserFuzz.run(20_000, SEED);

        // Then none threw, hit the parser's safety net, lost a span, answered twice differently or was slow
        assertThat(r.failures()).as("seed %d (re-run one input with ParserFuzz.input(seed))", SEED).isEmpty();
        assertThat(r.inputs()).isEqualTo(20_000);
        // and the corpus is varied: plenty of files still define a revision, plenty are broken
        assertThat(r.withRevision()).as("seed %d", SEED).isGreaterThan(2_000);
        assertThat(r.unparseable()).as("seed %d", SEED).isGreaterThan(500);
    }

    @Test
    void theFuzzerFlagsAnInternalErrorAsAFailure() {
        // Given a result carrying the parser's safety-net finding
        MigrationScript swallowed = new MigrationScript("versions/f.py", io.revchain.core.model.Field.absent("revision"),
                io.revchain.core.model.Field.absent("down_revision"), io.revchain.core.model.Field.absent("branch_labels"),
                io.revchain.core.model.Field.absent("depends_on"), io.revchain.core.model.Docstring.NONE, false,
                java.util.List.of(new io.revchain.core.model.Finding(Check.UNPARSEABLE_FILE.wire(),
                        io.revchain.core.model.Severity.ERROR, null, "versions/f.py", 0,
                        "versions/f.py could not be read by revchain's parser (IllegalStateException)", null,
                        java.util.List.of())));
        // Then the fuzzer calls it a failure, and a clean parse is not one
        assertThat(ParserFuzz.check(new byte[0], swallowed, 1)).contains("internal parser error");
        byte[] ok = "revision = 'a'\ndown_revision = None\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ParserFuzz.check(ok, PARSER.parse("versions/f.py", ok), 1)).isNull();
        assertThat(ParserFuzz.check(ok, PARSER.parse("versions/f.py", ok), ParserFuzz.SLOW_NANOS + 1))
                .contains("took");
    }

    /** Inputs of about {@code size} bytes in shapes that could make a careless tokenizer quadratic. */
    private static byte[] shaped(String shape, int size) {
        String head = "revision = 'abc'\ndown_revision = None\n";
        StringBuilder b = new StringBuilder(size + 100).append(head);
        switch (shape) {
            case "lines" -> {
                while (b.length() < size) {
                    b.append("op.add_column('t', sa.Column('c', sa.String(10)))  # comment\n");
                }
            }
            case "one-long-line" -> {
                b.append("x = '");
                while (b.length() < size) {
                    b.append("abcdefghij");
                }
                b.append("'\n");
            }
            case "docstring" -> {
                b.insert(0, "\"\"\"Revision ID: abc\nRevises:\n");
                while (b.length() < size) {
                    b.append("words words words\n");
                }
                b.append("\"\"\"\n");
            }
            case "brackets" -> {
                b.append("x = [");
                while (b.length() < size) {
                    b.append("(1, 2), ");
                }
                b.append("]\n");
            }
            case "continuations" -> {
                b.append("x = 1");
                while (b.length() < size) {
                    b.append(" + \\\n 1");
                }
                b.append('\n');
            }
            case "unterminated" -> {
                b.append("x = '''");
                while (b.length() < size) {
                    b.append("never closed\n");
                }
            }
            default -> throw new IllegalArgumentException(shape);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long parseNanos(byte[] bytes) {
        long t = System.nanoTime();
        MigrationScript s = PARSER.parse("v/big.py", bytes);
        long took = System.nanoTime() - t;
        assertThat(s).isNotNull();
        assertThat(s.problems()).noneMatch(p -> p.message() != null
                && p.message().contains("could not be read by revchain's parser"));
        return took;
    }

    @Test
    void megabyteInputsParseInLinearTime() {
        for (String shape : new String[] {"lines", "one-long-line", "docstring", "brackets", "continuations",
            "unterminated"}) {
            byte[] one = shaped(shape, 1 << 20);
            byte[] ten = shaped(shape, 10 << 20);
            parseNanos(one); // warm-up: the first call pays for class loading and the JIT
            long t1 = Long.MAX_VALUE;
            long t10 = Long.MAX_VALUE;
            // best of 2, and up to 3 more rounds while the ratio looks non-linear: a pause of a loaded machine
            // during one run is not the parser's, a non-linear parser stays non-linear in every round
            for (int i = 0; i < 5 && (i < 2 || t10 >= Math.max(30 * t1, 200_000_000L)); i++) {
                t1 = Math.min(t1, parseNanos(one));
                t10 = Math.min(t10, parseNanos(ten));
            }
            System.out.printf("parser %-14s 1 MB %6.1f ms, 10 MB %6.1f ms%n", shape, t1 / 1e6, t10 / 1e6);
            // generous bounds on a shared 2-core machine: the measured figures are in BENCHMARKS.md
            assertThat(t10).as("%s: 10 MB in %d ms", shape, t10 / 1_000_000).isLessThan(5_000_000_000L);
            // linear: ten times the input may not take more than ~30 times as long (noise, GC)
            assertThat(t10).as("%s: 1 MB %d ms, 10 MB %d ms", shape, t1 / 1_000_000, t10 / 1_000_000)
                    .isLessThan(Math.max(30 * t1, 200_000_000L));
        }
    }

    @Test
    void theRevisionOfAHugeFileIsStillRead() {
        MigrationScript s = PARSER.parse("v/big.py", shaped("lines", 10 << 20));
        assertThat(s.revisionId()).isEqualTo("abc");
        assertThat(s.downRevision().isNone()).isTrue();
    }
}
