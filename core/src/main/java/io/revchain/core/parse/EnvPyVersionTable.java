package io.revchain.core.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, without running it, which version table an {@code env.py} configures: the {@code version_table} and
 * {@code version_table_schema} keyword arguments of its {@code context.configure(...)} calls, when they are string
 * literals. A value that is not a literal (a name, a call, an f-string) is reported as such and never guessed;
 * calls that disagree are reported, and the first literal wins.
 *
 * @param table  the literal {@code version_table}, {@code null} when not set or not a literal
 * @param schema the literal {@code version_table_schema}, {@code null} when not set or not a literal
 * @param notes  what could not be decided, each with its line ("env.py:42: version_table is not a literal")
 */
public record EnvPyVersionTable(String table, String schema, List<String> notes) {

    public EnvPyVersionTable {
        notes = List.copyOf(notes);
    }

    /** Nothing configured. */
    public static final EnvPyVersionTable NONE = new EnvPyVersionTable(null, null, List.of());

    /** The largest {@code env.py} read (a bigger one is not one Alembic generated or a person wrote). */
    public static final int MAX_BYTES = 1024 * 1024;

    /**
     * Where a chain's {@code env.py} is, most likely first, as Alembic's layout keeps it: beside each versions folder
     * (the script location's {@code versions}), then in the chain's location. Paths are repository-relative with
     * '/' separators; {@code ""} or {@code "."} is the root.
     */
    public static List<String> candidates(String location, List<String> versionLocations) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : versionLocations) {
            int slash = v.lastIndexOf('/');
            out.add(slash < 0 ? "env.py" : v.substring(0, slash) + "/env.py");
        }
        out.add(location == null || location.equals(".") || location.isEmpty() ? "env.py" : location + "/env.py");
        return List.copyOf(out);
    }

    /** Reads {@code source}, the text of the file messages call {@code name}; never throws on any text. */
    public static EnvPyVersionTable read(String name, String source) {
        String table = null;
        String schema = null;
        List<String> notes = new ArrayList<>();
        PythonTokenizer t = new PythonTokenizer(source);
        try {
            boolean afterConfigure = false;
            int callDepth = -1;
            // the keyword being read inside a configure(...) call, with its line
            String keyword = null;
            int keywordLine = 0;
            String value = null;
            boolean literal = true;
            for (int type = t.next(); type != PythonTokenizer.END; type = t.next()) {
                if (callDepth < 0) {
                    if (afterConfigure && t.isOp("(")) {
                        callDepth = t.depth() + 1;
                    }
                    afterConfigure = type == PythonTokenizer.NAME && t.isName("configure");
                    continue;
                }
                int depth = t.depth();
                boolean closes = depth == callDepth && t.isOp(")");
                boolean comma = depth == callDepth && t.isOp(",");
                if (keyword != null && (closes || comma)) {
                    String v = literal ? value : null;
                    if (v == null) {
                        notes.add(name + ":" + keywordLine + ": " + keyword
                                + " is not a string literal; give it in .revchain.yaml or --version-table");
                    } else if (keyword.equals("version_table")) {
                        if (table == null) {
                            table = v;
                        } else if (!table.equals(v)) {
                            notes.add(name + ":" + keywordLine + ": version_table differs from an earlier call; the"
                                    + " first is used");
                        }
                    } else if (schema == null) {
                        schema = v;
                    } else if (!schema.equals(v)) {
                        notes.add(name + ":" + keywordLine + ": version_table_schema differs from an earlier call;"
                                + " the first is used");
                    }
                    keyword = null;
                }
                if (closes) {
                    callDepth = -1;
                    continue;
                }
                if (keyword != null) {
                    if (type == PythonTokenizer.STRING && value == null && literal && !t.fstring() && !t.bytes()) {
                        StringBuilder out = new StringBuilder();
                        PyStrings.decode(t.source(), t.bodyStart(), t.bodyEnd(), t.line(), t.raw(), false, out, null);
                        value = out.toString();
                    } else if (!(type == PythonTokenizer.NEWLINE)) {
                        literal = false;
                    }
                    continue;
                }
                if (depth == callDepth
                        && type == PythonTokenizer.NAME
                        && (t.isName("version_table") || t.isName("version_table_schema"))) {
                    String k = t.text();
                    int line = t.line();
                    if (t.next() == PythonTokenizer.OP && t.isOp("=")) {
                        keyword = k;
                        keywordLine = line;
                        value = null;
                        literal = true;
                    }
                }
            }
        } catch (PythonSyntaxError e) {
            notes.add(name + ": cannot be read as Python; its version table is not known");
        }
        return new EnvPyVersionTable(table, schema, notes);
    }
}
