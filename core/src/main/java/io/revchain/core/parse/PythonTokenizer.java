package io.revchain.core.parse;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A streaming tokenizer that follows Python's lexical rules (language reference, "Lexical analysis").
 *
 * <p>It delivers the tokens a statement reader needs: names, numbers, string literals (every prefix
 * {@code r u b f rb br fr rf} in any case, single, double and triple quotes, f-strings with nested replacement
 * fields and quotes as Python 3.12 reads them), operators, and one {@link #NEWLINE} per logical line. Comments,
 * blank lines, line breaks inside brackets (implicit joining) and backslash continuations are consumed, not
 * delivered. CRLF, CR and LF all end a line. Each token carries its char offsets, its 1-based line, the bracket
 * depth before it and, for the first token of a logical line, the line's indentation column (tabs to multiples of
 * eight, as CPython counts them).
 *
 * <p>It runs in time linear in the input and keeps no per-token state: brackets are counted in fixed arrays capped
 * at CPython's limit of 200 levels, and f-string nesting uses an explicit stack, so no input can exhaust the Java
 * stack. Anything CPython's tokenizer rejects (an unterminated string, an unmatched or unclosed bracket, too many
 * nested brackets, an invalid character, a malformed escape) is a {@link PythonSyntaxError} with the line.
 */
public final class PythonTokenizer {
    public static final int NAME = 1;
    public static final int NUMBER = 2;
    public static final int STRING = 3;
    public static final int OP = 4;
    public static final int NEWLINE = 5;
    public static final int END = 6;

    /** CPython's MAXLEVEL: deeper bracket nesting is "too many nested parentheses". */
    public static final int MAX_DEPTH = 200;

    private static final Set<String> PREFIXES = Set.of("r", "u", "b", "f", "br", "rb", "fr", "rf");
    private static final String OPS1 = "()[]{}:,;.+-*/%&|^~<>=@";

    private final String s;
    private final int n;
    private int pos;
    private int line = 1;
    private boolean atLineStart = true;
    private boolean inLogical;
    private int pendingIndent;
    private int depth;
    // Bracket and string stacks start small and grow up to MAX_DEPTH: a tokenizer is made per file and per docstring.
    private char[] openChar = new char[8];
    private int[] openLine = new int[8];

    private int type;
    private int start;
    private int end;
    private int tokLine;
    private int depthBefore;
    private boolean first;
    private int indent;
    private boolean raw;
    private boolean bytes;
    private boolean fstring;
    private int bodyStart;
    private int bodyEnd;

    public PythonTokenizer(String text) {
        this(text, 0, text.length(), 1);
    }

    /** Tokenizes {@code text[from, to)} whose first char sits on 1-based line {@code line}. */
    public PythonTokenizer(String text, int from, int to, int line) {
        this.s = text;
        this.pos = from;
        this.n = to;
        this.line = line;
        this.steps = STEPS.get();
    }

    /**
     * Test hook: while a thread holds a counter here, every tokenizer made on that thread adds its steps to it (one
     * per {@link #next()} call plus one per character it moved past), so a test can bound the parser's work without a
     * clock. Unset (the product), the cost is one {@code ThreadLocal} read per tokenizer.
     */
    static final ThreadLocal<long[]> STEPS = new ThreadLocal<>();

    private final long[] steps;

    /**
     * Advances to the next token and returns its type; {@link #END} repeats once the input is exhausted.
     */
    public int next() throws PythonSyntaxError {
        if (steps == null) {
            return advance();
        }
        int from = pos;
        try {
            return advance();
        } finally {
            steps[0] += 1 + pos - from;
        }
    }

    private int advance() throws PythonSyntaxError {
        for (; ; ) {
            if (atLineStart && !startLine()) {
                continue;
            }
            if (pos >= n) {
                return atEnd();
            }
            char c = s.charAt(pos);
            switch (c) {
                case ' ', '\t', '\f' -> pos++;
                case '#' -> skipComment();
                case '\r', '\n' -> {
                    int nl = pos;
                    consumeNewline();
                    if (depth == 0 && inLogical) {
                        inLogical = false;
                        atLineStart = true;
                        return emit(NEWLINE, nl, pos, line - 1);
                    }
                    atLineStart = depth == 0;
                }
                case '\\' -> {
                    if (pos + 1 >= n) {
                        throw new PythonSyntaxError(line, "unexpected EOF while parsing");
                    }
                    char d = s.charAt(pos + 1);
                    if (d != '\r' && d != '\n') {
                        throw new PythonSyntaxError(line, "unexpected character after line continuation character");
                    }
                    pos++;
                    consumeNewline();
                }
                default -> {
                    return token(c);
                }
            }
        }
    }

