package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inputs an attacker or a broken checkout can produce: each yields a finding, never an exception or a hang. */
class MigrationParserHostileTest {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");

    private static Finding onlyUnparseable(MigrationScript s) {
        assertThat(s.problems()).extracting(Finding::check).contains(Check.UNPARSEABLE_FILE.wire());
        Finding f = s.problems().stream()
                .filter(p -> p.check().equals(Check.UNPARSEABLE_FILE.wire()))
                .findFirst()
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.file()).isEqualTo("v/bad.py");
        assertThat(f.alembic()).contains("SyntaxError");
        return f;
    }

    private static MigrationScript parse(String text) {
        return PARSER.parse("v/bad.py", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryBytes() {
        byte[] junk = new byte[65536];
        new Random(7).nextBytes(junk);
        MigrationScript s = PARSER.parse("v/bad.py", junk);
        assertThat(onlyUnparseable(s).line()).isPositive();
        assertThat(s.revision().isPresent()).isFalse();
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] bytes = {'r', '=', '1', '\n', '#', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
        Finding f = onlyUnparseable(PARSER.parse("v/bad.py", bytes));
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("Non-UTF-8 code starting with '\\xc3'");
    }

    @Test
    void nulByteNamesTheLine() {
        Finding f = onlyUnparseable(parse("revision = 'a'\n\ndown_revision = None\0\n"));
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.message()).contains("null bytes");
    }

    @Test
    void unknownCodingDeclaration() {
        Finding f = onlyUnparseable(parse("# coding: klingon-7\nrevision = 'a'\n"));
        assertThat(f.message()).contains("unknown encoding: klingon-7");
    }

    @Test
    void unterminatedStringsReportWhereTheyStart() {
        assertThat(onlyUnparseable(parse("revision = 'a'\ndown_revision = 'b\nx = 1\n"))
                        .line())
                .isEqualTo(2);
        Finding triple = onlyUnparseable(parse("\"\"\"doc\n\nrevision = 'a'\n" + "x = 1\n".repeat(1000)));
        assertThat(triple.line()).isEqualTo(1);
        assertThat(triple.message()).contains("unterminated triple-quoted string literal");
    }

    @Test
    void fieldsReadBeforeASyntaxErrorAreKept() {
        MigrationScript s = parse("revision = 'abc'\ndown_revision = (\n");
        onlyUnparseable(s);
        assertThat(s.revisionId()).isEqualTo("abc");
    }

    @Test
    void aMegabyteOfOpenBracketsStopsAtPythonsNestingLimit() {
        Finding f = onlyUnparseable(parse("revision = " + "(".repeat(1 << 20)));
        assertThat(f.message()).contains("too many nested parentheses");
        assertThat(onlyUnparseable(parse("x = f'" + "{f'".repeat(100_000))).message())
                .contains("nested too deeply");
    }

    @Test
    void nestingWithinPythonsLimitIsStillALiteral() {
        MigrationScript s = parse("down_revision = " + "(".repeat(150) + "'abc'" + ")".repeat(150) + "\n");
        assertThat(s.downRevision().values()).containsExactly("abc");
    }

    @Test
    void integerRevisionIsAFindingNotAnException() {
        MigrationScript s = parse("revision = 12\n");
        assertThat(s.problems()).extracting(Finding::check).containsExactly(Check.INVALID_REVISION_ID.wire());
    }

    @Test
    void fiftyMegabytesParseInLinearTime() {
        // Given: a 50 MB migration built in memory, its variables at the very end
        String line = "op.add_column('account', sa.Column('name_\u00e9', sa.String(50), nullable=False))  # c\n";
        StringBuilder b = new StringBuilder(52 << 20);
        b.append("\"\"\"Big\n\nRevision ID: feed\n\"\"\"\n");
        while (b.length() < 50 << 20) {
            b.append(line);
        }
        b.append("revision = 'feed'\ndown_revision = ('a', 'b')\n");
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        // When
        long t0 = System.nanoTime();
        MigrationScript s = PARSER.parse("v/big.py", bytes);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // Then
        assertThat(s.revisionId()).isEqualTo("feed");
        assertThat(s.downRevisions()).containsExactly("a", "b");
        assertThat(s.docstring().revisionId()).isEqualTo("feed");
        assertThat(millis).as("ms for %d MB", bytes.length >> 20).isLessThan(15_000);
    }

    @Test
    void tenMegabytesOfCodeTakeAboutOneTokenizerStepPerCharacter() {
        // counted, not timed: how long 10 MB take is 'revchain bench --parser' (shape "lines", BENCHMARKS.md)
        String line = "    op.create_index('ix_%d', 'account', ['name'], unique=False)\n";
        StringBuilder b = new StringBuilder(11 << 20);
        b.append("revision = 'a'\ndown_revision = None\ndef upgrade():\n");
        for (int i = 0; b.length() < 10 << 20; i++) {
            b.append(String.format(line, i));
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        long[] steps = new long[1];
        PythonTokenizer.STEPS.set(steps);
        MigrationScript s;
        try {
            s = PARSER.parse("v/ten.py", bytes);
        } finally {
            PythonTokenizer.STEPS.remove();
        }
        assertThat(s.revisionId()).isEqualTo("a");
        // every character is passed once, plus one step per token: never a second pass over the file
        assertThat(steps[0]).isBetween((long) bytes.length, 2L * bytes.length);
    }

    @Test
    void nullAndEmptyContent() {
        assertThat(PARSER.parse("v/e.py", new byte[0]).problems()).isEmpty();
        assertThat(PARSER.parse("v/n.py", null).revision().isPresent()).isFalse();
    }
}
