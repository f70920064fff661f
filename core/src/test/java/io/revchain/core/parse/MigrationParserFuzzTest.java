package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revchain.core.model.MigrationScript;

/**
 * Coverage-guided fuzzing of {@link MigrationParser} with Jazzer. In a normal {@code mvn test} it runs in regression
 * mode: every file under {@code src/test/resources/io/revchain/core/parse/MigrationParserFuzzTestInputs/parse/}
 * (real-looking migrations and the inputs that once broke something) plus the empty input. With
 * {@code JAZZER_FUZZ=1} it fuzzes with libFuzzer for {@code maxDuration}, starting from those files:
 * <pre>
 * JAZZER_FUZZ=1 mvn -q -o -pl core test -Dtest=MigrationParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A failure is anything {@link ParserFuzz#check} calls one (an exception, the parser's safety net, a wrong span, a
 * second parse that differs, a slow input).
 */
class MigrationParserFuzzTest {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) {
        long t = System.nanoTime();
        MigrationScript s = PARSER.parse("versions/f.py", input);
        long took = System.nanoTime() - t;
        if (took > ParserFuzz.SLOW_NANOS) {
            took = Math.min(took, ParserFuzz.retimed(input));
        }
        String failure = ParserFuzz.check(input, s, took);
        assertThat(failure).as("input of %d bytes", input.length).isNull();
    }
}
