package io.revchain.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real-world shapes of Alembic migration files, one expectation each on value, state, line and exact span. */
class MigrationParserTest {

    private static final MigrationParser PARSER = new MigrationParser("cdd01ef066bc6cf2");

    static MigrationScript parse(String source) {
        return PARSER.parse("versions/x.py", source.getBytes(StandardCharsets.UTF_8));
    }

    static Field field(MigrationScript s, String name) {
        return switch (name) {
            case "revision" -> s.revision();
            case "down_revision" -> s.downRevision();
            case "branch_labels" -> s.branchLabels();
            default -> s.dependsOn();
        };
    }

    /** source, field, state, values, the value's text as written, its line. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                row(
                        "revision = 'ae1027a6acf'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("ae1027a6acf"),
                        "'ae1027a6acf'",
                        1),
                row(
                        "revision = \"abc\"  # trailing comment\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("abc"),
                        "\"abc\"",
                        1),
                row(
                        "import sqlalchemy as sa\n\nrevision: str = '1975ea83b712'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("1975ea83b712"),
                        "'1975ea83b712'",
                        3),
                row(
                        "down_revision: Union[str, None] = None\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of(),
                        "None",
                        1),
                row(
                        "depends_on: str | Sequence[str] | None = None\n",
                        "depends_on",
                        FieldState.LITERAL,
                        List.of(),
                        "None",
                        1),
                row(
                        "down_revision: Union[str, Sequence[str], None] = 'abc'\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("abc"),
                        "'abc'",
                        1),
                row("down_revision = ('abc')\n", "down_revision", FieldState.LITERAL, List.of("abc"), "('abc')", 1),
                row("down_revision = ('abc',)\n", "down_revision", FieldState.LITERAL, List.of("abc"), "('abc',)", 1),
                row("branch_labels = ()\n", "branch_labels", FieldState.LITERAL, List.of(), "()", 1),
                row("branch_labels = []\n", "branch_labels", FieldState.LITERAL, List.of(), "[]", 1),
                row(
                        "down_revision = (\n    'a1',  # first parent\n    'b2',  # second\n)\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a1", "b2"),
                        "(\n    'a1',  # first parent\n    'b2',  # second\n)",
                        1),
                row(
                        "down_revision = ['a1', 'b2']\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a1", "b2"),
                        "['a1', 'b2']",
                        1),
                row(
                        "down_revision = 'a1', 'b2'\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a1", "b2"),
                        "'a1', 'b2'",
                        1),
                row(
                        "down_revision = ['a', 'a', 'b', 'a']\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a", "b"),
                        "['a', 'a', 'b', 'a']",
                        1),
                row(
                        "revision = 'first'\nrevision = 'second'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("second"),
                        "'second'",
                        2),
                row(
                        "from __future__ import annotations\nrevision = 'abc'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("abc"),
                        "'abc'",
                        2),
                row("# café ☕\nrevision = 'rév1'\n", "revision", FieldState.LITERAL, List.of("rév1"), "'rév1'", 2),
                row("x = '😀'; revision = '😀1'\n", "revision", FieldState.LITERAL, List.of("😀1"), "'😀1'", 1),
                row("revision = '''abc'''\n", "revision", FieldState.LITERAL, List.of("abc"), "'''abc'''", 1),
                row("revision = r'a\\b'\n", "revision", FieldState.LITERAL, List.of("a\\b"), "r'a\\b'", 1),
                row("revision = Rb'x'\n", "revision", FieldState.WRONG_TYPE, List.of(), "Rb'x'", 1),
                row("revision = U\"abc\"\n", "revision", FieldState.LITERAL, List.of("abc"), "U\"abc\"", 1),
                row("revision = 'ab' \"cd\"\n", "revision", FieldState.LITERAL, List.of("abcd"), "'ab' \"cd\"", 1),
                row(
                        "revision = ('ab'\n            'cd')\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("abcd"),
                        "('ab'\n            'cd')",
                        1),
                row(
                        "revision = '\\x61\\u0062\\N{LATIN SMALL LETTER C}\\144\\U00000065'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("abcde"),
                        "'\\x61\\u0062\\N{LATIN SMALL LETTER C}\\144\\U00000065'",
                        1),
                row("down_revision = \\\n    'abc'\n", "down_revision", FieldState.LITERAL, List.of("abc"), "'abc'", 2),
                row(
                        "revision = 'a'\r\ndown_revision = (\r\n  'b',\r\n)\r\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("b"),
                        "(\r\n  'b',\r\n)",
                        2),
                row(
                        "revision = 'a'\rdown_revision = 'b'\r",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("b"),
                        "'b'",
                        2),
                row(
                        "revision = 'a'; down_revision = 'b'\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("b"),
                        "'b'",
                        1),
                row(
                        "def upgrade():\n    revision = 'inner'\nrevision = 'outer'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("outer"),
                        "'outer'",
                        3),
                row(
                        "revision = 'outer'\nclass A:\n    revision = 'inner'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("outer"),
                        "'outer'",
                        1),
                row(
                        "revision = 'outer'\ndef f(): revision = 'x'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("outer"),
                        "'outer'",
                        1),
                row(
                        "down_revision = (cli.EXPAND_BRANCH,)\n",
                        "down_revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "(cli.EXPAND_BRANCH,)",
                        1),
                row(
                        "down_revision = get_down_revision(revision)\n",
                        "down_revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "get_down_revision(revision)",
                        1),
                row("revision = f'{PREFIX}01'\n", "revision", FieldState.NON_LITERAL, List.of(), "f'{PREFIX}01'", 1),
                row("revision = 'a' + b\n", "revision", FieldState.NON_LITERAL, List.of(), "'a' + b", 1),
                row("revision = '%s1' % p\n", "revision", FieldState.NON_LITERAL, List.of(), "'%s1' % p", 1),
                row(
                        "down_revision = 'a' if X else 'b'\n",
                        "down_revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "'a' if X else 'b'",
                        1),
                row("depends_on = DEPS\n", "depends_on", FieldState.NON_LITERAL, List.of(), "DEPS", 1),
                row("revision = 12\n", "revision", FieldState.WRONG_TYPE, List.of(), "12", 1),
                row("down_revision = True\n", "down_revision", FieldState.WRONG_TYPE, List.of(), "True", 1),
                row("down_revision = ('a', 1)\n", "down_revision", FieldState.WRONG_TYPE, List.of(), "('a', 1)", 1),
                row("down_revision = (('a',),)\n", "down_revision", FieldState.WRONG_TYPE, List.of(), "(('a',),)", 1),
                row("branch_labels = {'a': 1}\n", "branch_labels", FieldState.WRONG_TYPE, List.of(), "{'a': 1}", 1),
                row("revision = None\n", "revision", FieldState.WRONG_TYPE, List.of(), "None", 1),
                row(
                        "if TYPE_CHECKING:\n    down_revision = 'a'\n",
                        "down_revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "'a'",
                        2),
                row(
                        "try:\n    revision = 'a'\nexcept Exception:\n    revision = 'b'\n",
                        "revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "'b'",
                        4),
                row("with ctx():\n    revision = 'a'\n", "revision", FieldState.NON_LITERAL, List.of(), "'a'", 2),
                row("if x: revision = 'a'\n", "revision", FieldState.NON_LITERAL, List.of(), "'a'", 1),
                row(
                        "if x:\n    revision = 'a'\nrevision = 'b'\n",
                        "revision",
                        FieldState.LITERAL,
                        List.of("b"),
                        "'b'",
                        3),
                row(
                        "revision, down_revision = 'a', None\n",
                        "revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "'a', None",
                        1),
                row("revision = down_revision = 'a'\n", "down_revision", FieldState.NON_LITERAL, List.of(), "'a'", 1),
                row("revision = 'a'\nrevision += 'b'\n", "revision", FieldState.NON_LITERAL, List.of(), "'b'", 2),
                row(
                        "from .base import down_revision\n",
                        "down_revision",
                        FieldState.NON_LITERAL,
                        List.of(),
                        "from .base import down_revision",
                        1),
                row(
                        "down_revision = 'a'\nx[down_revision] = 1\nobj.down_revision = 2\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a"),
                        "'a'",
                        1),
                row(
                        "down_revision = {'a', 'b'}\n",
                        "down_revision",
                        FieldState.LITERAL,
                        List.of("a", "b"),
                        "{'a', 'b'}",
                        1));
    }

    static Arguments row(String src, String name, FieldState state, List<String> values, String written, int line) {
        return Arguments.of(src, name, state, values, written, line);
    }

    @ParameterizedTest(name = "[{index}] {1} in {0}")
    @MethodSource("shapes")
    void readsEachShape(String src, String name, FieldState state, List<String> values, String written, int line) {
        // When
        MigrationScript s = parse(src);
        Field f = field(s, name);
        // Then
        assertThat(f.state()).as("state").isEqualTo(state);
        assertThat(f.values()).as("values").isEqualTo(values);
        assertThat(f.line()).as("line").isEqualTo(line);
        assertThat(src.substring(f.start(), f.end())).as("span").isEqualTo(written);
        assertThat(f.source()).as("source").isEqualTo(written);
        assertThat(s.problems()).noneMatch(p -> p.check().equals(Check.UNPARSEABLE_FILE.wire()));
    }

    @Test
    void nonLiteralDownRevisionIsAnErrorThatQuotesTheSource() {
        MigrationScript s = parse("revision = 'x'\ndown_revision = (cli.EXPAND_BRANCH,)\n");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(Check.NON_LITERAL_VALUE.wire());
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.file()).isEqualTo("versions/x.py");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("`(cli.EXPAND_BRANCH,)`").contains("the name 'cli'");
            assertThat(p.alembic()).contains("executes the file");
        });
    }

    @Test
    void nonLiteralDependsOnIsOnlyAWarning() {
        MigrationScript s = parse("depends_on = DEPS\n");
        assertThat(s.problems()).extracting(Finding::severity).containsExactly(Severity.WARNING);
    }

    @Test
    void conditionalAssignmentNamesTheStatement() {
        MigrationScript s = parse("revision = 'a'\nif TYPE_CHECKING:\n    down_revision = 'b'\n");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("top-level 'if' statement at line 2");
            assertThat(p.line()).isEqualTo(3);
        });
    }

    @Test
    void integerRevisionIsInvalidRevisionIdWithAlembicsTypeError() {
        MigrationScript s = parse("revision = 12\ndown_revision = None\n");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(Check.INVALID_REVISION_ID.wire());
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.alembic()).contains("TypeError: 'int' object is not iterable");
        });
    }

    @Test
    void tupleHoldingANumberSaysWhichItem() {
        MigrationScript s = parse("down_revision = ('a', 1)\n");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(Check.NON_LITERAL_VALUE.wire());
            assertThat(p.message()).contains("item 1 is a int");
            assertThat(p.alembic()).contains("sequence item 1: expected str instance, int found");
        });
    }

    @Test
    void emptyStringDownRevisionIsABaseIn181WithAWarning() {
        MigrationScript s = parse("down_revision = ''\n");
        assertThat(s.downRevision().emptyString()).isTrue();
        assertThat(s.downRevision().values()).isEmpty();
        assertThat(s.downRevision().state()).isEqualTo(FieldState.LITERAL);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(Check.EMPTY_DOWN_REVISION.wire());
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.alembic()).contains("1.8.1 treats '' as None");
        });
    }

    @Test
    void emptyStringInATupleIsABrokenReferenceIn181() {
        // Measured with Alembic 1.8.1: ('',) keeps '' as the parent and fails with KeyError: ''.
        MigrationScript s = parse("down_revision = ('',)\n");
        assertThat(s.downRevision().values()).containsExactly("");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(Check.EMPTY_DOWN_REVISION.wire());
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.alembic()).contains("KeyError: ''");
        });
    }

    @Test
    void duplicateBranchLabelsConflictAsIn181() {
        MigrationScript s = parse("branch_labels = ('x', 'x')\n");
        assertThat(s.branchLabels().values()).containsExactly("x");
        assertThat(s.problems()).extracting(Finding::check).containsExactly(Check.BRANCH_LABEL_CONFLICT.wire());
    }

    @Test
    void alembicTemplateDocstring() {
        String src = """
                \"\"\"Add account table

                Second paragraph is not part of the message.

                Revision ID: 1975ea83b712
                Revises: 27c6a30d7c24
                Create Date: 2011-11-08 11:40:27.089406

                \"\"\"
                from alembic import op

                # revision identifiers, used by Alembic.
                revision = '1975ea83b712'
                down_revision = '27c6a30d7c24'
                """;
        Docstring d = parse(src).docstring();
        assertThat(d.message()).isEqualTo("Add account table");
        assertThat(d.revisionId()).isEqualTo("1975ea83b712");
        assertThat(d.revisionIdLine()).isEqualTo(5);
        assertThat(d.revises()).isEqualTo("27c6a30d7c24");
        assertThat(d.revisesLine()).isEqualTo(6);
        assertThat(d.createDate()).isEqualTo("2011-11-08 11:40:27.089406");
        assertThat(d.createDateLine()).isEqualTo(7);
        assertThat(d.line()).isEqualTo(1);
        assertThat(src.substring(d.start(), d.end())).startsWith("\"\"\"Add").endsWith("\n\n\"\"\"");
    }

    @Test
    void docstringMessageKeepsAMultiLineFirstParagraphAsAlembicPrintsIt() {
        Docstring d = parse("# comment\n\n'''  first line\nsecond line\n\nRevises: \n'''\n")
                .docstring();
        assertThat(d.message()).isEqualTo("first line\nsecond line");
        assertThat(d.revises()).isEmpty();
        assertThat(d.revisesLine()).isEqualTo(6);
        assertThat(d.line()).isEqualTo(3);
    }

    @Test
    void docstringLinesFollowThePhysicalLinesAcrossEscapesAndConcatenation() {
        Docstring d = parse("(r'''msg''' '\\nRevision ID: abc'\n '\\nRevises: def')\n")
                .docstring();
        assertThat(d.message()).isEqualTo("msg\nRevision ID: abc\nRevises: def");
        assertThat(d.revisionIdLine()).isEqualTo(1);
        assertThat(d.revisesLine()).isEqualTo(2);
    }

    @Test
    void noDocstringWhenTheFirstStatementIsNotAString() {
        assertThat(parse("import x\n'''not a docstring'''\n").docstring()).isEqualTo(Docstring.NONE);
        assertThat(parse("b'''bytes are no docstring'''\n").docstring()).isEqualTo(Docstring.NONE);
        assertThat(parse("f'''nor an f-string'''\n").docstring()).isEqualTo(Docstring.NONE);
    }

    @Test
    void markerIsFoundAnywhereInTheText() {
        assertThat(parse("# Constitutional Hash: cdd01ef066bc6cf2\nrevision = 'a'\n")
                        .hasMarker())
                .isTrue();
        assertThat(parse("revision = 'a'\n").hasMarker()).isFalse();
        assertThat(new MigrationParser(null)
                        .parse("a.py", "x = 'cdd01ef066bc6cf2'".getBytes(StandardCharsets.UTF_8))
                        .hasMarker())
                .isFalse();
    }

    @Test
    void bomAndCodingDeclarationAreHonoured() {
        byte[] latin1 = "# -*- coding: latin-1 -*-\nrevision = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
        MigrationScript s = PARSER.parse("a.py", latin1);
        assertThat(s.revisionId()).isEqualTo("café");
        assertThat(s.problems()).isEmpty();

        byte[] body = "revision = 'abc'\n".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[body.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bom, 3, body.length);
        MigrationScript b = PARSER.parse("b.py", bom);
        assertThat(b.revisionId()).isEqualTo("abc");
        assertThat(b.revision().start()).isEqualTo(11);
    }

    @Test
    void fStringsWithNestedQuotesAreOneToken() {
        MigrationScript s = parse("x = f\"{d[\"k\"]:>{w}} {'}'}\"\nrevision = 'a'\n");
        assertThat(s.revisionId()).isEqualTo("a");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void matchStatementBodiesAreConditional() {
        MigrationScript s = parse("match env:\n    case 'prod':\n        revision = 'a'\n");
        assertThat(s.revision().state()).isEqualTo(FieldState.NON_LITERAL);
        assertThat(s.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'match'"));
    }
}
