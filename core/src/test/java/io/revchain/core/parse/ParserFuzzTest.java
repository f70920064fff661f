package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI slice of the mutation fuzzer ({@link ParserFuzz}: a million inputs is the README command) and the
 * parser's linearity: megabyte inputs of every shape take linearly many tokenizer steps (counted, never timed).
 */
class ParserFuzzTest {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");
    private static final long SEED = Long.getLong("revchain.seed", 20261124L);

    @Test
    void twentyThousandMutatedMigrationsNeverBreakTheParser() {
        // Given 20,000 generated migration files with up to six mutations each
        ParserFuzz.Result r = ParserFuzz.run(20_000, SEED);

        // Then none threw, hit the parser's safety net, lost a span, answered twice differently or was slow
        assertThat(r.failures())
                .as("seed %d (re-run one input with ParserFuzz.input(seed))", SEED)
                .isEmpty();
        assertThat(r.inputs()).isEqualTo(20_000);
        // and the corpus is varied: plenty of files still define a revision, plenty are broken
        assertThat(r.withRevision()).as("seed %d", SEED).isGreaterThan(2_000);
        assertThat(r.unparseable()).as("seed %d", SEED).isGreaterThan(500);
    }

    @Test
    void theFuzzerFlagsAnInternalErrorAsAFailure() {
        // Given a result carrying the parser's safety-net finding
        MigrationScript swallowed = new MigrationScript(
                "versions/f.py",
                Field.absent("revision"),
                Field.absent("down_revision"),
                Field.absent("branch_labels"),
                Field.absent("depends_on"),
                Docstring.NONE,
                false,
                List.of(new Finding(
                        Check.UNPARSEABLE_FILE.wire(),
                        Severity.ERROR,
                        null,
                        "versions/f.py",
                        0,
                        "versions/f.py could not be read by revchain's parser (IllegalStateException)",
                        null,
                        List.of())));
        // Then the fuzzer calls it a failure, and a clean parse is not one
        assertThat(ParserFuzz.check(new byte[0], swallowed, 1)).contains("internal parser error");
        byte[] ok = "revision = 'a'\ndown_revision = None\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ParserFuzz.check(ok, PARSER.parse("versions/f.py", ok), 1)).isNull();
        assertThat(ParserFuzz.check(ok, PARSER.parse("versions/f.py", ok), ParserFuzz.SLOW_NANOS + 1))
                .contains("took");
    }

    /** Parses {@code bytes} and returns the tokenizer steps it took (every tokenizer made for it, all together). */
    private static long parseSteps(byte[] bytes) {
        long[] steps = new long[1];
        PythonTokenizer.STEPS.set(steps);
        try {
            MigrationScript s = PARSER.parse("v/big.py", bytes);
            assertThat(s).isNotNull();
            assertThat(s.problems())
                    .noneMatch(
                            p -> p.message() != null && p.message().contains("could not be read by revchain's parser"));
        } finally {
            PythonTokenizer.STEPS.remove();
        }
        return steps[0];
    }

    @Test
    void megabyteInputsTakeLinearlyManyTokenizerSteps() {
        // Counted, not timed: the same numbers on every machine. Wall-clock times of the same inputs are measured by
        // 'revchain bench --parser' (BENCHMARKS.md).
        for (String shape :
                new String[] {"lines", "one-long-line", "docstring", "brackets", "continuations", "unterminated"}) {
            byte[] one = ParserInputs.shaped(shape, 1 << 20);
            byte[] ten = ParserInputs.shaped(shape, 10 << 20);
            long s1 = parseSteps(one);
            long s10 = parseSteps(ten);
            // the parser went through the input (a step per character moved past) ...
            assertThat(s10).as("%s: steps for 10 MB", shape).isGreaterThanOrEqualTo(ten.length / 2);
            // ... no part of it more than a couple of times (one tokenizer per file, one per docstring) ...
            assertThat(s10).as("%s: steps for 10 MB", shape).isLessThanOrEqualTo(3L * ten.length);
            // ... and ten times the input takes at most about ten times the steps
            assertThat(s10)
                    .as("%s: %d steps for 1 MB, %d for 10 MB", shape, s1, s10)
                    .isLessThanOrEqualTo(11 * s1);
        }
    }

    @Test
    void theRevisionOfAHugeFileIsStillRead() {
        MigrationScript s = PARSER.parse("v/big.py", ParserInputs.shaped("lines", 10 << 20));
        assertThat(s.revisionId()).isEqualTo("abc");
        assertThat(s.downRevision().isNone()).isTrue();
    }
}