    /** Measures the indentation of a new physical line; false when the line is blank or a comment only. */
    private boolean startLine() {
        int col = 0;
        int p = pos;
        while (p < n) {
            char c = s.charAt(p);
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
            } else if (c == '\f') {
                col = 0;
            } else {
                break;
            }
            p++;
        }
        pos = p;
        if (p >= n) {
            atLineStart = false;
            return true;
        }
        char c = s.charAt(p);
        if (c == '#') {
            skipComment();
            c = pos < n ? s.charAt(pos) : '\n';
        }
        if (c == '\r' || c == '\n') {
            if (pos < n) {
                consumeNewline();
            }
            return false;
        }
        if (pos >= n) {
            atLineStart = false;
            return true;
        }
        atLineStart = false;
        pendingIndent = col;
        return true;
    }

    private int atEnd() throws PythonSyntaxError {
        if (depth > 0) {
            throw new PythonSyntaxError(openLine[depth - 1], "'" + openChar[depth - 1] + "' was never closed");
        }
        if (inLogical) {
            inLogical = false;
            return emit(NEWLINE, n, n, line);
        }
        return emit(END, n, n, line);
    }

    private void skipComment() {
        while (pos < n && s.charAt(pos) != '\r' && s.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void consumeNewline() {
        if (s.charAt(pos) == '\r' && pos + 1 < n && s.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    private int emit(int t, int from, int to, int ln) {
        type = t;
        start = from;
        end = to;
        tokLine = ln;
        depthBefore = depth;
        first = false;
        return t;
    }

    private int token(char c) throws PythonSyntaxError {
        boolean isFirst = !inLogical;
        inLogical = true;
        int from = pos;
        int ln = line;
        int before = depth;
        int t;
        if (identifierStartsHere()) {
            t = scanName();
        } else if ((c >= '0' && c <= '9') || (c == '.' && pos + 1 < n && isDigit(s.charAt(pos + 1)))) {
            number();
            t = NUMBER;
        } else if (c == '"' || c == '\'') {
            string(from, pos, false, false, false);
            t = STRING;
        } else {
            op(c);
            t = OP;
        }
        type = t;
        start = from;
        end = pos;
        tokLine = ln;
        depthBefore = before;
        first = isFirst;
        if (isFirst) {
            indent = pendingIndent;
        }
        return t;
    }

    private int scanName() throws PythonSyntaxError {
        int from = pos;
        pos += Character.charCount(s.codePointAt(pos));
        while (pos < n) {
            int cp = s.codePointAt(pos);
            if (!isIdentPart(cp)) {
                break;
            }
            pos += Character.charCount(cp);
        }
        int len = pos - from;
        if (len <= 2 && pos < n && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
            String prefix = s.substring(from, pos).toLowerCase(Locale.ROOT);
            if (PREFIXES.contains(prefix)) {
                string(from, pos, prefix.indexOf('r') >= 0, prefix.indexOf('b') >= 0, prefix.indexOf('f') >= 0);
                return STRING;
            }
        }
        return NAME;
    }

    private void number() {
        char c = s.charAt(pos);
        if (c == '0' && pos + 1 < n && "xXoObB".indexOf(s.charAt(pos + 1)) >= 0) {
            pos += 2;
            while (pos < n
                    && (Character.digit(s.charAt(pos), 16) >= 0 && s.charAt(pos) < 0x80 || s.charAt(pos) == '_')) {
                pos++;
            }
            return;
        }
        digits();
        if (pos < n && s.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                p++;
            }
            if (p < n && isDigit(s.charAt(p))) {
                pos = p;
                digits();
            }
        }
        if (pos < n && (s.charAt(pos) == 'j' || s.charAt(pos) == 'J')) {
            pos++;
        }
    }

    private void digits() {
        while (pos < n && (isDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void op(char c) throws PythonSyntaxError {
        int len = opLength(c, pos + 1 < n ? s.charAt(pos + 1) : '\0', pos + 2 < n ? s.charAt(pos + 2) : '\0');
        if (len > 1) {
            pos += len;
            return;
        }
        if (OPS1.indexOf(c) < 0) {
            throw new PythonSyntaxError(
                    line,
                    c < 0x20 || c == 0x7f
                            ? String.format("invalid non-printable character U+%04X", (int) c)
                            : String.format(
                                    "invalid character '%s' (U+%04X)",
                                    new String(Character.toChars(s.codePointAt(pos))), s.codePointAt(pos)));
        }
        if (c == '(' || c == '[' || c == '{') {
            if (depth >= MAX_DEPTH) {
                throw new PythonSyntaxError(line, "too many nested parentheses");
            }
            if (depth == openChar.length) {
                openChar = Arrays.copyOf(openChar, Math.min(MAX_DEPTH, depth * 2));
                openLine = Arrays.copyOf(openLine, openChar.length);
            }
            openChar[depth] = c;
            openLine[depth] = line;
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) {
                throw new PythonSyntaxError(line, "unmatched '" + c + "'");
            }
            char open = openChar[depth - 1];
            if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
                throw new PythonSyntaxError(
                        line,
                        "closing parenthesis '" + c + "' does not match opening parenthesis '" + open + "'"
                                + (openLine[depth - 1] != line ? " on line " + openLine[depth - 1] : ""));
            }
            depth--;
        }
        pos++;
    }

    /**
     * Length of the longest operator of two or three chars starting with {@code c, d, e} (Python's operator and
     * delimiter lists), or 1 when none is.
     */
    static int opLength(char c, char d, char e) {
        switch (c) {
            case '*', '/', '<', '>' -> {
                if (d == c) {
                    return e == '=' ? 3 : 2;
                }
                return d == '=' ? 2 : 1;
            }
            case '.' -> {
                return d == '.' && e == '.' ? 3 : 1;
            }
            case '-' -> {
                return d == '=' || d == '>' ? 2 : 1;
            }
            case '=', '!', '+', '%', '&', '|', '^', '@', ':' -> {
                return d == '=' ? 2 : 1;
            }
            default -> {
                return 1;
            }
        }
    }

    // String scanning with an explicit stack: f-string replacement fields may hold further strings.
    private static final int CTX_STR = 0;
    private static final int CTX_FIELD = 1;
    private static final int CTX_SPEC = 2;
    private int[] ctxKind = new int[4];
    private char[] ctxQuote = new char[4];
    private boolean[] ctxTriple = new boolean[4];
    private boolean[] ctxF = new boolean[4];
    private int[] ctxDepth = new int[4];

    private void string(int tokStart, int quotePos, boolean isRaw, boolean isBytes, boolean isF)
            throws PythonSyntaxError {
        int startLine = line;
        pos = quotePos;
        int sp = 0;
        sp = pushStr(sp, isF);
        bodyStart = pos;
        raw = isRaw;
        bytes = isBytes;
        fstring = isF;
        while (sp > 0) {
            if (pos >= n) {
                throw new PythonSyntaxError(
                        startLine,
                        (ctxTriple[0] ? "unterminated triple-quoted string literal" : "unterminated string literal")
                                + " (detected at line " + line + ")");
            }
            char c = s.charAt(pos);
            int top = sp - 1;
            if (ctxKind[top] == CTX_STR) {
                if (c == '\\') {
                    pos++;
                    if (pos < n && (s.charAt(pos) == '\r' || s.charAt(pos) == '\n')) {
                        consumeNewline();
                    } else if (pos < n) {
                        pos++;
                    }
                } else if (c == '\r' || c == '\n') {
                    if (!ctxTriple[top]) {
                        throw new PythonSyntaxError(
                                startLine, "unterminated string literal (detected at line " + line + ")");
                    }
                    consumeNewline();
                } else if (c == ctxQuote[top]) {
                    if (!ctxTriple[top]) {
                        pos++;
                        sp--;
                    } else if (pos + 2 < n && s.charAt(pos + 1) == c && s.charAt(pos + 2) == c) {
                        pos += 3;
                        sp--;
                    } else {
                        pos++;
                    }
                    if (sp == 0) {
                        bodyEnd = pos - (ctxTriple[0] ? 3 : 1);
                    }
                } else if (ctxF[top] && (c == '{' || c == '}')) {
                    if (pos + 1 < n && s.charAt(pos + 1) == c) {
                        pos += 2;
                    } else {
                        pos++;
                        if (c == '{') {
                            sp = push(sp, CTX_FIELD);
                        }
                    }
                } else {
                    pos++;
                }
            } else if (ctxKind[top] == CTX_FIELD) {
                if (c == '\r' || c == '\n') {
                    consumeNewline();
                } else if (c == '#') {
                    skipComment();
                } else if (c == '"' || c == '\'') {
                    sp = pushStr(sp, false);
                } else if (identifierStartsHere()) {
                    int from = pos;
                    while (pos < n && isIdentPart(s.codePointAt(pos))) {
                        pos += Character.charCount(s.codePointAt(pos));
                    }
                    if (pos - from <= 2
                            && pos < n
                            && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')
                            && PREFIXES.contains(s.substring(from, pos).toLowerCase(Locale.ROOT))) {
                        sp = pushStr(
                                sp,
                                s.substring(from, pos).toLowerCase(Locale.ROOT).indexOf('f') >= 0);
                    }
                } else {
                    pos++;
                    if (c == '(' || c == '[' || c == '{') {
                        ctxDepth[top]++;
                    } else if (c == ')' || c == ']') {
                        ctxDepth[top] = Math.max(0, ctxDepth[top] - 1);
                    } else if (c == '}') {
                        if (ctxDepth[top] == 0) {
                            sp--;
                        } else {
                            ctxDepth[top]--;
                        }
                    } else if (c == ':' && ctxDepth[top] == 0) {
                        ctxKind[top] = CTX_SPEC;
                    }
                }
            } else {
                int str = enclosingString(top);
                if (c == '{') {
                    pos++;
                    sp = push(sp, CTX_FIELD);
                } else if (c == '}') {
                    pos++;
                    sp--;
                } else if (c == ctxQuote[str]) {
                    // a malformed spec: let the enclosing literal close here instead of running to the end
                    sp--;
                } else if (c == '\r' || c == '\n') {
                    if (!ctxTriple[str]) {
                        throw new PythonSyntaxError(
                                startLine, "unterminated string literal (detected at line " + line + ")");
                    }
                    consumeNewline();
                } else {
                    pos++;
                }
            }
        }
        if (!isF) {
            PyStrings.decode(s, bodyStart, bodyEnd, startLine, isRaw, isBytes, null, null);
        }
    }

    private int enclosingString(int top) {
        int i = top;
        while (i > 0 && ctxKind[i] != CTX_STR) {
            i--;
        }
        return i;
    }

    /** Pushes a string context for the quotes at {@link #pos} and moves past them. */
    private int pushStr(int sp, boolean isF) throws PythonSyntaxError {
        char q = s.charAt(pos);
        boolean triple = pos + 2 < n && s.charAt(pos + 1) == q && s.charAt(pos + 2) == q;
        int top = push(sp, CTX_STR) - 1;
        ctxQuote[top] = q;
        ctxTriple[top] = triple;
        ctxF[top] = isF;
        pos += triple ? 3 : 1;
        return top + 1;
    }

    private int push(int sp, int kind) throws PythonSyntaxError {
        if (sp >= MAX_DEPTH) {
            throw new PythonSyntaxError(line, "f-string: expressions nested too deeply");
        }
        if (sp == ctxKind.length) {
            int size = Math.min(MAX_DEPTH, sp * 2);
            ctxKind = Arrays.copyOf(ctxKind, size);
            ctxQuote = Arrays.copyOf(ctxQuote, size);
            ctxTriple = Arrays.copyOf(ctxTriple, size);
            ctxF = Arrays.copyOf(ctxF, size);
            ctxDepth = Arrays.copyOf(ctxDepth, size);
        }
        ctxKind[sp] = kind;
        ctxDepth[sp] = 0;
        ctxF[sp] = false;
        return sp + 1;
    }

    private static boolean isIdentStart(int cp) {
        return cp == '_' || (cp < 0x80 ? Character.isLetter(cp) : Character.isUnicodeIdentifierStart(cp));
    }

    private static boolean isIdentPart(int cp) {
        return cp < 0x80
                ? (cp == '_' || Character.isLetterOrDigit(cp))
                : Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private boolean identifierStartsHere() {
        return isIdentStart(s.codePointAt(pos));
    }

    public int type() {
        return type;
    }

    /** Char offset of the token's first char. */
    public int start() {
        return start;
    }

    /** Char offset just past the token. */
    public int end() {
        return end;
    }

    /** 1-based line of the token's first char. */
    public int line() {
        return tokLine;
    }

    /** Bracket depth before this token. */
    public int depth() {
        return depthBefore;
    }

    /** The token opens a logical line. */
    public boolean first() {
        return first;
    }

    /** Indentation column of the current logical line. */
    public int indent() {
        return indent;
    }

    public boolean raw() {
        return raw;
    }

    public boolean bytes() {
        return bytes;
    }

    public boolean fstring() {
        return fstring;
    }

    /** For a string token: offset just past the opening quotes. */
    public int bodyStart() {
        return bodyStart;
    }

    /** For a string token: offset of the closing quotes. */
    public int bodyEnd() {
        return bodyEnd;
    }

    /** The token's source text. */
    public String text() {
        return s.substring(start, end);
    }

    /** Whether this is the operator {@code op}. */
    public boolean isOp(String op) {
        return type == OP && end - start == op.length() && s.startsWith(op, start);
    }

    /** For a name token: the identifier as Python binds it (NFKC-normalised when not ASCII). */
    public String name() {
        String t = text();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) >= 0x80) {
                return Normalizer.normalize(t, Normalizer.Form.NFKC);
            }
        }
        return t;
    }

    /** Whether the token's text is all ASCII. */
    public boolean ascii() {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is the name {@code word} (compared as written; keywords and our variables are ASCII). */
    public boolean isName(String word) {
        return type == NAME && end - start == word.length() && s.startsWith(word, start);
    }

    /** The source text being tokenized. */
    public String source() {
        return s;
    }
}
