package io.revchain.core.parse;

import io.revchain.core.parse.LiteralReader.Elem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which names a Python module binds at module level, and how, without executing it: the table
 * {@link ConstantResolver} follows a constant through.
 *
 * <p>Only an unconditional single-target assignment at column 0 ({@code X = v}, {@code X: T = v}) can make a name
 * a constant ({@link #LITERAL}, {@link #NAME_REF}); {@code import} and {@code from ... import} statements at column 0
 * are recorded as such. Every other way a module-level name can be bound is {@link #OTHER}, so that a later one
 * hides an earlier constant: {@code def}/{@code class}, chained, augmented or unpacking assignment (every name in
 * the target, so {@code cli.X = ...} also marks {@code cli}), {@code del}, {@code :=}, {@code type X}, a
 * {@code global X} inside a function or class body, and any binding inside a top-level
 * {@code if}/{@code try}/{@code with}/{@code for}/{@code while}/{@code match} (its header's targets included).
 * Function and class bodies are another scope and are otherwise skipped. One pass over the tokens; memory
 * proportional to the bindings found.
 */
final class ModuleScan {
    /** {@code NAME = <literal>}: {@link Binding#value()}. */
    static final int LITERAL = 0;
    /** {@code NAME = OTHER}: {@link Binding#ref()} names OTHER. */
    static final int NAME_REF = 1;
    /** {@code NAME = <any other expression>}; {@link Binding#valueStart()} is where the expression starts. */
    static final int EXPR = 2;
    /** {@code import a.b} binds {@code a} to module {@code a}; {@code import a.b as c} binds c to {@code a.b}. */
    static final int IMPORT = 3;
    /** {@code from .a import X [as NAME]}: {@link Binding#level()}, {@link Binding#module()}, {@link Binding#ref()}. */
    static final int FROM = 4;
    /** Bound some other way, or conditionally: never a constant. */
    static final int OTHER = 5;
    /** {@code from a import *}: may bind any name (kept in {@link #stars}). */
    static final int STAR = 6;

    /**
     * One module-level binding.
     *
     * @param kind       one of the kinds above
     * @param offset     char offset of the statement that binds (a later statement sees it)
     * @param line       1-based line of the statement
     * @param valueStart for {@link #LITERAL}, {@link #NAME_REF}, {@link #EXPR}: where the value expression starts
     * @param value      for {@link #LITERAL}: the literal
     * @param ref        for {@link #NAME_REF}: the other name; for {@link #FROM}: the imported name
     * @param level      for {@link #FROM}/{@link #STAR}: the number of leading dots
     * @param module     for {@link #IMPORT}: the module bound; for {@link #FROM}/{@link #STAR}: the module named
     */
    record Binding(int kind, int offset, int line, int valueStart, Elem value, String ref, int level, String module) {}

    /** Imported modules deeper than this are not recorded (a hostile {@code import a.a.a...} stays linear). */
    private static final int MAX_IMPORT_PARTS = 32;

    private static final int KW_NONE = 0;
    private static final int KW_DEFINITION = 1;
    private static final int KW_COMPOUND = 2;

    private static final int BLOCK_NONE = 0;
    private static final int BLOCK_SKIP = 1;
    private static final int BLOCK_COMPOUND = 2;

    private static final int MODE_NORMAL = 0;
    private static final int MODE_ANNOTATION = 1;
    private static final int MODE_IMPORT = 2;
    private static final int MODE_FROM = 3;
    private static final int MODE_IGNORE = 4;
    private static final int MODE_NAMES = 5;

    private final PythonTokenizer t;
    private final LiteralReader reader = new LiteralReader();
    private final Map<String, List<Binding>> bindings = new HashMap<>();
    private final List<Binding> stars = new ArrayList<>();
    /** Offset of the first unconditional statement importing each module or one of its submodules. */
    private final Map<String, Integer> loaded = new HashMap<>();

    private int block = BLOCK_NONE;
    private int nestedSkipIndent = -1;

    // the statement being read
    private boolean conditional;
    private int mode;
    private int count;
    private int stmtStart;
    private int stmtLine;
    private String firstName;
    private boolean firstIsType;
    private boolean lastColon;
    private String prevName;
    private boolean prevDot;
    private int eqCount;
    private String annotated;
    private final List<List<String>> targets = new ArrayList<>();
    private String singleTarget;
    // the current segment (between depth-0 '=' signs)
    private int segCount;
    private int segStart;
    private String segSingle;
    private List<String> segNames = new ArrayList<>();
    // import clauses
    private boolean afterImportKeyword;
    private int level;
    private final StringBuilder fromModule = new StringBuilder();
    private final StringBuilder dotted = new StringBuilder();
    private String clauseFirst;
    private String alias;
    private boolean expectAlias;
    private boolean expectName = true;

    private ModuleScan(String text) {
        this.t = new PythonTokenizer(text);
    }

    /** Scans a decoded module. @throws PythonSyntaxError when the module cannot be tokenized or is mis-indented */
    static ModuleScan of(String text) throws PythonSyntaxError {
        ModuleScan s = new ModuleScan(text);
        s.run();
        return s;
    }

    /**
     * The binding of {@code name} a statement starting at {@code before} sees: the last one before it, or
     * {@code null} when there is none or a later {@code from x import *} may have replaced it.
     */
    Binding visible(String name, int before) {
        Binding b = last(bindings.get(name), before);
        Binding star = last(stars, before);
        if (star != null && (b == null || star.offset() > b.offset())) {
            return null;
        }
        return b;
    }

    /**
     * Whether an unconditional statement before {@code before} imports {@code module} or one of its submodules (from
     * then on the module is an attribute of its package).
     */
    boolean imported(String module, int before) {
        Integer at = loaded.get(module);
        return at != null && at < before;
    }

    private void load(String module) {
        if (conditional || module.isEmpty()) {
            return;
        }
        int parts = 0;
        for (int i = 0; i <= module.length() && parts < MAX_IMPORT_PARTS; i++) {
            if (i == module.length() || module.charAt(i) == '.') {
                loaded.putIfAbsent(module.substring(0, i), stmtStart);
                parts++;
            }
        }
    }

    private static Binding last(List<Binding> list, int before) {
        if (list == null) {
            return null;
        }
        int lo = 0;
        int hi = list.size() - 1;
        Binding found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).offset() < before) {
                found = list.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void bind(String name, Binding b) {
        if (name == null) {
            return;
        }
        Binding kept = conditional && b.kind() != OTHER
                ? new Binding(OTHER, b.offset(), b.line(), -1, null, null, 0, null)
                : b;
        bindings.computeIfAbsent(name, k -> new ArrayList<>(1)).add(kept);
    }

    private void other(String name) {
        bind(name, new Binding(OTHER, stmtStart, stmtLine, -1, null, null, 0, null));
    }

    // ---------------------------------------------------------------- logical lines

    private void run() throws PythonSyntaxError {
        int type = t.next();
        while (type != PythonTokenizer.END) {
            type = logicalLine();
        }
    }

    private int logicalLine() throws PythonSyntaxError {
        if (t.type() == PythonTokenizer.NEWLINE) {
            return t.next();
        }
        int indent = t.indent();
        if (indent == 0) {
            nestedSkipIndent = -1;
            return line(false, 0);
        }
        if (block == BLOCK_NONE) {
            throw new PythonSyntaxError(t.line(), "unexpected indent");
        }
        if (block == BLOCK_SKIP || (nestedSkipIndent >= 0 && indent > nestedSkipIndent)) {
            return skipLine();
        }
        nestedSkipIndent = -1;
        return line(true, indent);
    }

    /** One logical line at module level ({@code inBlock} false) or inside a top-level compound statement. */
    private int line(boolean inBlock, int indent) throws PythonSyntaxError {
        stmtStart = t.start();
        stmtLine = t.line();
        conditional = inBlock;
        boolean async = t.isName("async");
        if (async) {
            t.next();
        }
        int kw = keyword(t);
        if (kw == KW_DEFINITION || t.isOp("@")) {
            if (kw == KW_DEFINITION) {
                t.next();
                if (t.type() == PythonTokenizer.NAME) {
                    other(t.name());
                }
            }
            if (inBlock) {
                nestedSkipIndent = indent;
            } else {
                block = BLOCK_SKIP;
            }
            return skipLine();
        }
        if (kw == KW_COMPOUND) {
            if (!inBlock) {
                block = BLOCK_COMPOUND;
            }
            conditional = true;
            return header();
        }
        if (inBlock && t.isName("case")) {
            // a case pattern binds its capture names: every name on the line counts
            mode = MODE_NAMES;
            return namesLine();
        }
        if (!inBlock) {
            block = BLOCK_NONE;
        }
        return statements(inBlock);
    }

    /** Skips a line of a function or class body, marking the names of a {@code global} statement. */
    private int skipLine() throws PythonSyntaxError {
        int type = t.type();
        boolean global = false;
        while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
            if (t.isName("global")) {
                global = true;
            } else if (t.isOp(";")) {
                global = false;
            } else if (global && t.type() == PythonTokenizer.NAME) {
                stmtStart = t.start();
                stmtLine = t.line();
                bindings.computeIfAbsent(t.name(), k -> new ArrayList<>(1))
                        .add(new Binding(OTHER, stmtStart, stmtLine, -1, null, null, 0, null));
            }
            type = t.next();
        }
        return type == PythonTokenizer.END ? type : t.next();
    }

    /** Marks every name of the line that is not an attribute (a case pattern's captures). */
    private int namesLine() throws PythonSyntaxError {
        int type = t.type();
        boolean dot = false;
        while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
            if (type == PythonTokenizer.NAME && !dot) {
                other(t.name());
            }
            dot = t.isOp(".");
            type = t.next();
        }
        return type == PythonTokenizer.END ? type : t.next();
    }

    /**
     * A compound statement's header up to its colon: the targets of {@code for}, the names after {@code as}
     * ({@code with}, {@code except}) and of {@code :=} are bound; then the one-line body, if any.
     */
    private int header() throws PythonSyntaxError {
        int line = t.line();
        boolean forTarget = t.isName("for");
        boolean afterAs = false;
        boolean dot = false;
        String prev = null;
        int type = t.next();
        while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
            if (t.isOp(":") && t.depth() == 0) {
                type = t.next();
                if (type == PythonTokenizer.NEWLINE) {
                    return t.next();
                }
                return type == PythonTokenizer.END ? type : statements(true);
            }
            if (forTarget && t.isName("in") && t.depth() == 0) {
                forTarget = false;
            } else if (t.isName("as")) {
                afterAs = true;
            } else if (t.isOp(":=") && prev != null) {
                other(prev);
            } else if (type == PythonTokenizer.NAME && !dot && (forTarget || afterAs)) {
                other(t.name());
            }
            prev = type == PythonTokenizer.NAME ? t.name() : null;
            dot = t.isOp(".");
            type = t.next();
        }
        throw new PythonSyntaxError(line, "expected ':'");
    }

    /** The simple statements of a logical line, separated by ';'. */
    private int statements(boolean inBlock) throws PythonSyntaxError {
        conditional = inBlock;
        begin();
        int type = t.type();
        while (true) {
            if (type == PythonTokenizer.NEWLINE || type == PythonTokenizer.END) {
                boolean match = "match".equals(firstName) && lastColon && count > 1;
                finish();
                if (!inBlock && match) {
                    block = BLOCK_COMPOUND;
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

    // ---------------------------------------------------------------- one simple statement

    private void begin() {
        mode = MODE_NORMAL;
        count = 0;
        firstName = null;
        firstIsType = false;
        lastColon = false;
        prevName = null;
        prevDot = false;
        eqCount = 0;
        annotated = null;
        targets.clear();
        singleTarget = null;
        beginSegment();
    }

    private void beginSegment() {
        segCount = 0;
        segStart = -1;
        segSingle = null;
        segNames = new ArrayList<>();
        reader.reset();
    }

    private void token() throws PythonSyntaxError {
        count++;
        lastColon = t.isOp(":");
        boolean name = t.type() == PythonTokenizer.NAME;
        if (count == 1) {
            stmtStart = t.start();
            stmtLine = t.line();
            if (name) {
                firstName = t.name();
                switch (firstName) {
                    case "import" -> {
                        mode = MODE_IMPORT;
                        afterImportKeyword = true;
                        startClause();
                    }
                    case "from" -> {
                        mode = MODE_FROM;
                        afterImportKeyword = false;
                        level = 0;
                        fromModule.setLength(0);
                    }
                    case "del" -> mode = MODE_NAMES;
                    case "pass", "return", "raise", "break", "continue", "global", "nonlocal", "assert" ->
                        mode = MODE_IGNORE;
                    case "type" -> firstIsType = true;
                    default -> {}
                }
            }
            if (mode != MODE_NORMAL) {
                prevName = null;
                return;
            }
        }
        if (t.isOp(":=") && prevName != null && mode != MODE_IMPORT && mode != MODE_FROM) {
            other(prevName);
        }
        switch (mode) {
            case MODE_IMPORT -> importToken();
            case MODE_FROM -> fromToken();
            case MODE_NAMES -> {
                if (name && !prevDot) {
                    other(t.name());
                }
            }
            case MODE_ANNOTATION -> {
                if (t.isOp("=") && t.depth() == 0) {
                    eqCount++;
                    beginSegment();
                    mode = MODE_NORMAL;
                }
            }
            case MODE_IGNORE -> {}
            default -> normalToken(name);
        }
        prevName = name ? t.name() : null;
        prevDot = t.isOp(".");
    }

    private void normalToken(boolean name) throws PythonSyntaxError {
        if (count == 2 && t.depth() == 0 && firstName != null && eqCount == 0) {
            if (firstIsType && name) {
                // the soft keyword 'type X = ...' (Python 3.12) binds X
                other(t.name());
                mode = MODE_IGNORE;
                return;
            }
            if (t.isOp(":")) {
                annotated = firstName;
                mode = MODE_ANNOTATION;
                return;
            }
            if (isAugmentedAssign(t)) {
                other(firstName);
                mode = MODE_IGNORE;
                return;
            }
        }
        if (t.isOp("=") && t.depth() == 0) {
            targets.add(segNames);
            if (eqCount == 0) {
                singleTarget = segCount == 1 ? segSingle : null;
            }
            eqCount++;
            beginSegment();
            return;
        }
        if (segCount == 0) {
            segStart = t.start();
        }
        segCount++;
        if (name) {
            if (segCount == 1) {
                segSingle = t.name();
            }
            if (!prevDot) {
                segNames.add(t.name());
            }
        }
        reader.feed(t);
    }

    private void startClause() {
        dotted.setLength(0);
        clauseFirst = null;
        alias = null;
        expectAlias = false;
        expectName = true;
    }

    /** {@code import a.b.c [as d], ...} */
    private void importToken() {
        if (t.type() == PythonTokenizer.NAME) {
            if (t.isName("as")) {
                expectAlias = true;
            } else if (expectAlias) {
                alias = t.name();
                expectAlias = false;
            } else if (expectName) {
                if (clauseFirst == null) {
                    clauseFirst = t.name();
                } else {
                    dotted.append('.');
                }
                dotted.append(t.name());
                expectName = false;
            }
        } else if (t.isOp(".")) {
            expectName = true;
        } else if (t.isOp(",")) {
            endImportClause();
        }
    }

    private void endImportClause() {
        if (clauseFirst != null) {
            String module = dotted.toString();
            load(module);
            String bound = alias != null ? alias : clauseFirst;
            bind(
                    bound,
                    new Binding(IMPORT, stmtStart, stmtLine, -1, null, null, 0, alias != null ? module : clauseFirst));
        }
        startClause();
    }

    /** {@code from [.]*[a.b] import (* | x [as y], ...)} */
    private void fromToken() {
        if (!afterImportKeyword) {
            if (t.isName("import")) {
                afterImportKeyword = true;
                if (level == 0) {
                    load(fromModule.toString());
                }
                startClause();
            } else if (t.isOp(".")) {
                if (fromModule.length() == 0) {
                    level++;
                } else {
                    fromModule.append('.');
                }
            } else if (t.isOp("...")) {
                level += 3;
            } else if (t.type() == PythonTokenizer.NAME) {
                fromModule.append(t.name());
            }
            return;
        }
        if (t.isOp("*")) {
            Binding star = new Binding(STAR, stmtStart, stmtLine, -1, null, null, level, fromModule.toString());
            stars.add(star);
        } else if (t.type() == PythonTokenizer.NAME) {
            if (t.isName("as")) {
                expectAlias = true;
            } else if (expectAlias) {
                alias = t.name();
                expectAlias = false;
            } else if (clauseFirst == null) {
                clauseFirst = t.name();
            }
        } else if (t.isOp(",")) {
            endFromClause();
        }
    }

    private void endFromClause() {
        if (clauseFirst != null) {
            if (level == 0) {
                // 'from a import b' imports the submodule a.b when there is one
                load(fromModule + "." + clauseFirst);
            }
            bind(
                    alias != null ? alias : clauseFirst,
                    new Binding(FROM, stmtStart, stmtLine, -1, null, clauseFirst, level, fromModule.toString()));
        }
        startClause();
    }

    /** Decides what the statement just read binds. */
    private void finish() throws PythonSyntaxError {
        if (count == 0) {
            return;
        }
        switch (mode) {
            case MODE_IMPORT -> endImportClause();
            case MODE_FROM -> endFromClause();
            case MODE_ANNOTATION -> {}
            case MODE_NORMAL -> assignment();
            default -> {}
        }
    }

    private void assignment() throws PythonSyntaxError {
        if (eqCount == 0) {
            return;
        }
        if (segCount == 0) {
            throw new PythonSyntaxError(stmtLine, "invalid syntax");
        }
        Elem value = reader.result();
        String target = annotated != null ? annotated : eqCount == 1 ? singleTarget : null;
        if (target != null) {
            Binding b;
            if (value != null) {
                b = new Binding(LITERAL, stmtStart, stmtLine, segStart, value, null, 0, null);
            } else if (segCount == 1 && segSingle != null) {
                b = new Binding(NAME_REF, stmtStart, stmtLine, segStart, null, segSingle, 0, null);
            } else {
                b = new Binding(EXPR, stmtStart, stmtLine, segStart, null, null, 0, null);
            }
            bind(target, b);
            return;
        }
        for (List<String> names : targets) {
            for (String n : names) {
                other(n);
            }
        }
    }

    // ---------------------------------------------------------------- token classes

    private static int keyword(PythonTokenizer t) {
        if (t.type() != PythonTokenizer.NAME) {
            return KW_NONE;
        }
        return switch (t.end() - t.start()) {
            case 2 -> t.isName("if") ? KW_COMPOUND : KW_NONE;
            case 3 -> t.isName("def") ? KW_DEFINITION : t.isName("try") || t.isName("for") ? KW_COMPOUND : KW_NONE;
            case 4 -> t.isName("elif") || t.isName("else") || t.isName("with") ? KW_COMPOUND : KW_NONE;
            case 5 -> t.isName("class") ? KW_DEFINITION : t.isName("while") ? KW_COMPOUND : KW_NONE;
            case 6 -> t.isName("except") ? KW_COMPOUND : KW_NONE;
            case 7 -> t.isName("finally") ? KW_COMPOUND : KW_NONE;
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
