package io.revchain.core.parse;

import io.revchain.core.model.Check;
import io.revchain.core.model.Docstring;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.model.Severity;
import io.revchain.core.parse.LiteralReader.Elem;
import io.revchain.core.parse.LiteralReader.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an Alembic migration file without importing or executing it, and decides what Alembic would see in its
 * module-level {@code revision}, {@code down_revision}, {@code branch_labels} and {@code depends_on}, and its
 * module docstring.
 *
 * <p>The bytes are decoded as CPython would ({@link SourceDecoder}) and tokenized by Python's lexical rules
 * ({@link PythonTokenizer}). Only unconditional module-level statements count: {@code x = v}, annotated
 * {@code x: T = v}, several statements on a line separated by {@code ;}. The last assignment of a name wins, as at
 * import time. A value is a literal when {@code ast.literal_eval} would accept it ({@link LiteralReader}) and is then
 * normalised as Alembic does ({@code to_tuple}, {@code tuple_rev_as_scalar}, de-duplication in order). The field
 * records the exact char span of the value expression in the decoded text, so a repair can replace it.
 *
 * <p>What cannot be known without executing the file is never guessed: a name, call, f-string or operator, an
 * assignment inside a top-level {@code if}/{@code try}/{@code with}/{@code for}/{@code while}/{@code match},
 * tuple unpacking, chained or augmented assignment, or an import of the name make the field
 * {@link FieldState#NON_LITERAL} with a {@code non-literal-value} finding. A literal of a type Alembic cannot use is
 * {@link FieldState#WRONG_TYPE}. A file CPython would refuse to compile yields an {@code unparseable-file} error
 * (fields read before the error are kept). {@link #parse} never throws.
 */
public final class MigrationParser {
    static final String REVISION = "revision";
    static final String DOWN_REVISION = "down_revision";
    static final String BRANCH_LABELS = "branch_labels";
    static final String DEPENDS_ON = "depends_on";
    private static final String[] NAMES = {REVISION, DOWN_REVISION, BRANCH_LABELS, DEPENDS_ON};
    private static final int MESSAGE_SOURCE_LIMIT = 120;

    private final String marker;

    /** @param marker a string whose presence {@link MigrationScript#hasMarker()} reports; {@code null} = none */
    public MigrationParser(String marker) {
        this.marker = marker == null || marker.isEmpty() ? null : marker;
    }

    /**
     * Parses one migration file.
     *
     * @param path    the file's path relative to the analysed root ('/' separators), used in findings
     * @param content the raw bytes of the file
     * @return what the file defines; never {@code null}, never throws
     */
    public MigrationScript parse(String path, byte[] content) {
        byte[] bytes = content == null ? new byte[0] : content;
        try {
            return doParse(path, bytes);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            Finding f = new Finding(
                    Check.UNPARSEABLE_FILE,
                    Severity.ERROR,
                    null,
                    path,
                    0,
                    path + " could not be read by revchain's parser ("
                            + e.getClass().getSimpleName()
                            + "); check that it is a Python source file and report this file to the revchain team.",
                    "unknown: revchain could not determine what Python makes of this file",
                    List.of());
            return empty(path, markerInBytes(bytes), List.of(f));
        }
    }

    private MigrationScript empty(String path, boolean hasMarker, List<Finding> problems) {
        return new MigrationScript(
                path,
                Field.absent(REVISION),
                Field.absent(DOWN_REVISION),
                Field.absent(BRANCH_LABELS),
                Field.absent(DEPENDS_ON),
                Docstring.NONE,
                hasMarker,
                problems);
    }

    private MigrationScript doParse(String path, byte[] bytes) {
        String text;
        try {
            text = SourceDecoder.decode(bytes);
        } catch (PythonSyntaxError e) {
            return empty(path, markerInBytes(bytes), List.of(unparseable(path, e)));
        }
        List<Finding> problems = new ArrayList<>();
        ModuleReader reader = new ModuleReader(text);
        try {
            reader.run();
        } catch (PythonSyntaxError e) {
            problems.add(unparseable(path, e));
        }
        Docstring doc = Docstring.NONE;
        if (reader.docStart >= 0) {
            try {
                doc = DocstringReader.read(text, reader.docStart, reader.docEnd, reader.docLine);
            } catch (PythonSyntaxError e) {
                problems.add(unparseable(path, e));
            }
        }
        Field[] fields = new Field[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Event ev = reader.last[i];
            fields[i] = ev == null
                    ? Field.absent(NAMES[i])
                    : field(path, text.substring(ev.start(), ev.end()), i, ev, problems);
        }
        boolean hasMarker = marker != null && text.contains(marker);
        return new MigrationScript(path, fields[0], fields[1], fields[2], fields[3], doc, hasMarker, problems);
    }

    private boolean markerInBytes(byte[] bytes) {
        if (marker == null) {
            return false;
        }
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + m.length <= bytes.length; i++) {
            for (int k = 0; k < m.length; k++) {
                if (bytes[i + k] != m[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Finding unparseable(String path, PythonSyntaxError e) {
        return new Finding(
                Check.UNPARSEABLE_FILE,
                Severity.ERROR,
                null,
                path,
                e.line(),
                path + (e.line() > 0 ? " line " + e.line() : "") + " is not valid Python: " + e.getMessage()
                        + ". Fix the file so that Python can compile it; revchain read no further than this error.",
                "Alembic imports every file in the versions folder: Python raises SyntaxError (" + e.getMessage()
                        + ") and every alembic command fails with a traceback.",
                List.of());
    }

    // ---------------------------------------------------------------- fields and their findings

    /** One assignment (or binding) of a watched name. */
    record Event(int name, Elem value, String reason, String context, int line, int start, int end) {}

    /**
     * The field a value resolved elsewhere gives (see {@link ConstantResolver}): classified, normalised and checked
     * exactly as if {@code value} had been written in place of {@code original}'s expression, whose span, line and
     * source text are kept. Findings go to {@code problems}.
     */
    static Field literalField(String path, Field original, Elem value, List<Finding> problems) {
        int i = nameIndex(original.name());
        Event ev = new Event(i, value, null, null, original.line(), original.start(), original.end());
        return field(path, original.source(), i, ev, problems);
    }

    /** Whether {@code f} is the {@code non-literal-value} finding {@link #parse} made for {@code field} of {@code path}. */
    static boolean isNonLiteralFinding(Finding f, String path, Field field) {
        return f.is(Check.NON_LITERAL_VALUE)
                && f.line() == field.line()
                && path.equals(f.file())
                && f.message().startsWith(nonLiteralPrefix(field.name(), path, field.line()));
    }

    private static String nonLiteralPrefix(String name, String path, int line) {
        return "'" + name + "' in " + path + " line " + line + " cannot be read without executing the file: ";
    }

    private static Field field(String path, String source, int i, Event ev, List<Finding> problems) {
        String name = NAMES[i];
        String quoted = quote(source);
        boolean chainField = i <= 1;
        if (ev.value() == null) {
            String why = ev.context() != null ? ev.context() : "it is not a literal (" + ev.reason() + ")";
            problems.add(new Finding(
                    Check.NON_LITERAL_VALUE,
                    chainField ? Severity.ERROR : Severity.WARNING,
                    null,
                    path,
                    ev.line(),
                    nonLiteralPrefix(name, path, ev.line()) + why + ": " + quoted
                            + ". Assign it once, at module level, as a "
                            + "string literal (or None, or a tuple of strings)"
                            + (chainField
                                    ? "; until then revchain cannot verify the chain through this file."
                                    : "; until then revchain ignores it."),
                    "Alembic executes the file and uses whatever value the code produces at import time.",
                    List.of()));
            return Field.nonLiteral(name, ev.line(), ev.start(), ev.end(), source);
        }
        Elem v = ev.value();
        if (v.kind() == Kind.NONE && i > 0) {
            return Field.none(name, ev.line(), ev.start(), ev.end(), source);
        }
        if (v.kind() == Kind.STR) {
            if (!v.str().isEmpty()) {
                return Field.literal(name, List.of(v.str()), ev.line(), ev.start(), ev.end(), source);
            }
            if (i == 0) {
                problems.add(new Finding(
                        Check.INVALID_REVISION_ID,
                        Severity.ERROR,
                        null,
                        path,
                        ev.line(),
                        "'revision' in " + path + " line " + ev.line() + " is the empty string; give the migration "
                                + "a real revision id (Alembic generates 12 hex digits).",
                        "Alembic 1.8.1 loads it as a revision named '' that nothing can reference by name.",
                        List.of()));
            } else if (i == 1) {
                problems.add(new Finding(
                        Check.EMPTY_DOWN_REVISION,
                        Severity.WARNING,
                        null,
                        path,
                        ev.line(),
                        "'down_revision' in " + path + " line " + ev.line() + " is the empty string ''; write None "
                                + "if this is meant to be a base, or the id of the parent revision.",
                        "Alembic 1.8.1 treats '' as None (a base); later releases (1.19) treat it as a reference to "
                                + "a revision named '' and fail with KeyError: ''.",
                        List.of()));
            }
            return Field.emptyString(name, ev.line(), ev.start(), ev.end(), source);
        }
        if (i > 0 && (v.kind() == Kind.TUPLE || v.kind() == Kind.LIST || v.kind() == Kind.SET)) {
            int bad = -1;
            for (int k = 0; k < v.children().size() && bad < 0; k++) {
                if (v.children().get(k).kind() != Kind.STR) {
                    bad = k;
                }
            }
            if (bad < 0) {
                return sequence(path, i, ev, v, source, problems);
            }
            Elem item = v.children().get(bad);
            problems.add(wrongType(
                    path,
                    i,
                    ev,
                    quoted,
                    "a " + v.kind().pyType + " whose item " + bad + " is a " + pyType(item) + ", not a string",
                    item.kind().isContainer()
                            ? "Alembic 1.8.1 does not flatten nested sequences: the nested " + pyType(item)
                                    + " is looked up as one revision, and commands fail or mislead (measured: (('a', 'x'),) "
                                    + "fails with KeyError: 'x')."
                            : "Alembic fails: TypeError: sequence item " + bad + ": expected str instance, "
                                    + pyType(item) + " found."));
            return wrong(name, ev, source);
        }
        String type = pyType(v);
        String what = "a " + type + " (" + quoted + ")";
        String alembic = switch (i) {
            case 0 ->
                v.kind() == Kind.TUPLE || v.kind() == Kind.LIST
                        ? "Alembic takes the whole " + type + " as the revision id: the revision cannot be located "
                                + "(measured: FAILED: Can't locate revision)."
                        : "Alembic fails on every command: TypeError: '" + type + "' object is not iterable.";
            case 1 ->
                v.kind() == Kind.BYTES
                        ? "Alembic fails: TypeError: sequence item 0: expected str instance, int found."
                        : v.kind() == Kind.DICT
                                ? "Alembic iterates the dict's keys as parent revisions."
                                : "Alembic fails on every command: TypeError: object of type '" + type
                                        + "' has no len().";
            case 3 ->
                v.kind() == Kind.DICT
                        ? "Alembic iterates the dict's keys as dependencies."
                        : "Alembic fails while building the revision map: KeyError: "
                                + (v.str() != null ? v.str() : type) + ".";
            default ->
                v.kind() == Kind.DICT
                        ? "Alembic iterates the dict's keys as branch labels."
                        : "Alembic fails: TypeError: sequence item 0: expected str instance, " + type + " found.";
        };
        problems.add(wrongType(path, i, ev, quoted, what, alembic));
        return wrong(name, ev, source);
    }

    private static Field sequence(String path, int i, Event ev, Elem v, String source, List<Finding> problems) {
        String name = NAMES[i];
        Set<String> unique = new LinkedHashSet<>();
        for (Elem e : v.children()) {
            unique.add(e.str());
        }
        if (i == 2 && unique.size() < v.children().size()) {
            problems.add(new Finding(
                    Check.BRANCH_LABEL_CONFLICT,
                    Severity.ERROR,
                    null,
                    path,
                    ev.line(),
                    "'branch_labels' in " + path + " line " + ev.line() + " names the same label twice: "
                            + quote(source) + "; list each label once.",
                    "Alembic fails: RevisionError: Branch name '...' in revision X already used by revision X.",
                    List.of()));
        }
        if (i == 1 && unique.contains("")) {
            problems.add(new Finding(
                    Check.EMPTY_DOWN_REVISION,
                    Severity.ERROR,
                    null,
                    path,
                    ev.line(),
                    "'down_revision' in " + path + " line " + ev.line() + " contains the empty string: " + quote(source)
                            + "; name the parent revisions, or write None for a base.",
                    "Alembic 1.8.1 looks up a revision named '': UserWarning 'Revision  referenced from ... is not "
                            + "present', then KeyError: ''.",
                    List.of()));
        }
        return Field.literal(name, List.copyOf(unique), ev.line(), ev.start(), ev.end(), source);
    }

    private static Finding wrongType(String path, int i, Event ev, String quoted, String what, String alembic) {
        String name = NAMES[i];
        String expected = i == 0
                ? "a string literal such as '1975ea83b712'"
                : "None, a string literal, or a tuple of string literals";
        return new Finding(
                i == 0 ? Check.INVALID_REVISION_ID : Check.NON_LITERAL_VALUE,
                Severity.ERROR,
                null,
                path,
                ev.line(),
                "'" + name + "' in " + path + " line " + ev.line() + " is " + what
                        + (what.contains(quoted) ? "" : ": " + quoted) + "; Alembic needs " + expected + ".",
                alembic,
                List.of());
    }

    private static Field wrong(String name, Event ev, String source) {
        return Field.wrongType(name, ev.line(), ev.start(), ev.end(), source);
    }

    private static String pyType(Elem e) {
        if (e.kind() == Kind.NUM && e.str() != null) {
            String s = e.str();
            if (s.endsWith("j") || s.endsWith("J")) {
                return "complex";
            }
            boolean hex = s.contains("0x") || s.contains("0X");
            if (s.contains(".") || (!hex && (s.contains("e") || s.contains("E")))) {
                return "float";
            }
        }
        return e.kind().pyType;
    }

    private static String quote(String source) {
        String oneLine = source.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        return "`"
                + (oneLine.length() > MESSAGE_SOURCE_LIMIT
                        ? oneLine.substring(0, MESSAGE_SOURCE_LIMIT) + "..."
                        : oneLine)
                + "`";
    }

    static int nameIndex(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
