package io.revchain.core.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides, token by token, whether an expression is a literal that Python's {@code ast.literal_eval} accepts, and
 * if so what it is: strings (adjacent literals concatenated), bytes, numbers (with a sign, or {@code 1+2j}),
 * {@code None}, booleans, {@code ...}, tuples, lists, sets, dicts and {@code set()}.
 *
 * <p>Anything else (a name, an attribute, a call, a subscript, an f-string, an operator, a conditional, a
 * comprehension) makes the expression non-literal, with a short reason naming the first offending token. Nested
 * brackets use an explicit stack bounded by {@link PythonTokenizer#MAX_DEPTH}; only one level of children is kept
 * per container, so memory stays proportional to the largest container rather than to the whole nesting.
 */
final class LiteralReader {

    /** What a literal evaluates to. */
    enum Kind {
        NONE("NoneType"),
        BOOL("bool"),
        STR("str"),
        BYTES("bytes"),
        NUM("int"),
        ELLIPSIS("ellipsis"),
        TUPLE("tuple"),
        LIST("list"),
        SET("set"),
        DICT("dict");

        final String pyType;

        Kind(String pyType) {
            this.pyType = pyType;
        }

        boolean isContainer() {
            return this == TUPLE || this == LIST || this == SET || this == DICT;
        }
    }

    /**
     * A literal value.
     *
     * @param kind     its type
     * @param str      the decoded value of a string, the source text of a number, else {@code null}
     * @param children a container's elements (without their own children), else {@code null}
     */
    record Elem(Kind kind, String str, List<Elem> children) {
        Elem stripped() {
            return children == null ? this : new Elem(kind, str, null);
        }
    }

    private static final int TOP = 0;
    private static final int PAREN = 1;
    private static final int LIST = 2;
    private static final int BRACE = 3;

    private static final int EXPECT = 0;
    private static final int AFTER = 1;
    private static final int AFTER_STR = 2;
    private static final int UNARY = 3;
    private static final int AFTER_NUM = 4;
    private static final int COMPLEX_OP = 5;
    private static final int SET_CALL_OPEN = 6;
    private static final int SET_CALL_CLOSE = 7;

    private static final int DICT_UNKNOWN = 0;
    private static final int DICT_YES = 1;
    private static final int DICT_NO = 2;

    private static final int MAX = PythonTokenizer.MAX_DEPTH + 2;
    // Per-level state, grown on demand up to MAX: most values nest one or two levels deep.
    private int[] kind = new int[8];
    private int[] state = new int[8];
    private Elem[] pending = new Elem[8];

    @SuppressWarnings("unchecked")
    private List<Elem>[] children = new List[8];

    private boolean[] sawComma = new boolean[8];
    private int[] dictMode = new int[8];
    private boolean[] expectValue = new boolean[8];
    private int top;
    private boolean empty;

    private final StringBuilder run = new StringBuilder();
    private boolean runBytes;
    private String numText;
    private String nonLiteral;
    private String syntaxError;

    LiteralReader() {
        reset();
    }

    /** Starts a new expression. */
    void reset() {
        top = 0;
        open(TOP);
        nonLiteral = null;
        syntaxError = null;
        empty = true;
        run.setLength(0);
    }

    private void open(int k) {
        if (top == kind.length) {
            int size = Math.min(MAX, kind.length * 2);
            kind = Arrays.copyOf(kind, size);
            state = Arrays.copyOf(state, size);
            pending = Arrays.copyOf(pending, size);
            children = Arrays.copyOf(children, size);
            sawComma = Arrays.copyOf(sawComma, size);
            dictMode = Arrays.copyOf(dictMode, size);
            expectValue = Arrays.copyOf(expectValue, size);
        }
        kind[top] = k;
        state[top] = EXPECT;
        pending[top] = null;
        children[top] = null;
        sawComma[top] = false;
        dictMode[top] = DICT_UNKNOWN;
        expectValue[top] = false;
    }

    /** Why the expression is not a literal, or {@code null}. */
    String nonLiteral() {
        return nonLiteral;
    }

    /** A CPython compile error found in the expression (e.g. mixing bytes and str literals), or {@code null}. */
    String syntaxError() {
        return syntaxError;
    }

    /** Reads the tokenizer's current token as the next token of the expression. */
    void feed(PythonTokenizer t) throws PythonSyntaxError {
        if (nonLiteral != null) {
            return;
        }
        empty = false;
        int f = top;
        switch (state[f]) {
            case EXPECT -> expect(t);
            case UNARY -> {
                if (t.type() == PythonTokenizer.NUMBER) {
                    numText = numText + t.text();
                    number(t);
                } else {
                    fail("a unary operator on something other than a number");
                }
            }
            case AFTER_NUM -> {
                if (t.isOp("+") || t.isOp("-")) {
                    numText = numText + t.text();
                    state[f] = COMPLEX_OP;
                } else {
                    after(t);
                }
            }
            case COMPLEX_OP -> {
                String txt = t.text();
                if (t.type() == PythonTokenizer.NUMBER && (txt.endsWith("j") || txt.endsWith("J"))) {
                    pending[f] = new Elem(Kind.NUM, numText + txt, null);
                    state[f] = AFTER;
                } else {
                    fail("arithmetic");
                }
            }
            case AFTER_STR -> {
                if (t.type() == PythonTokenizer.STRING) {
                    if (t.fstring()) {
                        fail("an f-string");
                    } else if (t.bytes() != runBytes) {
                        syntaxError = "cannot mix bytes and nonbytes literals";
                        fail("mixed bytes and str literals");
                    } else {
                        decode(t);
                    }
                } else {
                    pending[f] = new Elem(runBytes ? Kind.BYTES : Kind.STR, run.toString(), null);
                    run.setLength(0);
                    state[f] = AFTER;
                    after(t);
                }
            }
            case SET_CALL_OPEN -> {
                if (t.isOp("(")) {
                    state[f] = SET_CALL_CLOSE;
                } else {
                    fail("the name 'set'");
                }
            }
            case SET_CALL_CLOSE -> {
                if (t.isOp(")")) {
                    pending[f] = new Elem(Kind.SET, null, List.of());
                    state[f] = AFTER;
                } else {
                    fail("a call of set()");
                }
            }
            default -> after(t);
        }
    }

    private void expect(PythonTokenizer t) throws PythonSyntaxError {
        int f = top;
        switch (t.type()) {
            case PythonTokenizer.STRING -> {
                if (t.fstring()) {
                    fail("an f-string");
                    return;
                }
                run.setLength(0);
                runBytes = t.bytes();
                decode(t);
                state[f] = AFTER_STR;
            }
            case PythonTokenizer.NUMBER -> {
                numText = t.text();
                number(t);
            }
            case PythonTokenizer.NAME -> {
                if (t.isName("None")) {
                    element(new Elem(Kind.NONE, null, null));
                } else if (t.isName("True") || t.isName("False")) {
                    element(new Elem(Kind.BOOL, t.text(), null));
                } else if (t.isName("set")) {
                    state[f] = SET_CALL_OPEN;
                } else {
                    fail("the name '" + t.name() + "'");
                }
            }
            default -> {
                if (t.isOp("...")) {
                    element(new Elem(Kind.ELLIPSIS, null, null));
                } else if (t.isOp("-") || t.isOp("+")) {
                    numText = t.text();
                    state[f] = UNARY;
                } else if (t.isOp("(") || t.isOp("[") || t.isOp("{")) {
                    if (top + 1 >= MAX) {
                        fail("too deeply nested");
                        return;
                    }
                    top++;
                    open(t.isOp("(") ? PAREN : t.isOp("[") ? LIST : BRACE);
                } else if ((t.isOp(")") || t.isOp("]") || t.isOp("}"))
                        && kind[f] != TOP
                        && !expectValue[f]
                        && (sawComma[f] || children[f] == null)) {
                    close();
                } else {
                    fail(describe(t));
                }
            }
        }
    }

    private void number(PythonTokenizer t) {
        String txt = t.text();
        boolean imaginary = txt.endsWith("j") || txt.endsWith("J");
        pending[top] = new Elem(Kind.NUM, numText, null);
        state[top] = imaginary ? AFTER : AFTER_NUM;
    }

    private void element(Elem e) {
        pending[top] = e;
        state[top] = AFTER;
    }

    private void decode(PythonTokenizer t) throws PythonSyntaxError {
        PyStrings.decode(t.source(), t.bodyStart(), t.bodyEnd(), t.line(), t.raw(), t.bytes(), run, null);
    }

    private void after(PythonTokenizer t) {
        int f = top;
        if (t.isOp(",")) {
            if (kind[f] == BRACE) {
                if (dictMode[f] == DICT_UNKNOWN) {
                    dictMode[f] = DICT_NO;
                } else if (dictMode[f] == DICT_YES && !expectValue[f]) {
                    fail("a malformed dict");
                    return;
                }
                expectValue[f] = false;
            }
            if (!(kind[f] == BRACE && dictMode[f] == DICT_YES)) {
                add(f, pending[f]);
            }
            pending[f] = null;
            sawComma[f] = true;
            state[f] = EXPECT;
        } else if (t.isOp(":") && kind[f] == BRACE && !expectValue[f] && dictMode[f] != DICT_NO) {
            dictMode[f] = DICT_YES;
            expectValue[f] = true;
            add(f, pending[f]);
            pending[f] = null;
            state[f] = EXPECT;
        } else if ((t.isOp(")") && kind[f] == PAREN)
                || (t.isOp("]") && kind[f] == LIST)
                || (t.isOp("}") && kind[f] == BRACE)) {
            close();
        } else {
            fail(describeAfter(t));
        }
    }

    private void add(int f, Elem e) {
        if (children[f] == null) {
            children[f] = new ArrayList<>();
        }
        children[f].add(e.stripped());
    }

    private void close() {
        int f = top;
        Elem result;
        if (kind[f] == PAREN && !sawComma[f] && pending[f] != null) {
            result = pending[f];
        } else {
            if (pending[f] != null) {
                if (kind[f] == BRACE && dictMode[f] == DICT_UNKNOWN) {
                    dictMode[f] = DICT_NO;
                }
                if (!(kind[f] == BRACE && dictMode[f] == DICT_YES)) {
                    add(f, pending[f]);
                }
            }
            List<Elem> kids = children[f] == null ? List.of() : List.copyOf(children[f]);
            Kind k = switch (kind[f]) {
                case PAREN -> Kind.TUPLE;
                case LIST -> Kind.LIST;
                default -> dictMode[f] == DICT_NO ? Kind.SET : Kind.DICT;
            };
            result = new Elem(k, null, kids);
        }
        pending[f] = null;
        children[f] = null;
        top--;
        pending[top] = result;
        state[top] = AFTER;
    }

    private void fail(String reason) {
        if (nonLiteral == null) {
            nonLiteral = reason;
        }
    }

    private static String describe(PythonTokenizer t) {
        if (t.isOp("*") || t.isOp("**")) {
            return "an unpacking";
        }
        if (t.type() == PythonTokenizer.NAME) {
            return "the keyword '" + t.text() + "'";
        }
        return "'" + t.text() + "'";
    }

    private static String describeAfter(PythonTokenizer t) {
        if (t.isOp("(")) {
            return "a call";
        }
        if (t.isOp("[")) {
            return "a subscript";
        }
        if (t.isOp(".")) {
            return "an attribute access";
        }
        if (t.isName("if")) {
            return "a conditional expression";
        }
        if (t.isName("for") || t.isName("async")) {
            return "a comprehension";
        }
        if (t.isOp("%")) {
            return "%-formatting";
        }
        if (t.type() == PythonTokenizer.OP) {
            return "the operator '" + t.text() + "'";
        }
        return "'" + t.text() + "'";
    }

    /** The literal read since {@link #reset()}, or {@code null} when it is not one (see {@link #nonLiteral()}). */
    Elem result() {
        if (nonLiteral != null) {
            return null;
        }
        if (empty || top != 0) {
            fail("an incomplete expression");
            return null;
        }
        int f = 0;
        switch (state[f]) {
            case AFTER_STR -> {
                pending[f] = new Elem(runBytes ? Kind.BYTES : Kind.STR, run.toString(), null);
                run.setLength(0);
                state[f] = AFTER;
            }
            case AFTER_NUM, AFTER -> {}
            case EXPECT -> {
                if (!sawComma[f]) {
                    fail("an incomplete expression");
                    return null;
                }
            }
            default -> {
                fail("an incomplete expression");
                return null;
            }
        }
        if (!sawComma[f]) {
            return pending[f];
        }
        List<Elem> kids = new ArrayList<>(children[f] == null ? List.of() : children[f]);
        if (pending[f] != null) {
            kids.add(pending[f].stripped());
        }
        return new Elem(Kind.TUPLE, null, List.copyOf(kids));
    }
}
