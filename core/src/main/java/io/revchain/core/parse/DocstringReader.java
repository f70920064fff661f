package io.revchain.core.parse;

import io.revchain.core.model.Docstring;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern REVISION_ID = Pattern.compile("(?i)^revision id\\s*:(.*)$", Pattern.DOTALL);
    private static final Pattern REVISES = Pattern.compile("(?i)^revises\\s*:(.*)$", Pattern.DOTALL);
    private static final Pattern CREATE_DATE = Pattern.compile("(?i)^create date\\s*:(.*)$", Pattern.DOTALL);

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
                PyStrings.decode(text, t.bodyStart(), t.bodyEnd(), t.line(), t.raw(), t.bytes(), value,
                        lineOf::add);
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
            String raw = doc.substring(from, nl < 0 ? doc.length() : nl);
            String stripped = PyStrings.pyStrip(raw);
            int physical = k < lineOf.size() ? lineOf.get(k) : firstLine;
            Matcher m;
            if (revisionId == null && (m = REVISION_ID.matcher(stripped)).matches()) {
                revisionId = PyStrings.pyStrip(m.group(1));
                revisionIdLine = physical;
            } else if (revises == null && (m = REVISES.matcher(stripped)).matches()) {
                revises = PyStrings.pyStrip(m.group(1));
                revisesLine = physical;
            } else if (createDate == null && (m = CREATE_DATE.matcher(stripped)).matches()) {
                createDate = PyStrings.pyStrip(m.group(1));
                createDateLine = physical;
            }
            if (nl < 0) {
                break;
            }
            from = nl + 1;
        }
        return new Docstring(message, revisionId, revisionIdLine, revises, revisesLine, createDate, createDateLine,
                firstLine, first, last);
    }
}
