package io.revchain.core.parse;

import io.revchain.core.parse.LiteralReader.Elem;
import java.util.Set;

/**
 * Walks a module's logical lines and statements and decides which module-level statements bind
 * {@code revision}, {@code down_revision}, {@code branch_labels} or {@code depends_on}, and where the module
 * docstring is.
 *
 * <p>Statements at column 0 (several per line when separated by {@code ;}) are module-level. The bodies of
 * top-level {@code def}, {@code class} and decorated definitions are another scope and are skipped. Anything inside
 * a top-level compound statement ({@code if}, {@code try}, {@code with}, {@code for}, {@code while}, {@code match}),
 * including its one-line body after the colon, is conditional: a binding there is recorded as non-literal with the
 * statement that holds it. One pass, constant memory per statement apart from the literal being read.
 */
final class ModuleReader {
    private static final Set<String> CONTINUATION = Set.of("elif", "else", "except", "finally");

    // The keywords a statement's first token is classified by (compared in place: no string per token).
    private static final int KW_NONE = 0;
    private static final int KW_DEFINITION = 1;
    private static final int KW_ASYNC = 2;
    private static final int KW_COMPOUND = 3;
    private static final int KW_IMPORT = 4;
    private static final int KW_FROM = 5;
    private static final int KW_SIMPLE = 6;
    private static final int KW_MATCH = 7;

    private static final int BLOCK_NONE = 0;
    private static final int BLOCK_SKIP = 1;
    private static final int BLOCK_COMPOUND = 2;

    private static final int MODE_NORMAL = 0;
    private static final int MODE_ANNOTATION = 1;
    private static final int MODE_IMPORT = 2;
    private static final int MODE_FROM = 3;
    private static final int MODE_AUG = 4;
    private static final int MODE_IGNORE = 5;

    private final PythonTokenizer t;
    private final LiteralReader reader = new LiteralReader();

    /** The last event per watched name, in {@link MigrationParser} name order. */
    final MigrationParser.Event[] last = new MigrationParser.Event[4];

    int docStart = -1;
    int docEnd = -1;
    int docLine;

    private int block = BLOCK_NONE;
    private String opener;
    private int openerLine;
    private int nestedSkipIndent = -1;
    private boolean firstStatement = true;

    // the statement being read
    private int mode;
    private int count;
    private int stmtStart;
    private int stmtLine;
    private int stmtEnd;
    private int firstName;
    private boolean firstIsName;
    private boolean firstIsMatch;
    private int eqCount;
    private int firstTargetSingle;
    private int targetsBind;
    private int annotationName;
    private boolean compound;
    private boolean lastColon;
    // the current segment (between depth-0 '=' signs)
    private int segStart;
    private int segEnd;
    private int segLine;
    private int segCount;
    private int segSingle;
    private int segBind;
    private int pendingCandidate;
    private boolean prevDot;
    private boolean prevAtom;
    private int nonGrouping;
    private final boolean[] grouping = new boolean[PythonTokenizer.MAX_DEPTH + 1];
    // import clauses
    private boolean afterImportKeyword;
    private int clauseName;
    private boolean clauseHasName;
    private boolean expectAsName;
    private int clauseAs;
    private boolean clauseHasAs;
    private int importBind;

    ModuleReader(String text) {
        this.t = new PythonTokenizer(text);
    }

    void run() throws PythonSyntaxError {
        int type = t.next();
        while (type != PythonTokenizer.END) {
            type = logicalLine();
        }
    }

    /** Reads one logical line starting at the current token; returns the type of the token after its NEWLINE. */
    private int logicalLine() throws PythonSyntaxError {
        if (t.type() == PythonTokenizer.NEWLINE) {
            return t.next();
        }
        int indent = t.indent();
        int kw = keyword(t);
        boolean definition = kw == KW_DEFINITION || t.isOp("@");
        boolean header = kw == KW_COMPOUND || kw == KW_ASYNC;
        if (indent == 0) {
            nestedSkipIndent = -1;
            firstStatement = firstStatement && !definition && !header;
            if (definition) {
                block = BLOCK_SKIP;
                return skipLine();
            }
            if (header) {
                return header(true);
            }
            block = BLOCK_NONE;
            return statements(false);
        }
        if (block == BLOCK_NONE) {
            throw new PythonSyntaxError(t.line(), "unexpected indent");
        }
        if (block == BLOCK_SKIP || (nestedSkipIndent >= 0 && indent > nestedSkipIndent)) {
            return skipLine();
        }
        nestedSkipIndent = -1;
        if (definition) {
            nestedSkipIndent = indent;
            return skipLine();
        }
        return header ? header(false) : statements(true);
    }

