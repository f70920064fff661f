package io.revchain.core.parse;

import io.revchain.core.model.Docstring;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a module docstring the way Alembic shows it, and the {@code Revision ID:}, {@code Revises:} and
 * {@code Create Date:} lines that {@code script.py.mako} writes into it.
 *
 * <p>The message is Alembic's {@code Script.doc}: the docstring stripped as Python's {@code str.strip()} does,
 * cut at the first blank line ({@code re.split("\n\n", longdoc)[0]}); that is what {@code alembic history}
 * prints after the comma. A header line is the first line whose stripped text starts with its label (any case);
 * its value is stripped, and its line number is the physical line in the file, also when escapes or
 * concatenated literals make the value's lines differ from the file's.
 */
final class DocstringReader {

    private DocstringReader() {}

    /** Reads the docstring expression {@code text[start, end)} that starts on {@code line}. */
    static Docstring read(String text, int start, int end, int line) throws PythonSyntaxError {
        PythonTokenizer t = new PythonTokenizer(text, start, end, line);
        StringBuilder value = new StringBuilder();
        List<Integer> lineOf = new ArrayList<>();
        int first = -1;
        int last = -1;
        int firstLine = line;
        int type = t.next();
        while (type != PythonTokenizer.END) {
            if (type == PythonTokenizer.STRING) {
                if (first < 0) {
                    first = t.start();
                    firstLine = t.line();
                    lineOf.add(t.line());
                }
                last = t.end();
                PyStrings.decode(text, t.bodyStart(), t.bodyEnd(), t.line(), t.raw(), t.bytes(), value, lineOf::add);
            }
            type = t.next();
        }
        String doc = value.toString();
        String longdoc = PyStrings.pyStrip(doc);
        int cut = longdoc.indexOf("\n\n");
        String message = cut < 0 ? longdoc : longdoc.substring(0, cut);

        String revisionId = null;
        String revises = null;
        String createDate = null;
        int revisionIdLine = 0;
        int revisesLine = 0;
        int createDateLine = 0;
        int from = 0;
        for (int k = 0; from <= doc.length(); k++) {
            int nl = doc.indexOf('\n', from);
            int lineEnd = nl < 0 ? doc.length() : nl;
            int first0 = from;
            while (first0 < lineEnd && PyStrings.isPySpace(doc.charAt(first0))) {
                first0++;
            }
            int physical = k < lineOf.size() ? lineOf.get(k) : firstLine;
            int v;
            if (revisionId == null && (v = valueAfter(doc, first0, lineEnd, "revision id")) >= 0) {
                revisionId = PyStrings.pyStrip(doc.substring(v, lineEnd));
                revisionIdLine = physical;
            } else if (revises == null && (v = valueAfter(doc, first0, lineEnd, "revises")) >= 0) {
                revises = PyStrings.pyStrip(doc.substring(v, lineEnd));
                revisesLine = physical;
            } else if (createDate == null && (v = valueAfter(doc, first0, lineEnd, "create date")) >= 0) {
                createDate = PyStrings.pyStrip(doc.substring(v, lineEnd));
                createDateLine = physical;
            }
            if (nl < 0) {
                break;
            }
            from = nl + 1;
        }
        return new Docstring(
                message,
                revisionId,
                revisionIdLine,
                revises,
                revisesLine,
                createDate,
                createDateLine,
                firstLine,
                first,
                last);
    }

    /**
     * Where a header's value starts when {@code doc[from, to)} opens with {@code label} (ASCII letters in any case),
     * optional whitespace ({@code [ \t\n\x0B\f\r]}) and a colon; -1 otherwise.
     */
    private static int valueAfter(String doc, int from, int to, String label) {
        int n = label.length();
        if (to - from <= n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            char l = label.charAt(i);
            char c = doc.charAt(from + i);
            if (l == ' ' ? c != ' ' : (c | 0x20) != l) {
                return -1;
            }
        }
        int p = from + n;
        while (p < to && " \t\n\u000b\f\r".indexOf(doc.charAt(p)) >= 0) {
            p++;
        }
        return p < to && doc.charAt(p) == ':' ? p + 1 : -1;
    }
}
