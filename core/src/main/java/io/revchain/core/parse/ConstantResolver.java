package io.revchain.core.parse;

import io.revchain.core.model.Check;
import io.revchain.core.model.Field;
import io.revchain.core.model.FieldState;
import io.revchain.core.model.Finding;
import io.revchain.core.model.MigrationScript;
import io.revchain.core.parse.LiteralReader.Elem;
import io.revchain.core.parse.LiteralReader.Kind;
import io.revchain.core.parse.ModuleScan.Binding;
import io.revchain.core.tree.PythonModules;
import io.revchain.core.tree.SourceTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the value of a watched variable written as a module-level constant of the same repository, the way real
 * projects write them ({@code branch_labels = (cli.EXPAND_BRANCH,)} with {@code EXPAND_BRANCH = 'expand'} in
 * {@code neutron/db/migration/cli.py}), by reading files and never importing or executing one.
 *
 * <p>A value is resolved when it is {@code NAME}, {@code module.NAME} or {@code pkg.module.NAME}, alone or as items
 * of a tuple or list mixed with string literals, and every such name leads to a plain literal (a string,
 * {@code None}, or a tuple or list of strings) assigned at module level of a file of the repository:
 * <ul>
 *   <li>a name bound in the migration file itself, by an assignment above the field's, or by a module-level
 *   {@code from a.b import NAME}; a module bound by {@code import a.b}, {@code import a.b as c},
 *   {@code from a import b} ({@code b} a submodule the package does not rebind). {@code pkg.module.NAME} needs
 *   {@code pkg.module} imported before the field, by the file ({@code import pkg.module},
 *   {@code from pkg import module}) or by the package itself ({@code from . import module}), as Python does;</li>
 *   <li>in the module, the last module-level binding of NAME wins: a literal; another constant NAME of that module
 *   ({@code X = Y}); or a re-export {@code from x import NAME [as X]}, relative imports included
 *   ({@code from .cli import X}, {@code from ..pkg import X}). At most {@value #MAX_HOPS} such hops, never twice
 *   the same one;</li>
 *   <li>modules are found with {@link PythonModules} under the migration file's own source root
 *   ({@link PythonModules#rootOf}), the repository root and {@code src/}, then anywhere PythonModules looks; a
 *   module file is read only up to {@value #MAX_MODULE_BYTES} bytes, and at most {@value #MAX_MODULES} module
 *   lookups are made per migration file.</li>
 * </ul>
 *
 * <p>Anything else stays {@link FieldState#NON_LITERAL} with its {@code non-literal-value} finding, never guessed:
 * a call or operator ({@code X = foo()}, {@code X = 'a' + 'b'}), an attribute in the module ({@code X = m.Y}), a
 * binding inside {@code if}/{@code try}/{@code def}/{@code class} or any other binding after the constant (see
 * {@link ModuleScan}), a {@code from x import *} after it, a module not in the repository, unreadable, too large or
 * not valid Python, and a relative import in the migration file itself: Alembic 1.8.1 loads a migration as a
 * top-level module, so {@code from . import x} there fails ("ImportError: attempted relative import with no known
 * parent package"). A migration file with an {@code unparseable-file} finding is returned unchanged.
 *
 * <p>A resolved field is built by {@link MigrationParser}'s own rules, as if its value had been written in place
 * (so {@code revision = REV} with {@code REV = ''} gets the same finding as {@code revision = ''}); it keeps the
 * span and source text of the expression as written and records {@link Field#origin()}, e.g.
 * {@code neutron/db/migration/cli.py:27 EXPAND_BRANCH}.
 */
public final class ConstantResolver {
    /** The largest module file read, in bytes. */
    static final int MAX_MODULE_BYTES = 1 << 20;
    /** Module lookups per migration file (each reads at most one file). */
    static final int MAX_MODULES = 50;
    /** Indirections ({@code X = Y}, {@code from x import X}) followed from the first binding of a name. */
    static final int MAX_HOPS = 5;

    private static final Set<String> KEYWORDS = Set.of(
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "is",
            "lambda",
            "nonlocal",
            "not",
            "or",
            "pass",
            "raise",
            "return",
            "try",
            "while",
            "with",
            "yield");

    public ConstantResolver() {}

    /**
     * Resolves the non-literal watched fields of one parsed migration file.
     *
     * @param script  what {@link MigrationParser#parse} made of the file; its {@code path} must be the file's path
     *                in {@code tree}
     * @param content the same bytes that were parsed
     * @param tree    the repository the file belongs to
     * @return {@code script} itself when nothing was resolved, else a copy with the resolved fields and findings;
     *         never throws
     */
    public MigrationScript resolve(MigrationScript script, byte[] content, SourceTree tree) {
        if (script == null || content == null || tree == null || !anyNonLiteral(script)) {
            return script;
        }
        try {
            return new Run(script, tree).resolve(content);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return script;
        }
    }

    private static boolean anyNonLiteral(MigrationScript s) {
        return s.revision().state() == FieldState.NON_LITERAL
                || s.downRevision().state() == FieldState.NON_LITERAL
                || s.branchLabels().state() == FieldState.NON_LITERAL
                || s.dependsOn().state() == FieldState.NON_LITERAL;
    }

    /** A module read from the tree: its file, the source root it hangs from, and its dotted name. */
    private record Module(String path, String root, String dotted, ModuleScan scan) {
        /** The package a relative import starts from, or {@code null} (the migration file, run as a top-level module). */
        String pkg() {
            if (dotted == null) {
                return null;
            }
            if (path.endsWith("/__init__.py") || path.equals("__init__.py")) {
                return dotted;
            }
            int dot = dotted.lastIndexOf('.');
            return dot < 0 ? "" : dotted.substring(0, dot);
        }
    }

    /** A resolved value and where it was written. */
    private record Value(Elem elem, String origin) {}

    /** One call's state: the modules read so far and the lookup budget. */
    private static final class Run {
        private final MigrationScript script;
        private final SourceTree tree;
        private final List<String> roots = new ArrayList<>();
        private final Map<String, Optional<Module>> modules = new HashMap<>();
        private int lookups;

        Run(MigrationScript script, SourceTree tree) {
            this.script = script;
            this.tree = tree;
        }

        MigrationScript resolve(byte[] content) {
            for (Finding f : script.problems()) {
                if (f.is(Check.UNPARSEABLE_FILE)) {
                    return script;
                }
            }
            String text;
            ModuleScan scan;
            try {
                text = SourceDecoder.decode(content);
                scan = ModuleScan.of(text);
            } catch (PythonSyntaxError e) {
                return script;
            }
            String path = script.path();
            String own = PythonModules.rootOf(tree, path);
            for (String r : new String[] {own, "", "src"}) {
                if (!roots.contains(r)) {
                    roots.add(r);
                }
            }
            Module self = new Module(path, own, null, scan);
            List<Finding> problems = new ArrayList<>(script.problems());
            Field[] fields = {script.revision(), script.downRevision(), script.branchLabels(), script.dependsOn()};
            boolean changed = false;
            for (int i = 0; i < fields.length; i++) {
                Field f = fields[i];
                Binding set = f.state() == FieldState.NON_LITERAL && f.source() != null ? plain(scan, f) : null;
                if (set == null) {
                    continue;
                }
                Field resolved = field(self, f, set.offset(), path, problems);
                if (resolved != null) {
                    fields[i] = resolved;
                    changed = true;
                }
            }
            if (!changed) {
                return script;
            }
            return new MigrationScript(
                    path, fields[0], fields[1], fields[2], fields[3], script.docstring(), script.hasMarker(), problems);
        }

        /**
         * The statement that sets the field, when it is its last binding and a plain {@code name = <expression>}
         * (not imported, not in an if, not chained), else {@code null}.
         */
        private static Binding plain(ModuleScan scan, Field f) {
            Binding b = scan.visible(f.name(), Integer.MAX_VALUE);
            return b != null
                            && (b.kind() == ModuleScan.NAME_REF || b.kind() == ModuleScan.EXPR)
                            && b.valueStart() == f.start()
                    ? b
                    : null;
        }

        /** The field resolved, its findings replacing its non-literal-value one; {@code null} when it is not. */
        private Field field(Module self, Field f, int before, String path, List<Finding> problems) {
            Expr expr = Expr.parse(f.source());
            if (expr == null) {
                return null;
            }
            List<Elem> items = new ArrayList<>();
            Set<String> origins = new LinkedHashSet<>();
            for (Object item : expr.items) {
                if (item instanceof Elem e) {
                    items.add(e);
                    continue;
                }
                @SuppressWarnings("unchecked")
                Value v = reference(self, (List<String>) item, before);
                if (v == null) {
                    return null;
                }
                items.add(v.elem());
                origins.add(v.origin());
            }
            Elem value = expr.kind == null ? items.get(0) : new Elem(expr.kind, null, List.copyOf(items));
            List<Finding> found = new ArrayList<>();
            Field r = MigrationParser.literalField(path, f, value, found);
            int at = -1;
            for (int k = 0; k < problems.size() && at < 0; k++) {
                if (MigrationParser.isNonLiteralFinding(problems.get(k), path, f)) {
                    at = k;
                }
            }
            if (at >= 0) {
                problems.remove(at);
                problems.addAll(at, found);
            } else {
                problems.addAll(found);
            }
            return r.withOrigin(String.join(", ", origins));
        }

        /** The value of {@code NAME}, {@code module.NAME} or {@code pkg.module.NAME} as seen at {@code before}. */
        private Value reference(Module self, List<String> parts, int before) {
            Set<String> seen = new HashSet<>();
            if (parts.size() == 1) {
                return lookup(self, parts.get(0), before, 0, seen);
            }
            Binding head = self.scan().visible(parts.get(0), before);
            if (head == null) {
                return null;
            }
            String module;
            if (head.kind() == ModuleScan.IMPORT) {
                module = head.module();
            } else if (head.kind() == ModuleScan.FROM && head.level() == 0) {
                module = submodule(head.module(), head.ref());
            } else {
                return null;
            }
            for (int k = 1; k < parts.size() - 1 && module != null; k++) {
                // pkg.module is an attribute of pkg once something imported it: this file, or pkg itself
                String child = module + "." + parts.get(k);
                boolean loaded = self.scan().imported(child, before) || bindsSubmodule(module, parts.get(k));
                module = loaded ? submodule(module, parts.get(k)) : null;
            }
            if (module == null) {
                return null;
            }
            Module m = absolute(module);
            return m == null ? null : lookup(m, parts.get(parts.size() - 1), Integer.MAX_VALUE, 0, seen);
        }

        /**
         * {@code parent.child} when that is a module of the repository and {@code parent} does not bind
         * {@code child} to something else (Python gives the package's own attribute first), else {@code null}.
         */
        private String submodule(String parent, String child) {
            String dotted = parent + "." + child;
            if (absolute(dotted) == null) {
                return null;
            }
            Module p = absolute(parent);
            Binding b = p == null ? null : p.scan().visible(child, Integer.MAX_VALUE);
            if (b != null && !isSubmodule(p, b, dotted)) {
                return null;
            }
            return dotted;
        }

        /** Whether package {@code parent} itself imports its submodule {@code child} ({@code from . import child}). */
        private boolean bindsSubmodule(String parent, String child) {
            Module p = absolute(parent);
            Binding b = p == null ? null : p.scan().visible(child, Integer.MAX_VALUE);
            return b != null && isSubmodule(p, b, parent + "." + child);
        }

        private static boolean isSubmodule(Module p, Binding b, String dotted) {
            return b.kind() == ModuleScan.FROM && dotted.equals(join(fromModule(p, b), b.ref()));
        }

        /** The value {@code name} has in {@code m} at {@code before}, following at most MAX_HOPS indirections. */
        private Value lookup(Module m, String name, int before, int hops, Set<String> seen) {
            if (hops > MAX_HOPS || !seen.add(m.path() + "\0" + name + "\0" + before)) {
                return null;
            }
            Binding b = m.scan().visible(name, before);
            if (b == null) {
                return null;
            }
            switch (b.kind()) {
                case ModuleScan.LITERAL -> {
                    return constant(b.value()) ? new Value(b.value(), m.path() + ":" + b.line() + " " + name) : null;
                }
                case ModuleScan.NAME_REF -> {
                    return lookup(m, b.ref(), b.offset(), hops + 1, seen);
                }
                case ModuleScan.FROM -> {
                    String from = hops + 1 > MAX_HOPS ? null : fromModule(m, b);
                    Module target = from == null ? null : b.level() == 0 ? absolute(from) : relative(m.root(), from);
                    return target == null ? null : lookup(target, b.ref(), Integer.MAX_VALUE, hops + 1, seen);
                }
                default -> {
                    return null;
                }
            }
        }

        /** A string, None, or a tuple or list of strings. */
        private static boolean constant(Elem e) {
            if (e.kind() == Kind.STR || e.kind() == Kind.NONE) {
                return true;
            }
            if (e.kind() != Kind.TUPLE && e.kind() != Kind.LIST) {
                return false;
            }
            for (Elem c : e.children()) {
                if (c.kind() != Kind.STR) {
                    return false;
                }
            }
            return true;
        }

        /** The absolute name of the module a {@code from} statement of {@code m} names, or {@code null}. */
        private static String fromModule(Module m, Binding b) {
            if (b.level() == 0) {
                return b.module();
            }
            String pkg = m.pkg();
            if (pkg == null) {
                return null;
            }
            String base = pkg;
            for (int k = 1; k < b.level(); k++) {
                if (base.isEmpty()) {
                    return null;
                }
                int dot = base.lastIndexOf('.');
                base = dot < 0 ? "" : base.substring(0, dot);
            }
            if (base.isEmpty()) {
                // beyond the top-level package: "attempted relative import beyond top-level package"
                return null;
            }
            return join(base, b.module());
        }

        private static String join(String a, String b) {
            return b == null || b.isEmpty() ? a : a + "." + b;
        }

        /** Module {@code dotted} found as an absolute import would find it. */
        private Module absolute(String dotted) {
            return load(
                    "\0" + dotted,
                    () -> {
                        for (String root : roots) {
                            String file = probe(root, dotted);
                            if (file != null) {
                                return new Found(file, root);
                            }
                        }
                        // tried first: PythonModules would try these same roots, then search the whole tree for others
                        return PythonModules.moduleFile(tree, dotted, roots)
                                .map(f -> new Found(probe(f.root(), dotted), f.root()))
                                .orElse(null);
                    },
                    dotted);
        }

        /** Module {@code dotted} under {@code root} only: a relative import stays inside its package's root. */
        private Module relative(String root, String dotted) {
            return load(
                    root + "\0" + dotted,
                    () -> {
                        String file = probe(root, dotted);
                        return file == null ? null : new Found(file, root);
                    },
                    dotted);
        }

        private record Found(String path, String root) {}

        private interface Locate {
            Found find();
        }

        private Module load(String key, Locate locate, String dotted) {
            Optional<Module> cached = modules.get(key);
            if (cached != null) {
                return cached.orElse(null);
            }
            Module m = null;
            if (lookups < MAX_MODULES) {
                lookups++;
                m = read(locate.find(), dotted);
            }
            modules.put(key, Optional.ofNullable(m));
            return m;
        }

        private Module read(Found found, String dotted) {
            if (found == null) {
                return null;
            }
            Optional<byte[]> bytes = tree.read(found.path(), MAX_MODULE_BYTES);
            if (bytes.isEmpty()) {
                return null;
            }
            try {
                return new Module(found.path(), found.root(), dotted, ModuleScan.of(SourceDecoder.decode(bytes.get())));
            } catch (PythonSyntaxError e) {
                return null;
            }
        }

        private String probe(String root, String dotted) {
            if (!valid(dotted)) {
                return null;
            }
            String rel = dotted.replace('.', '/');
            // Python's FileFinder tries the package before the module of the same name
            String init = SourceTree.join(root, rel + "/__init__.py");
            if (tree.isFile(init)) {
                return init;
            }
            String file = SourceTree.join(root, rel + ".py");
            return tree.isFile(file) ? file : null;
        }

        private static boolean valid(String dotted) {
            if (dotted.isEmpty()) {
                return false;
            }
            for (String part : dotted.split("\\.", -1)) {
                if (part.isEmpty() || KEYWORDS.contains(part)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The shape of a value expression: one item alone ({@link #kind} null), or a tuple or list of items; an item is
     * a string literal ({@link Elem}) or a dotted name ({@code List<String>}).
     */
    private static final class Expr {
        Kind kind;
        final List<Object> items = new ArrayList<>();

        /** Reads {@code source}, or {@code null} when it has another shape. */
        static Expr parse(String source) {
            try {
                return read(new PythonTokenizer(source));
            } catch (PythonSyntaxError e) {
                return null;
            }
        }

        private static Expr read(PythonTokenizer t) throws PythonSyntaxError {
            Expr e = new Expr();
            int type = t.next();
            int inner = 0;
            boolean bracket = false;
            if (t.isOp("(") || t.isOp("[")) {
                bracket = true;
                inner = 1;
                e.kind = t.isOp("[") ? Kind.LIST : Kind.TUPLE;
                type = t.next();
            }
            boolean comma = false;
            boolean closed = false;
            Item item = new Item();
            while (type != PythonTokenizer.NEWLINE && type != PythonTokenizer.END) {
                if (closed) {
                    // something follows the closing bracket: a call, subscript, operator...
                    return null;
                }
                if (t.depth() > inner) {
                    return null;
                }
                if (bracket && t.depth() == inner && (t.isOp(")") || t.isOp("]"))) {
                    closed = true;
                } else if (t.isOp(",") && t.depth() == inner) {
                    if (!e.add(item)) {
                        return null;
                    }
                    item = new Item();
                    comma = true;
                } else if (!item.feed(t)) {
                    return null;
                }
                type = t.next();
            }
            if (bracket && !closed) {
                return null;
            }
            if (!item.empty()) {
                if (!e.add(item)) {
                    return null;
                }
            }
            if (e.items.isEmpty()) {
                return null;
            }
            if (!comma && e.kind != Kind.LIST) {
                // a lone item, maybe in grouping parentheses
                e.kind = null;
            } else if (e.kind == null) {
                e.kind = Kind.TUPLE;
            }
            return e;
        }

        private boolean add(Item item) throws PythonSyntaxError {
            Object v = item.result();
            if (v == null) {
                return false;
            }
            items.add(v);
            return true;
        }
    }

    /** One item: adjacent string literals, or NAME('.'NAME)*. */
    private static final class Item {
        private LiteralReader strings;
        private List<String> names;
        private boolean expectName;

        boolean empty() {
            return strings == null && names == null;
        }

        boolean feed(PythonTokenizer t) throws PythonSyntaxError {
            if (t.type() == PythonTokenizer.STRING && names == null) {
                if (strings == null) {
                    strings = new LiteralReader();
                }
                strings.feed(t);
                return true;
            }
            if (strings != null) {
                return false;
            }
            if (t.type() == PythonTokenizer.NAME) {
                if (names != null && !expectName) {
                    return false;
                }
                String n = t.name();
                if (KEYWORDS.contains(n)) {
                    return false;
                }
                if (names == null) {
                    names = new ArrayList<>(2);
                }
                names.add(n);
                expectName = false;
                return true;
            }
            if (t.isOp(".") && names != null && !expectName) {
                expectName = true;
                return true;
            }
            return false;
        }

        /** The item's literal string or dotted name, or {@code null} when it is neither. */
        Object result() throws PythonSyntaxError {
            if (strings != null) {
                Elem e = strings.result();
                return e != null && e.kind() == Kind.STR ? e : null;
            }
            if (names != null && !expectName) {
                return names;
            }
            return null;
        }
    }
}