    private int skipLine() throws PythonSyntaxError {
        int type = t.type();
        while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
            type = t.next();
        }
        return type == PythonTokenizer.END ? type : t.next();
    }

    /**
     * Skips a compound statement's header up to its colon, then reads the one-line body as conditional. An
     * {@code async def} is a definition: its body is skipped like any other scope.
     */
    private int header(boolean topLevel) throws PythonSyntaxError {
        String word = t.text();
        int line = t.line();
        int indent = t.indent();
        int type = t.next();
        if (word.equals("async") && t.isName("def")) {
            if (topLevel) {
                block = BLOCK_SKIP;
            } else {
                nestedSkipIndent = indent;
            }
            return skipLine();
        }
        if (topLevel) {
            if (!(CONTINUATION.contains(word) && block == BLOCK_COMPOUND)) {
                opener = word.equals("async") ? "async " + t.text() : word;
                openerLine = line;
            }
            block = BLOCK_COMPOUND;
        }
        while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
            if (t.isOp(":") && t.depth() == 0) {
                type = t.next();
                if (type == PythonTokenizer.NEWLINE) {
                    return t.next();
                }
                return statements(true);
            }
            type = t.next();
        }
        throw new PythonSyntaxError(line, "expected ':'");
    }

    /** Reads the simple statements of a logical line, separated by ';'. */
    private int statements(boolean conditional) throws PythonSyntaxError {
        compound = conditional;
        begin();
        int type = t.type();
        while (true) {
            if (type == PythonTokenizer.NEWLINE || type == PythonTokenizer.END) {
                finish();
                if (!conditional && firstIsMatch && lastColon) {
                    block = BLOCK_COMPOUND;
                    opener = "match";
                    openerLine = stmtLine;
                }
                return type == PythonTokenizer.END ? type : t.next();
            }
            if (t.isOp(";") && t.depth() == 0) {
                finish();
                type = t.next();
                begin();
                continue;
            }
            token();
            type = t.next();
        }
    }

    private void begin() {
        mode = MODE_NORMAL;
        count = 0;
        eqCount = 0;
        firstTargetSingle = -1;
        targetsBind = 0;
        annotationName = -1;
        firstIsMatch = false;
        firstIsName = false;
        firstName = -1;
        importBind = 0;
        lastColon = false;
        beginSegment();
    }

    private void beginSegment() {
        segStart = -1;
        segEnd = -1;
        segCount = 0;
        segSingle = -1;
        segBind = 0;
        pendingCandidate = -1;
        prevDot = false;
        prevAtom = false;
        nonGrouping = 0;
        reader.reset();
    }

    private void token() throws PythonSyntaxError {
        count++;
        lastColon = t.isOp(":");
        if (count == 1) {
            stmtStart = t.start();
            stmtLine = t.line();
            if (t.type() == PythonTokenizer.NAME) {
                int kw = keyword(t);
                firstIsName = true;
                firstName = nameIndex(t);
                firstIsMatch = kw == KW_MATCH;
                if (kw == KW_IMPORT) {
                    mode = MODE_IMPORT;
                    startClauses(true);
                } else if (kw == KW_FROM) {
                    mode = MODE_FROM;
                    afterImportKeyword = false;
                } else if (kw == KW_SIMPLE) {
                    mode = MODE_IGNORE;
                }
            }
        }
        stmtEnd = t.end();
        switch (mode) {
            case MODE_IGNORE -> {}
            case MODE_IMPORT, MODE_FROM -> importToken();
            case MODE_ANNOTATION -> {
                if (t.isOp("=") && t.depth() == 0) {
                    eqCount++;
                    beginSegment();
                    mode = MODE_NORMAL;
                }
            }
            default -> normalToken();
        }
    }

    private void normalToken() throws PythonSyntaxError {
        if (count == 2 && firstIsName && t.depth() == 0 && eqCount == 0) {
            if (t.isOp(":")) {
                mode = MODE_ANNOTATION;
                annotationName = firstName;
                return;
            }
            if (isAugmentedAssign(t)) {
                mode = MODE_AUG;
                firstTargetSingle = firstName;
                eqCount++;
                beginSegment();
                return;
            }
        }
        if (t.isOp("=") && t.depth() == 0) {
            resolveCandidate(false);
            if (eqCount == 0) {
                firstTargetSingle = segCount == 1 ? segSingle : -1;
            }
            targetsBind |= segBind;
            eqCount++;
            beginSegment();
            return;
        }
        segmentToken();
        reader.feed(t);
    }

    /** Tracks the segment's span and which watched names it would bind if it turns out to be a target. */
    private void segmentToken() {
        if (segCount == 0) {
            segStart = t.start();
            segLine = t.line();
        }
        segCount++;
        segEnd = t.end();
        boolean trailer = t.isOp(".") || t.isOp("(") || t.isOp("[");
        resolveCandidate(trailer);
        int type = t.type();
        int d = Math.min(t.depth(), PythonTokenizer.MAX_DEPTH);
        if (type == PythonTokenizer.NAME) {
            int idx = nameIndex(t);
            if (segCount == 1) {
                segSingle = idx;
            }
            if (idx >= 0 && !prevDot && nonGrouping == 0) {
                pendingCandidate = idx;
            }
        } else if (t.isOp("(") || t.isOp("[") || t.isOp("{")) {
            boolean group = !prevAtom && !t.isOp("{");
            grouping[d] = group;
            if (!group) {
                nonGrouping++;
            }
        } else if (t.isOp(")") || t.isOp("]") || t.isOp("}")) {
            int open = Math.max(0, Math.min(t.depth() - 1, PythonTokenizer.MAX_DEPTH));
            if (!grouping[open] && nonGrouping > 0) {
                nonGrouping--;
            }
        }
        prevDot = t.isOp(".");
        prevAtom = type == PythonTokenizer.NAME
                || type == PythonTokenizer.NUMBER
                || type == PythonTokenizer.STRING
                || t.isOp(")")
                || t.isOp("]")
                || t.isOp("}");
    }

    private void resolveCandidate(boolean trailer) {
        if (pendingCandidate >= 0 && !trailer) {
            segBind |= 1 << pendingCandidate;
        }
        pendingCandidate = -1;
    }

    private void startClauses(boolean afterImport) {
        afterImportKeyword = afterImport;
        clauseHasName = false;
        clauseHasAs = false;
        expectAsName = false;
    }

    private void importToken() {
        if (mode == MODE_FROM && !afterImportKeyword) {
            if (t.isName("import") && count > 1) {
                startClauses(true);
            }
            return;
        }
        if (count == 1) {
            return;
        }
        if (t.type() == PythonTokenizer.NAME) {
            if (t.isName("as")) {
                expectAsName = true;
            } else if (expectAsName) {
                clauseAs = nameIndex(t);
                clauseHasAs = true;
                expectAsName = false;
            } else if (!clauseHasName) {
                clauseName = nameIndex(t);
                clauseHasName = true;
            }
        } else if (t.isOp(",")) {
            endClause();
        }
    }

    private void endClause() {
        int bound = clauseHasAs ? clauseAs : clauseHasName ? clauseName : -1;
        if (bound >= 0) {
            importBind |= 1 << bound;
        }
        clauseHasName = false;
        clauseHasAs = false;
        expectAsName = false;
    }

    /** Decides what the statement just read means for the watched names. */
    private void finish() throws PythonSyntaxError {
        if (count == 0) {
            return;
        }
        boolean wasFirst = firstStatement;
        firstStatement = false;
        if (mode == MODE_IMPORT || mode == MODE_FROM) {
            endClause();
            for (int i = 0; i < 4; i++) {
                if ((importBind & (1 << i)) != 0) {
                    record(i, null, "it is bound by an import statement", stmtLine, stmtStart, stmtEnd);
                }
            }
            return;
        }
        if (mode == MODE_IGNORE || mode == MODE_ANNOTATION) {
            return;
        }
        resolveCandidate(false);
        if (eqCount == 0) {
            if (wasFirst && !compound) {
                Elem v = reader.result();
                if (v != null && v.kind() == LiteralReader.Kind.STR) {
                    docStart = segStart;
                    docEnd = segEnd;
                    docLine = segLine;
                }
            }
            checkSyntax();
            return;
        }
        if (segCount == 0) {
            throw new PythonSyntaxError(stmtLine, "invalid syntax");
        }
        Elem value = reader.result();
        checkSyntax();
        String reason = reader.nonLiteral();
        if (mode == MODE_AUG) {
            if (firstTargetSingle >= 0) {
                record(firstTargetSingle, null, "it is changed by an augmented assignment", segLine, segStart, segEnd);
            }
            return;
        }
        if (annotationName >= 0) {
            record(annotationName, value, reason, segLine, segStart, segEnd);
            return;
        }
        if (eqCount == 1 && firstTargetSingle >= 0) {
            record(firstTargetSingle, value, reason, segLine, segStart, segEnd);
            return;
        }
        for (int i = 0; i < 4; i++) {
            if ((targetsBind & (1 << i)) != 0) {
                record(
                        i,
                        null,
                        eqCount > 1 ? "it is set by a chained assignment" : "it is set by tuple unpacking",
                        segLine,
                        segStart,
                        segEnd);
            }
        }
    }

    private void checkSyntax() throws PythonSyntaxError {
        if (reader.syntaxError() != null) {
            throw new PythonSyntaxError(stmtLine, reader.syntaxError());
        }
    }

    private void record(int name, Elem value, String reason, int line, int start, int end) {
        String context = null;
        Elem v = value;
        if (compound) {
            context = "it is assigned inside the top-level '" + opener + "' statement at line " + openerLine
                    + ", so its value depends on how that statement runs";
            v = null;
        } else if (v == null && reason != null && reason.startsWith("it is")) {
            context = reason;
        }
        last[name] = new MigrationParser.Event(name, v, reason, context, line, start, end);
    }

    /** Which watched name a NAME token is, or -1; ASCII names are compared in place, others after NFKC. */
    static int nameIndex(PythonTokenizer t) {
        if (t.ascii()) {
            return switch (t.end() - t.start()) {
                case 8 -> t.isName(MigrationParser.REVISION) ? 0 : -1;
                case 13 ->
                    t.isName(MigrationParser.DOWN_REVISION) ? 1 : t.isName(MigrationParser.BRANCH_LABELS) ? 2 : -1;
                case 10 -> t.isName(MigrationParser.DEPENDS_ON) ? 3 : -1;
                default -> -1;
            };
        }
        return MigrationParser.nameIndex(t.name());
    }

    private static int keyword(PythonTokenizer t) {
        if (t.type() != PythonTokenizer.NAME) {
            return KW_NONE;
        }
        return switch (t.end() - t.start()) {
            case 2 -> t.isName("if") ? KW_COMPOUND : KW_NONE;
            case 3 ->
                t.isName("def")
                        ? KW_DEFINITION
                        : t.isName("try") || t.isName("for") ? KW_COMPOUND : t.isName("del") ? KW_SIMPLE : KW_NONE;
            case 4 ->
                t.isName("elif") || t.isName("else") || t.isName("with")
                        ? KW_COMPOUND
                        : t.isName("from") ? KW_FROM : t.isName("pass") ? KW_SIMPLE : KW_NONE;
            case 5 ->
                t.isName("class")
                        ? KW_DEFINITION
                        : t.isName("async")
                                ? KW_ASYNC
                                : t.isName("while")
                                        ? KW_COMPOUND
                                        : t.isName("match")
                                                ? KW_MATCH
                                                : t.isName("raise") || t.isName("break") ? KW_SIMPLE : KW_NONE;
            case 6 ->
                t.isName("except")
                        ? KW_COMPOUND
                        : t.isName("import")
                                ? KW_IMPORT
                                : t.isName("return") || t.isName("global") || t.isName("assert") ? KW_SIMPLE : KW_NONE;
            case 7 -> t.isName("finally") ? KW_COMPOUND : KW_NONE;
            case 8 -> t.isName("nonlocal") || t.isName("continue") ? KW_SIMPLE : KW_NONE;
            default -> KW_NONE;
        };
    }

    /** An augmented assignment operator: {@code += -= *= /= //= %= **= >>= <<= &= |= ^= @=}. */
    private static boolean isAugmentedAssign(PythonTokenizer t) {
        if (t.type() != PythonTokenizer.OP) {
            return false;
        }
        String s = t.source();
        int len = t.end() - t.start();
        if (len < 2 || s.charAt(t.end() - 1) != '=') {
            return false;
        }
        char c = s.charAt(t.start());
        return len == 3 ? c != '.' : "+-*/%&|^@".indexOf(c) >= 0;
    }
}
